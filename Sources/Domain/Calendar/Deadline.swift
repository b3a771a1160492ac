/// The day a statutory limit falls due.
public struct Deadline: Hashable, Sendable {
    public var date: CivilDate
    /// Computed through a year whose holidays are not recorded yet, counting Monday to Friday: it may move
    /// once that year's notice is published.
    public var isProvisional: Bool

    public init(date: CivilDate, isProvisional: Bool) {
        self.date = date
        self.isProvisional = isProvisional
    }
}
