/// A payload's fields by number, for decoders that read them by name rather than in order. A field given
/// more than once (a repeated field) keeps every value; `one` takes the last, as protobuf does.
public struct PayloadFields {
    private var fields: [UInt32: [PayloadReader.Field]] = [:]

    public init(_ bytes: [UInt8]) throws(PayloadError) {
        var reader = PayloadReader(bytes)
        while let field = try reader.next() { fields[field.number, default: []].append(field) }
    }

    /// The field, or the error naming it as required.
    public func one(_ number: UInt32, _ name: String) throws(PayloadError) -> PayloadReader.Field {
        try required(fields[number]?.last, number, name)
    }

    public func optional(_ number: UInt32) -> PayloadReader.Field? { fields[number]?.last }

    public func all(_ number: UInt32) -> [PayloadReader.Field] { fields[number] ?? [] }
}
