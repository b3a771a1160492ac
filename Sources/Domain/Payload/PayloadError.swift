/// Why a stored payload could not be decoded. Names the field where there is one.
public enum PayloadError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case wrongType(field: UInt32, expected: String)
    case outOfRange(field: UInt32)
    case invalidText(field: UInt32)
    /// A field the event's schema requires is absent; `name` is the field's name in the schema.
    case missingField(field: UInt32, name: String)
    /// A field holds a value the schema does not allow, e.g. a malformed code.
    case invalidValue(field: UInt32, reason: String)
    /// No decoder knows this schema version of the event type.
    case unknownSchemaVersion(type: String, version: UInt16)

    public var description: String {
        switch self {
        case .malformed(let detail): return "malformed payload: \(detail)"
        case let .wrongType(field, expected): return "field \(field) should be \(expected)"
        case .outOfRange(let field): return "field \(field) is out of range"
        case .invalidText(let field): return "field \(field) is not valid UTF-8"
        case let .missingField(field, name): return "field \(field) (\(name)) is required but absent"
        case let .invalidValue(field, reason): return "field \(field): \(reason)"
        case let .unknownSchemaVersion(type, version): return "\(type) has no schema version \(version)"
        }
    }
}
