/// Reads JSON text into a `JSONValue`, byte by byte, without Foundation: what a command's bounds and digest need,
/// a few times faster than `JSONDecoder` into `JSONValue` (which tries every type in turn, throwing as it goes).
///
/// It takes RFC 8259 JSON, with two limits of `JSONValue`'s: numbers are whole and fit `Int64` (`421.0` and
/// `4.21e2` are 421, as JSON Schema's `integer` has them; `421.5` is refused), and values nest at most
/// `depthMax` deep, so that no document can exhaust the stack. A member given twice in one object is refused:
/// RFC 8259 leaves its meaning to each reader, and two readers of one document must never read two meanings.
public struct JSONReader {
    /// Why a text is not a `JSONValue`, and at which byte.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let offset: Int
        public let reason: String
        public var description: String { "\(reason) (at byte \(offset))" }
    }

    public static let depthMax = 64

    private var scanner: JSONScanner

    private init(_ bytes: [UInt8]) { scanner = JSONScanner(bytes) }

    /// The one JSON value `bytes` hold, with nothing but white space around it.
    public static func value(_ bytes: [UInt8]) throws(Failure) -> JSONValue {
        var reader = JSONReader(bytes)
        let value = try reader.value(depth: 0)
        reader.scanner.skipWhiteSpace()
        guard reader.scanner.atEnd else { throw reader.scanner.failure("text after the value") }
        return value
    }

    private mutating func value(depth: Int) throws(Failure) -> JSONValue {
        guard depth < Self.depthMax else { throw scanner.failure("values nested more than \(Self.depthMax) deep") }
        scanner.skipWhiteSpace()
        guard let first = scanner.next else { throw scanner.failure("the text ends where a value should be") }
        switch first {
        case UInt8(ascii: "{"):
            _ = scanner.peek(first)
            var members: [String: JSONValue] = [:]
            scanner.skipWhiteSpace()
            if scanner.peek(UInt8(ascii: "}")) { return .object(members) }
            repeat {
                scanner.skipWhiteSpace()
                guard scanner.peek(UInt8(ascii: "\""), consuming: false) else { throw scanner.failure("a member's name should be a string") }
                let name = try scanner.string()
                guard members[name] == nil else { throw scanner.failure("the member \"\(name.prefix(100))\" is given twice") }
                scanner.skipWhiteSpace()
                guard scanner.peek(UInt8(ascii: ":")) else { throw scanner.failure("a ':' should follow a member's name") }
                members[name] = try value(depth: depth + 1)
                scanner.skipWhiteSpace()
            } while scanner.peek(UInt8(ascii: ","))
            guard scanner.peek(UInt8(ascii: "}")) else { throw scanner.failure("a ',' or '}' should follow a member") }
            return .object(members)
        case UInt8(ascii: "["):
            _ = scanner.peek(first)
            var elements: [JSONValue] = []
            scanner.skipWhiteSpace()
            if scanner.peek(UInt8(ascii: "]")) { return .array(elements) }
            repeat {
                elements.append(try value(depth: depth + 1))
                scanner.skipWhiteSpace()
            } while scanner.peek(UInt8(ascii: ","))
            guard scanner.peek(UInt8(ascii: "]")) else { throw scanner.failure("a ',' or ']' should follow an element") }
            return .array(elements)
        case UInt8(ascii: "\""):
            return .string(try scanner.string())
        case UInt8(ascii: "t"):
            try scanner.literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try scanner.literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try scanner.literal("null")
            return .null
        default:
            return .int(try scanner.integer())
        }
    }
}
