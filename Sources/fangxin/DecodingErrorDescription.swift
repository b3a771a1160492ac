/// Says what is wrong in a JSON document, and where: `years[0].holidays[1].from: "2027-1-1" is not a date …`.
func describeDecodingError(_ error: any Error) -> String {
    func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
    }
    switch error {
    case DecodingError.dataCorrupted(let context):
        return context.codingPath.isEmpty ? "not valid JSON" : "\(path(context.codingPath)): \(context.debugDescription)"
    case DecodingError.typeMismatch(let type, let context):
        return "\(path(context.codingPath)): should be \(describe(type))"
    case DecodingError.valueNotFound(_, let context):
        return "\(path(context.codingPath)): is null"
    case DecodingError.keyNotFound(let key, let context):
        return "\(path(context.codingPath + [key])): is required"
    default:
        return "\(error)"
    }
}

private func describe(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: return "text"
    case is Int64.Type, is Int.Type: return "an integer"
    case is Bool.Type: return "true or false"
    default: return "\(type)"
    }
}
