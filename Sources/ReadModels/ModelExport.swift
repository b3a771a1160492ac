import Crypto
import Ledger
public import Projections

/// A read model's canonical export (docs/READMODELS.md, "Export"): one JSON object per row, in key order, each
/// on a line of its own. Its SHA-256 is the model's digest, which anyone holding the events and the docs can
/// recompute with their own code.
public enum ModelExport {
    /// One row as its line, without the newline: `{"table":…,` then the fields in their documented order; no
    /// spaces; strings with `"`, `\` and control characters escaped, everything else as UTF-8.
    public static func line(_ row: RowDescription) -> String {
        var bytes: [UInt8] = []
        append(row, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the row's line as UTF-8, written byte by byte rather than joined from strings (a sink writes
    /// millions); returns whether any of its text holds U+0000, which some engines' JSON cannot.
    @discardableResult
    public static func append(_ row: RowDescription, to out: inout [UInt8]) -> Bool {
        var holdsZero = false
        out.append(contentsOf: #"{"table":"#.utf8)
        holdsZero = quote(row.table, into: &out) || holdsZero
        for field in row.fields {
            out.append(UInt8(ascii: ","))
            holdsZero = quote(field.name, into: &out) || holdsZero
            out.append(UInt8(ascii: ":"))
            holdsZero = append(field.value, to: &out) || holdsZero
        }
        out.append(UInt8(ascii: "}"))
        return holdsZero
    }

    private static func append(_ value: FieldValue, to out: inout [UInt8]) -> Bool {
        switch value {
        case .text(let text): return quote(text, into: &out)
        case .integer(let number): out.append(contentsOf: String(number).utf8)
        case .unsigned(let number): out.append(contentsOf: String(number).utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .list(let items):
            var holdsZero = false
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                holdsZero = append(item, to: &out) || holdsZero
            }
            out.append(UInt8(ascii: "]"))
            return holdsZero
        case .null: out.append(contentsOf: "null".utf8)
        }
        return false
    }

    /// `text` as a JSON string: `"` and `\` escaped, control characters as `\u00XX`, the rest as its UTF-8
    /// (every byte of a character past U+007F is 0x80 or above, so byte by byte is character by character).
    private static func quote(_ text: String, into out: inout [UInt8]) -> Bool {
        var holdsZero = false
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                out.append(UInt8(ascii: "\\"))
                out.append(byte)
            case 0..<0x20:
                holdsZero = holdsZero || byte == 0
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        return holdsZero
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Hashes the lines as they are exported, each with its newline.
    public struct Digest {
        private var hasher = SHA256()
        public private(set) var rows = 0

        public init() {}

        public mutating func add(_ line: String) {
            hasher.update(data: Array((line + "\n").utf8))
            rows += 1
        }

        public func finalize() -> String { hexadecimal(hasher.finalize()) }
    }
}
