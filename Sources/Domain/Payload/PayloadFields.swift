/// A payload's fields, for decoders that read them by number rather than in order. A field given more than
/// once (a repeated field) keeps every value; `one` takes the last, as protobuf does.
///
/// Payloads have a handful of fields, so a list searched from the end beats a dictionary: one allocation, no hashing.
public struct PayloadFields {
    private var fields: [PayloadReader.Field] = []

    public init(_ bytes: [UInt8]) throws(PayloadError) {
        fields.reserveCapacity(16)
        var reader = PayloadReader(bytes)
        while let field = try reader.next() { fields.append(field) }
    }

    /// The field, or the error naming it as required.
    public func one(_ number: UInt32, _ name: String) throws(PayloadError) -> PayloadReader.Field {
        try required(optional(number), number, name)
    }

    public func optional(_ number: UInt32) -> PayloadReader.Field? { fields.last { $0.number == number } }

    public func all(_ number: UInt32) -> [PayloadReader.Field] { fields.filter { $0.number == number } }
}
