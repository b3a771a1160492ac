import CLMDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A cursor over one database of a snapshot, for walks that jump: seek to a key, step either way. Lent only
/// inside `Snapshot.withCursor`; entries are handed out as copies, so nothing points into the map afterwards.
public final class SnapshotCursor {
    fileprivate var handle: OpaquePointer?
    private let name: String

    fileprivate init(handle: OpaquePointer, name: String) {
        self.handle = handle
        self.name = name
    }

    /// One entry, copied out of the map.
    public struct Entry {
        public var key: [UInt8]
        public var value: [UInt8]
    }

    /// The first entry whose key is not below `key`; nil past the end.
    public func seek(atLeast key: [UInt8]) throws(LMDBError) -> Entry? {
        // LMDB refuses an empty key, even as a starting point: the first entry is the one not below it.
        guard !key.isEmpty else { return try move(MDB_FIRST) }
        // `withUnsafeBytes` rethrows untyped errors: carry the typed one out as a result.
        return try key.withUnsafeBytes { bytes in
            var keyValue = MDB_val(mv_size: bytes.count, mv_data: UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            return Result { () throws(LMDBError) in try get(&keyValue, MDB_SET_RANGE) }
        }.get()
    }

    /// The last entry whose key is below `key`, nil when there is none.
    public func last(below key: [UInt8]) throws(LMDBError) -> Entry? {
        guard try seek(atLeast: key) != nil else { return try move(MDB_LAST) }
        return try move(MDB_PREV)
    }

    /// The entry after the cursor's; nil past the end.
    public func next() throws(LMDBError) -> Entry? { try move(MDB_NEXT) }

    private func move(_ operation: MDB_cursor_op) throws(LMDBError) -> Entry? {
        var key = MDB_val()
        return try get(&key, operation)
    }

    private func get(_ key: inout MDB_val, _ operation: MDB_cursor_op) throws(LMDBError) -> Entry? {
        guard let handle else { throw LMDBError(code: EINVAL, operation: "use a cursor after its snapshot ended") }
        var value = MDB_val()
        let result = mdb_cursor_get(handle, &key, &value, operation)
        if result == MDB_NOTFOUND { return nil }
        try check(result, "read \(name)")
        return Entry(key: Array(UnsafeRawBufferPointer(start: key.mv_data, count: key.mv_size)),
                     value: Array(UnsafeRawBufferPointer(start: value.mv_data, count: value.mv_size)))
    }
}

extension Snapshot {
    /// Runs `body` with a cursor on `database`; the cursor closes when `body` returns.
    public func withCursor<R>(in database: Database, _ body: (SnapshotCursor) throws -> R) throws -> R {
        var cursor: OpaquePointer?
        try check(mdb_cursor_open(try live(), database.handle, &cursor), "open cursor on \(database.name)")
        let lent = SnapshotCursor(handle: cursor!, name: database.name)
        defer {
            lent.handle = nil
            mdb_cursor_close(cursor)
        }
        return try body(lent)
    }
}
