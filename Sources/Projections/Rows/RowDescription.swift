import Domain

/// A stored row in domain terms: its table and its fields, named, key parts first. What `fangxin export`
/// prints (one JSON object per row, docs/READMODELS.md) and what a rebuild's diff compares field by field.
public struct RowDescription: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: FieldValue
    }

    public var table: String
    public var fields: [Field]

    init(_ table: String, _ fields: [(String, FieldValue)]) {
        self.table = table
        self.fields = fields.map { Field(name: $0.0, value: $0.1) }
    }

    /// The key's parts, in words: how a diff names the row ("standing 91330522MA2B3C4D57").
    public var subject: String { ([table] + fields.prefix(keyCount).map(\.value.description)).joined(separator: " ") }
    /// How many of the fields are the key's parts.
    var keyCount = 1
}

/// A field's value: JSON's kinds, and no floating point.
public indirect enum FieldValue: Sendable, Equatable, CustomStringConvertible {
    case text(String)
    case integer(Int64)
    case unsigned(UInt64)
    case bool(Bool)
    case list([FieldValue])
    case null

    static func day(_ day: CivilDate?) -> FieldValue { day.map { .text($0.description) } ?? .null }
    static func positions(_ positions: [UInt64]) -> FieldValue { .list(positions.map(FieldValue.unsigned)) }

    public var description: String {
        switch self {
        case .text(let text): return text
        case .integer(let number): return String(number)
        case .unsigned(let number): return String(number)
        case .bool(let flag): return flag ? "yes" : "no"
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .null: return "none"
        }
    }
}

extension Tier {
    /// A library as the export names it (docs/TIERS.md).
    var label: FieldValue { .text(name) }
}

extension RowDescription {
    /// A set-aside row, the same in every model.
    static func setAside(_ key: [UInt8], _ value: [UInt8]) throws(RowError) -> RowDescription {
        var reader = RowKeyReader(key)
        var description = RowDescription("set-aside", [("position", .unsigned(try reader.uint64())), ("reason", .text(String(decoding: value, as: UTF8.self)))])
        description.keyCount = 1
        return description
    }

    /// A row the current code cannot read (a model built by another version): its bytes, in hexadecimal.
    public static func unreadable(key: String, value: String) -> RowDescription {
        RowDescription("unreadable", [("key", .text(key)), ("value", .text(value))])
    }

    func keyed(_ count: Int) -> RowDescription {
        var description = self
        description.keyCount = count
        return description
    }
}
