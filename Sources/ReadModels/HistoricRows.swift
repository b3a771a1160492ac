import LMDB
import Projections

/// A read model's rows as they stood once the event at `position` was folded in: each row's last version at or
/// before the position, and no row first written after it.
///
/// A row's latest version is its live row, stamped with the position that wrote it; the versions it superseded are
/// in the history. So a row written at or before the position is read from the live rows alone, and only a row
/// written since costs a seek into its history.
///
/// A query reads these exactly as it reads the live rows, so an answer as of a position is the same code on
/// the same rows a fresh fold up to that position would give (a test checks this at random positions).
struct HistoricRows: RowReader {
    let snapshot: Snapshot
    let live: Database
    let history: Database
    let position: UInt64

    func value(for key: [UInt8]) throws -> [UInt8]? {
        guard let stored = try snapshot.value(forKey: key, in: live) else { return nil }
        let (at, value) = try LiveRow.parts(stored)
        if at <= position { return Array(value) }
        return try snapshot.withCursor(in: history) { try superseded(key, $0) }
    }

    /// Walks the live rows in key order; a row written after the position is looked up in its history.
    func scan(prefix: [UInt8], from start: [UInt8]?, _ body: ([UInt8], [UInt8]) throws -> Bool) throws {
        let start = start ?? prefix
        try snapshot.withCursor(in: history) { cursor in
            // LMDB refuses an empty key, even as a starting point: start from the first entry instead.
            try snapshot.forEach(in: live, from: start.isEmpty ? nil : start) { key, stored in
                guard key.starts(with: prefix) else { return false }
                let (at, value) = try LiveRow.parts(stored)
                if at <= position { return try body(Array(key), Array(value)) }
                let row = Array(key)
                guard let earlier = try superseded(row, cursor) else { return true }
                return try body(row, earlier)
            }
        }
    }

    /// The row's last superseded version at or before the position; nil when it had none by then.
    private func superseded(_ key: [UInt8], _ cursor: SnapshotCursor) throws -> [UInt8]? {
        let group = VersionKey.group(key)
        let bound = position == .max ? VersionKey.after(group) : VersionKey.appending(position + 1, to: group)
        guard let found = try cursor.last(below: bound),
              found.key.count == group.count + 8, found.key.starts(with: group) else { return nil }
        return found.value
    }
}
