/// Says what is wrong in a JSON document, and where: `years[0].holidays[1].from: "2027-1-1" is not a date …`.
public func describeDecodingError(_ error: any Error) -> String {
    DecodingFault(error).description
}

/// A decoding error as the field it concerns and what is wrong with it.
struct DecodingFault: CustomStringConvertible {
    /// The path of the field, e.g. `years[0].from`; nil when the document is not JSON at all.
    let field: String?
    let reason: String

    init(_ error: any Error) {
        func path(_ keys: [any CodingKey]) -> String? {
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }
            return text.isEmpty ? nil : String(text)
        }
        switch error {
        case DecodingError.dataCorrupted(let context):
            (field, reason) = context.codingPath.isEmpty ? (nil, "not valid JSON") : (path(context.codingPath), context.debugDescription)
        case DecodingError.typeMismatch(let type, let context):
            (field, reason) = (path(context.codingPath), "should be \(Self.describe(type))")
        case DecodingError.valueNotFound(_, let context):
            (field, reason) = (path(context.codingPath), "is null")
        case DecodingError.keyNotFound(let key, let context):
            (field, reason) = (path(context.codingPath + [key]), "is required")
        default:
            (field, reason) = (nil, "\(error)")
        }
    }

    var description: String { field.map { "\($0): \(reason)" } ?? reason }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "text"
        case is Int64.Type, is Int.Type: return "an integer"
        case is Bool.Type: return "true or false"
        default: return "\(type)"
        }
    }
}
