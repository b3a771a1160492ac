import Crypto
import Ledger
import Projections

/// A read model's canonical export (docs/READMODELS.md, "Export"): one JSON object per row, in key order, each
/// on a line of its own. Its SHA-256 is the model's digest, which anyone holding the events and the docs can
/// recompute with their own code.
public enum ModelExport {
    /// One row as its line, without the newline: `{"table":…,` then the fields in their documented order; no
    /// spaces; strings with `"`, `\` and control characters escaped, everything else as UTF-8.
    public static func line(_ row: RowDescription) -> String {
        var out = #"{"table":"# + quoted(row.table)
        for field in row.fields {
            out += "," + quoted(field.name) + ":" + json(field.value)
        }
        return out + "}"
    }

    static func json(_ value: FieldValue) -> String {
        switch value {
        case .text(let text): return quoted(text)
        case .integer(let number): return String(number)
        case .unsigned(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .list(let items): return "[" + items.map(json).joined(separator: ",") + "]"
        case .null: return "null"
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

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
