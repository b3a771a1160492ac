/// Who caused an event: a person or a system, and the role in which it acted (e.g. "regulator", "merchant", "system").
public struct Actor: Hashable, Sendable {
    public var id: String
    public var role: String
    public init(id: String, role: String) {
        self.id = id
        self.role = role
    }
}
