import Ledger
import Projections

/// What a rebuild would change in one model: the live rows against rows folded aside from the log through the
/// same position, row by row, in domain terms.
public struct ModelDiff: Sendable, Encodable {
    public var projection: String
    /// The version of the code folding aside, and of the code that built the live model (nil: none built).
    public var version: Int
    public var liveVersion: Int?
    /// Where both stand: the live model's checkpoint (or the head when there is none).
    public var position: UInt64
    /// How many rows differ, and the first of them, in key order.
    public var differing: Int
    public var differences: [RowDifference]
    /// How many versions of its history a rebuild would add, change or remove up to `position`; nil for a model
    /// without history, or none built.
    public var versionsDiffering: Int?
}

/// One row a rebuild would add, remove or change.
public struct RowDifference: Sendable, Encodable {
    public enum Kind: String, Sendable, Encodable { case added, removed, changed }

    public struct FieldChange: Sendable, Encodable {
        public var field: String
        /// The value in the live model and in the rebuild; nil where the row has no such field.
        public var live: String?
        public var rebuilt: String?
    }

    public var kind: Kind
    public var table: String
    /// The row's key in words, e.g. "standing 91330522MA2B3C4D57".
    public var row: String
    /// For a changed row, the fields that differ; for an added or removed one, all of them.
    public var fields: [FieldChange]

    init(_ kind: Kind, live: RowDescription?, rebuilt: RowDescription?) {
        self.kind = kind
        let either = (rebuilt ?? live)!
        table = either.table
        row = either.subject
        let liveFields = Dictionary((live?.fields ?? []).map { ($0.name, $0.value.description) }, uniquingKeysWith: { $1 })
        let newFields = Dictionary((rebuilt?.fields ?? []).map { ($0.name, $0.value.description) }, uniquingKeysWith: { $1 })
        // In the order the rows list them: the rebuild's, then any only the live row has.
        let names = (rebuilt?.fields ?? []).map(\.name) + (live?.fields ?? []).map(\.name).filter { newFields[$0] == nil }
        fields = names.compactMap { name in
            liveFields[name] == newFields[name] ? nil : FieldChange(field: name, live: liveFields[name], rebuilt: newFields[name])
        }
    }
}

extension ModelDiff {
    /// Walks the live rows and the rebuilt ones (both in key order) side by side, keeping the first `limit`
    /// differences and counting them all. A row the current code cannot read is shown by its bytes.
    static func compare(_ kind: ProjectionKind, live: some RowReader, rebuilt: SortedRows, limit: Int,
                        _ diff: inout ModelDiff) throws {
        let rows = rebuilt.rows
        var index = 0
        func note(_ difference: @autoclosure () -> RowDifference) {
            diff.differing += 1
            if diff.differences.count < limit { diff.differences.append(difference()) }
        }
        func describe(_ key: [UInt8], _ value: [UInt8]) -> RowDescription {
            (try? kind.type.describe(Row(key: key, value: value)))
                ?? RowDescription.unreadable(key: hexadecimal(key), value: hexadecimal(value))
        }
        try live.scan(prefix: []) { key, value in
            while index < rows.count, SortedRows.compare(rows[index].key, key) < 0 {
                note(RowDifference(.added, live: nil, rebuilt: describe(rows[index].key, rows[index].value)))
                index += 1
            }
            if index < rows.count, rows[index].key == key {
                if rows[index].value != value {
                    note(RowDifference(.changed, live: describe(key, value), rebuilt: describe(rows[index].key, rows[index].value)))
                }
                index += 1
            } else {
                note(RowDifference(.removed, live: describe(key, value), rebuilt: nil))
            }
            return true
        }
        while index < rows.count {
            note(RowDifference(.added, live: nil, rebuilt: describe(rows[index].key, rows[index].value)))
            index += 1
        }
    }
}
