/// JSON text read token by token: the strings, whole numbers and literals of RFC 8259, with `JSONReader`'s
/// limits (whole numbers that fit `Int64`; UTF-8 checked). `JSONReader` builds values from it; a reader that knows
/// the shape it expects (a command document) walks the text with it directly, without building a value first.
public struct JSONScanner {
    public let bytes: [UInt8]
    /// The next byte to read.
    public private(set) var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Whether every byte has been read.
    public var atEnd: Bool { offset == bytes.count }

    /// The next byte, not consumed; nil at the end.
    public var next: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    /// A number, which must be whole: `421`, or as JSON Schema's `integer` allows, `421.0` or `4.21e2` (these
    /// exactly, up to 2^53, where a double still holds every whole number).
    public mutating func integer() throws(JSONReader.Failure) -> Int64 {
        let start = offset
        if peek(UInt8(ascii: "-")) {}
        let digits = offset
        skipDigits()
        guard offset > digits else { throw failure("not a JSON value") }
        guard offset - digits == 1 || bytes[digits] != 0x30 else { throw failure("a number with a leading zero") }
        var whole = true
        if peek(UInt8(ascii: ".")) {
            whole = false
            let fraction = offset
            skipDigits()
            guard offset > fraction else { throw failure("a number with no digits after its point") }
        }
        if offset < bytes.count, bytes[offset] | 0x20 == UInt8(ascii: "e") {
            whole = false
            offset += 1
            if !peek(UInt8(ascii: "+")) { _ = peek(UInt8(ascii: "-")) }
            let exponent = offset
            skipDigits()
            guard offset > exponent else { throw failure("a number with no digits in its exponent") }
        }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        if whole {
            guard let value = Int64(text) else { throw failure("a number beyond 64 bits") }
            return value
        }
        guard let value = Double(text), value.rounded() == value else { throw failure("a number that is not a whole number") }
        guard value.magnitude <= 9_007_199_254_740_992 else { throw failure("a number written with a point or an exponent beyond 2^53") }
        return Int64(value)
    }

    private mutating func skipDigits() {
        while offset < bytes.count, (0x30...0x39).contains(bytes[offset]) { offset += 1 }
    }

    /// A string, from its opening quote (the next byte) to past its closing one.
    public mutating func string() throws(JSONReader.Failure) -> String {
        offset += 1   // the opening quote
        // Most strings hold no escape: made from the bytes where they lie, without a copy to build them in.
        let start = offset
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                offset += 1   // past the closing quote, where the slow path names a fault too
                guard let string = String(validating: bytes[start..<(offset - 1)], as: UTF8.self) else { throw failure("a string that is not UTF-8") }
                return string
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            offset += 1
        }
        var text = Array(bytes[start..<offset])
        while true {
            guard offset < bytes.count else { throw failure("a string that does not end") }
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let string = String(validating: text, as: UTF8.self) else { throw failure("a string that is not UTF-8") }
                return string
            case UInt8(ascii: "\\"):
                guard offset < bytes.count else { throw failure("a string that does not end") }
                let escaped = bytes[offset]
                offset += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escaped)
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0C)
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "u"): text += try unicodeEscape()
                default: throw failure("an unknown escape")
                }
            case 0..<0x20:
                throw failure("a control character in a string")
            default:
                text.append(byte)
            }
        }
    }

    /// After `\u`: four hex digits, or a surrogate pair of two escapes; the character as UTF-8.
    private mutating func unicodeEscape() throws(JSONReader.Failure) -> [UInt8] {
        var code = try hex4()
        if (0xD800...0xDBFF).contains(code) {
            guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                throw failure("a lone surrogate")
            }
            offset += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw failure("a lone surrogate") }
            code = 0x10000 + (code - 0xD800) << 10 + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(code) {
            throw failure("a lone surrogate")
        }
        guard let scalar = Unicode.Scalar(code) else { throw failure("not a character") }
        return Array(String(Character(scalar)).utf8)
    }

    private mutating func hex4() throws(JSONReader.Failure) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw failure("a \\u escape cut short") }
        var code: UInt32 = 0
        for byte in bytes[offset..<(offset + 4)] {
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw failure("a \\u escape with a character that is not hexadecimal")
            }
            code = code << 4 | digit
        }
        offset += 4
        return code
    }

    public mutating func literal(_ word: StaticString) throws(JSONReader.Failure) {
        let count = word.utf8CodeUnitCount
        guard offset + count <= bytes.count,
              bytes[offset..<(offset + count)].elementsEqual(UnsafeBufferPointer(start: word.utf8Start, count: count)) else {
            throw failure("not a JSON value")
        }
        offset += count
    }

    /// Consumes `byte` if it is next (unless `consuming` is false); whether it was.
    public mutating func peek(_ byte: UInt8, consuming: Bool = true) -> Bool {
        guard offset < bytes.count, bytes[offset] == byte else { return false }
        if consuming { offset += 1 }
        return true
    }

    public mutating func skipWhiteSpace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    /// Why the text is not what was expected, at the current byte.
    public func failure(_ reason: String) -> JSONReader.Failure { JSONReader.Failure(offset: offset, reason: reason) }
}
