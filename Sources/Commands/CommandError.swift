/// Why a command document cannot be taken, naming the field at fault when one is.
public struct CommandError: Error, Equatable, CustomStringConvertible {
    /// The field's path in the document, e.g. `receive.merchant`; nil when the fault is the document's shape.
    public let field: String?
    public let reason: String

    public init(_ field: String?, _ reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { field.map { "\($0): \(reason)" } ?? reason }
}
