/// A code or identifier that is not well formed; says what was given and what is wrong with it.
public struct IdentifierError: Error, Equatable, CustomStringConvertible {
    public let text: String
    public let reason: String

    public init(_ text: String, _ reason: String) {
        self.text = text
        self.reason = reason
    }

    public var description: String { "\"\(text)\" \(reason)" }
}
