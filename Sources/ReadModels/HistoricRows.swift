import LMDB
import Projections

/// A read model's rows as they stood once the event at `position` was folded in, read from its history: each
/// row's last version at or before the position, and no row first written after it.
///
/// A query reads these exactly as it reads the live rows, so an answer as of a position is the same code on
/// the same rows a fresh fold up to that position would give (a test checks this at random positions).
struct HistoricRows: RowReader {
    let snapshot: Snapshot
    let history: Database
    let position: UInt64

    func value(for key: [UInt8]) throws -> [UInt8]? {
        let group = VersionKey.group(key)
        return try snapshot.withCursor(in: history) { cursor in
            guard let found = try cursor.last(below: bound(group)), found.key.count == group.count + 8, found.key.starts(with: group) else { return nil }
            return found.value
        }
    }

    /// Walks the versions in key order. Within a row, the first few versions up to the position are stepped
    /// over one by one (most rows have few); a row with more jumps to its last version at or before the position,
    /// and at the first later version the walk jumps to the next row.
    func scan(prefix: [UInt8], from start: [UInt8]?, _ body: ([UInt8], [UInt8]) throws -> Bool) throws {
        let escapedPrefix = VersionKey.escaped(prefix)
        try snapshot.withCursor(in: history) { cursor in
            var entry = try cursor.seek(atLeast: VersionKey.escaped(start ?? prefix))
            var current: (group: ArraySlice<UInt8>, value: [UInt8])?
            var steps = 0
            while let found = entry, found.key.starts(with: escapedPrefix) {
                guard let (group, at) = VersionKey.split(found.key) else {
                    throw RowError("a history key is malformed: \(found.key.count) bytes")
                }
                if let held = current, held.group != group {
                    guard try emit(held, body) else { return }
                    current = nil
                    steps = 0
                }
                if at <= position {
                    steps += 1
                    if steps == 4 {
                        // A busy row (a count, a total): straight to its version at the position.
                        let last = try cursor.last(below: bound(Array(group))) ?? found
                        current = (group, last.value)
                    } else {
                        current = (group, found.value)
                    }
                    entry = try cursor.next()
                } else {
                    if let held = current {
                        guard try emit(held, body) else { return }
                        current = nil
                    }
                    steps = 0
                    entry = try cursor.seek(atLeast: VersionKey.after(Array(group)))
                }
            }
            if let held = current { _ = try emit(held, body) }
        }
    }

    /// Just past the group's versions at or before the position.
    private func bound(_ group: [UInt8]) -> [UInt8] {
        position == .max ? VersionKey.after(group) : VersionKey.appending(position + 1, to: group)
    }

    private func emit(_ held: (group: ArraySlice<UInt8>, value: [UInt8]), _ body: ([UInt8], [UInt8]) throws -> Bool) throws -> Bool {
        guard let key = VersionKey.key(of: held.group) else { throw RowError("a history key does not unescape") }
        return try body(key, held.value)
    }
}
