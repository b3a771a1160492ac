import CLMDB

/// A write transaction, valid only inside the closure it was lent to; it sees its own writes.
public struct WriteTransaction: ~Copyable {
    /// Remembers a full map even if the caller's closure swallowed the error, so the write is retried.
    final class State {
        var sawMapFull = false
    }

    let handle: OpaquePointer
    let state: State

    /// How a value is stored.
    public struct PutOptions: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        /// The key must sort after every key already present; LMDB refuses it otherwise. Cheap and a guard.
        public static let append = PutOptions(rawValue: UInt32(MDB_APPEND))
        /// Refuse to replace a value already stored under the key (the error's `isKeyExists` is true).
        public static let noOverwrite = PutOptions(rawValue: UInt32(MDB_NOOVERWRITE))
    }

    /// Stores `value` under `key`.
    public func put(_ value: UnsafeRawBufferPointer, forKey key: UnsafeRawBufferPointer, in database: Database, options: PutOptions = []) throws(LMDBError) {
        var keyValue = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var dataValue = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        try record(mdb_put(handle, database.handle, &keyValue, &dataValue, options.rawValue), "put into \(database.name)")
    }

    /// Stores `value` under `key`.
    public func put(_ value: [UInt8], forKey key: [UInt8], in database: Database, options: PutOptions = []) throws {
        try value.withUnsafeBytes { value in
            try key.withUnsafeBytes { key in try put(value, forKey: key, in: database, options: options) }
        }
    }

    /// Reserves `count` bytes under `key` and lets `fill` write them in place, sparing a copy.
    ///
    /// `fill` must write every byte; the buffer is valid only during the call.
    public func put<R>(forKey key: UnsafeRawBufferPointer, reserving count: Int, in database: Database, options: PutOptions = [],
                       _ fill: (UnsafeMutableRawBufferPointer) throws -> R) throws -> R {
        var keyValue = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var dataValue = MDB_val(mv_size: count, mv_data: nil)
        try record(mdb_put(handle, database.handle, &keyValue, &dataValue, options.rawValue | UInt32(MDB_RESERVE)), "put into \(database.name)")
        return try fill(UnsafeMutableRawBufferPointer(start: dataValue.mv_data, count: count))
    }

    /// Removes the entry under `key`; nothing when there is none.
    public func remove(forKey key: [UInt8], in database: Database) throws(LMDBError) {
        let result = key.withUnsafeBytes { bytes in
            var keyValue = MDB_val(mv_size: bytes.count, mv_data: UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            return mdb_del(handle, database.handle, &keyValue, nil)
        }
        if result == MDB_NOTFOUND { return }
        try record(result, "remove from \(database.name)")
    }

    /// Removes every entry of `database`, keeping the database and its handle.
    public func removeAll(in database: Database) throws(LMDBError) {
        try record(mdb_drop(handle, database.handle, 0), "empty \(database.name)")
    }

    private func record(_ code: Int32, _ operation: @autoclosure () -> String) throws(LMDBError) {
        if code == MDB_MAP_FULL { state.sawMapFull = true }
        try check(code, operation())
    }

    /// Lends a read view of this transaction (which sees its own writes) to code written for reading.
    public func reading<R>(_ body: (borrowing ReadTransaction) throws -> R) rethrows -> R {
        try body(ReadTransaction(handle: handle))
    }
}
