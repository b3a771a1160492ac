/// Decodes a payload written by `PayloadWriter`, field by field, skipping fields it was not asked about —
/// so an old reader reads a newer payload. Every length is checked against the bytes; nothing is trusted.
///
///     var reader = PayloadReader(bytes)
///     while let field = try reader.next() {
///         switch field.number {
///         case 1: amount = try field.int64()
///         case 2: channel = try field.string()
///         default: break   // a field added later
///         }
///     }
public struct PayloadReader {
    /// One field as read: its number and its raw value.
    public struct Field {
        public let number: UInt32
        let wireType: UInt8
        let varint: UInt64
        let slice: ArraySlice<UInt8>

        public func uint64() throws(PayloadError) -> UInt64 {
            guard wireType == 0 else { throw .wrongType(field: number, expected: "an integer") }
            return varint
        }

        public func int64() throws(PayloadError) -> Int64 {
            let zigzag = try uint64()
            return Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1)
        }

        public func int() throws(PayloadError) -> Int {
            let value = try int64()
            guard let small = Int(exactly: value) else { throw .outOfRange(field: number) }
            return small
        }

        public func bool() throws(PayloadError) -> Bool {
            switch try uint64() {
            case 0: return false
            case 1: return true
            default: throw .outOfRange(field: number)
            }
        }

        public func bytes() throws(PayloadError) -> [UInt8] {
            guard wireType == 2 else { throw .wrongType(field: number, expected: "bytes") }
            return Array(slice)
        }

        public func string() throws(PayloadError) -> String {
            guard wireType == 2 else { throw .wrongType(field: number, expected: "text") }
            guard let text = String(validating: slice, as: UTF8.self) else { throw .invalidText(field: number) }
            return text
        }

        /// A reader over a nested message.
        public func message() throws(PayloadError) -> PayloadReader {
            guard wireType == 2 else { throw .wrongType(field: number, expected: "a message") }
            return PayloadReader(slice)
        }
    }

    private let bytes: ArraySlice<UInt8>
    private var offset: Int

    public init(_ bytes: [UInt8]) { self.init(bytes[...]) }

    public init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        offset = bytes.startIndex
    }

    /// The next field, or nil at the end.
    public mutating func next() throws(PayloadError) -> Field? {
        guard offset < bytes.endIndex else { return nil }
        let key = try varint()
        let number = UInt32(truncatingIfNeeded: key >> 3)
        guard number >= 1, key >> 3 < 1 << 29 else { throw .malformed("a field number of \(key >> 3)") }
        switch key & 7 {
        case 0:
            return Field(number: number, wireType: 0, varint: try varint(), slice: [])
        case 2:
            let length = try varint()
            guard length <= UInt64(bytes.endIndex - offset) else {
                throw .malformed("field \(number) claims \(length) bytes, but \(bytes.endIndex - offset) remain")
            }
            let start = offset
            offset += Int(length)
            return Field(number: number, wireType: 2, varint: 0, slice: bytes[start..<offset])
        default:
            throw .malformed("field \(number) has wire type \(key & 7), which this format does not use")
        }
    }

    private mutating func varint() throws(PayloadError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.endIndex {
            let byte = bytes[offset]
            offset += 1
            guard shift < 64, shift < 63 || byte <= 1 else { throw .malformed("a varint longer than 64 bits") }
            value |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        throw .malformed("the payload ends inside a varint")
    }
}
