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
        return try snapshot.withCursor(in: history) { cursor in
            var earlier = ForwardVersions(cursor: cursor, position: position)
            return try earlier.version(of: key)
        }
    }

    /// Walks the live rows in key order; a row written after the position is looked up in its history, by a
    /// cursor that only moves forward, as the rows do.
    func scan(prefix: [UInt8], from start: [UInt8]?, _ body: ([UInt8], [UInt8]) throws -> Bool) throws {
        let start = start ?? prefix
        try snapshot.withCursor(in: history) { cursor in
            var earlier = ForwardVersions(cursor: cursor, position: position)
            // LMDB refuses an empty key, even as a starting point: start from the first entry instead.
            try snapshot.forEach(in: live, from: start.isEmpty ? nil : start) { key, stored in
                guard key.starts(with: prefix) else { return false }
                let (at, value) = try LiveRow.parts(stored)
                if at <= position { return try body(Array(key), Array(value)) }
                let row = Array(key)
                guard let earlier = try earlier.version(of: row) else { return true }
                return try body(row, earlier)
            }
        }
    }
}

/// Looks up rows' last versions at or before a position in a history, rows asked for in key order: the cursor
/// only moves forward, a few steps before it seeks, and a row with no version by then costs no seek when the
/// cursor already stands past where its versions would be.
private struct ForwardVersions {
    let cursor: SnapshotCursor
    let position: UInt64
    /// The cursor's entry: the first of the history at or after every key looked up so far (nil at its end), once
    /// it has moved.
    private var entry: SnapshotCursor.Entry?
    private var moved = false
    private var low: [UInt8] = [], high: [UInt8] = []

    init(cursor: SnapshotCursor, position: UInt64) {
        self.cursor = cursor
        self.position = position
    }

    mutating func version(of key: [UInt8]) throws -> [UInt8]? {
        // The row's versions up to the position lie in [low, high).
        low.removeAll(keepingCapacity: true)
        VersionKey.appendGroup(of: key, to: &low)
        high.removeAll(keepingCapacity: true)
        high.append(contentsOf: low)
        if position == .max { high[high.count - 1] = 1 } else { VersionKey.appendPosition(position + 1, to: &high) }
        try move(to: low)
        guard let first = entry, SortedRows.compare(first.key, high) < 0, first.key.count == low.count + 8 else { return nil }
        var last = first
        for _ in 0..<4 {
            entry = try cursor.next()
            guard let next = entry, SortedRows.compare(next.key, high) < 0, next.key.count == low.count + 8 else { return last.value }
            last = next
        }
        // A busy row: straight to its version at the position, then back to the first entry past it.
        let found = try cursor.last(below: high)
        entry = try cursor.seek(atLeast: high)
        return found?.value
    }

    /// Moves the cursor to the first entry at or after `key`: a few steps when it is near, else a seek.
    private mutating func move(to key: [UInt8]) throws {
        if moved {
            guard entry != nil else { return }
            for _ in 0..<3 {
                guard let current = entry, SortedRows.compare(current.key, key) < 0 else { return }
                entry = try cursor.next()
            }
            guard let current = entry, SortedRows.compare(current.key, key) < 0 else { return }
        }
        moved = true
        entry = try cursor.seek(atLeast: key)
    }
}
