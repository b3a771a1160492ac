/// Encodes an event's payload: a sequence of numbered fields in the protobuf wire format's basic subset
/// (see docs/FORMAT.md, "Payload encoding"), so that any protobuf decoder can read it given the field numbers.
///
/// Each field is a key — varint `number << 3 | wire type` — and a value: wire type 0 is a varint (unsigned
/// integers, booleans, enumerations by their fixed number, and signed integers zigzag-encoded); wire type 2 is a
/// varint length and that many bytes (text, bytes, nested messages). A field that is absent means "none": optional
/// values are written only when present. Field numbers are never reused within an event type.
public struct PayloadWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// A writer whose buffer holds `capacity` bytes before it grows: a fold encoding a row per event knows about
    /// how long its rows are, and so saves the buffer's reallocations as it grows.
    public init(reservingCapacity capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func write(_ field: UInt32, _ value: UInt64) {
        key(field, wireType: 0)
        varint(value)
    }

    /// Signed integers (amounts in fen among them) are zigzag-encoded: small magnitudes stay short.
    public mutating func write(_ field: UInt32, _ value: Int64) {
        key(field, wireType: 0)
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    public mutating func write(_ field: UInt32, _ value: Int) { write(field, Int64(value)) }

    public mutating func write(_ field: UInt32, _ value: Bool) { write(field, UInt64(value ? 1 : 0)) }

    /// Text as its UTF-8 bytes, copied straight from the string.
    public mutating func write(_ field: UInt32, _ value: String) { write(field, bytes: value.utf8) }

    public mutating func write(_ field: UInt32, bytes value: some Collection<UInt8>) {
        key(field, wireType: 2)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// A nested message, written by `body` into a writer of its own.
    public mutating func write(_ field: UInt32, message body: (inout PayloadWriter) -> Void) {
        var nested = PayloadWriter()
        body(&nested)
        write(field, bytes: nested.bytes)
    }

    /// Writes `value` only when present.
    public mutating func write(_ field: UInt32, _ value: String?) { if let value { write(field, value) } }
    public mutating func write(_ field: UInt32, _ value: Int64?) { if let value { write(field, value) } }
    public mutating func write(_ field: UInt32, _ value: UInt64?) { if let value { write(field, value) } }

    private mutating func key(_ field: UInt32, wireType: UInt64) {
        precondition(field >= 1 && field < 1 << 29, "field numbers run from 1 to 2^29 - 1")
        varint(UInt64(field) << 3 | wireType)
    }

    private mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }
}
