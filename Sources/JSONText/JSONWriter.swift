/// JSON written by hand, byte for byte as the sorted-key `JSONEncoder` of every other answer writes it, where
/// Foundation's encoder costs more than the work around it: event pages, the live feed, and the command documents
/// the service splices. A test holds the two to the same bytes. Members are written in the order given: sorted
/// keys are the caller's to give.
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(reservingCapacity capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    public mutating func write(_ value: JSONValue) {
        switch value {
        case .string(let text): write(text)
        case .int(let number): raw(String(number))
        case .bool(let flag): raw(flag ? "true" : "false")
        case .null: raw("null")
        case .array(let values):
            openArray()
            for (index, value) in values.enumerated() {
                element(first: index == 0)
                write(value)
            }
            closeArray()
        case .object(let members):
            open()
            for (index, (key, value)) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                member(key, first: index == 0)
                write(value)
            }
            close()
        }
    }

    /// A string, quoted, with `"`, `\` and control characters escaped as `JSONEncoder` escapes them.
    public mutating func write(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most strings need no escaping: copy them whole.
        let copied: Bool? = text.utf8.withContiguousStorageIfAvailable { utf8 in
            guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if copied == true {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0x08: raw("\\b")
            case 0x0C: raw("\\f")
            case 0..<0x20:
                let digits = Array("0123456789abcdef".utf8)
                raw("\\u00")
                bytes += [digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func write(_ number: UInt64) { raw(String(number)) }
    public mutating func write(_ number: Int64) { raw(String(number)) }
    public mutating func write(_ flag: Bool) { raw(flag ? "true" : "false") }
    public mutating func writeNull() { raw("null") }

    /// A string whose characters need no escaping (digits, letters, punctuation), written by `body` between quotes.
    public mutating func quoted(_ body: (inout [UInt8]) -> Void) {
        bytes.append(UInt8(ascii: "\""))
        body(&bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A value already encoded as JSON, as it is.
    public mutating func write(encoded json: some Sequence<UInt8>) { bytes += json }

    /// Begins an object; its members follow, in key order, each after `member`.
    public mutating func open() { bytes.append(UInt8(ascii: "{")) }

    /// Writes a member's key (after a comma, unless it is the first); its value is written next.
    public mutating func member(_ key: String, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        write(key)
        bytes.append(UInt8(ascii: ":"))
    }

    /// A member whose key is a literal of the caller's that needs no escaping (a field name).
    public mutating func member(literal key: StaticString, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func close() { bytes.append(UInt8(ascii: "}")) }

    /// Begins an array; its elements follow, each after `element`.
    public mutating func openArray() { bytes.append(UInt8(ascii: "[")) }

    /// Separates an element from the one before it, unless it is the first.
    public mutating func element(first: Bool) { if !first { bytes.append(UInt8(ascii: ",")) } }

    public mutating func closeArray() { bytes.append(UInt8(ascii: "]")) }

    private mutating func raw(_ text: String) { bytes += text.utf8 }
}
