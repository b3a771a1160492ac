import CLMDB

/// A read-only snapshot, valid only inside the closure it was lent to.
///
/// Buffers passed to the closures below point into the memory map: read or copy them there, never keep them.
public struct ReadTransaction: ~Copyable {
    let handle: OpaquePointer

    /// Lends the value stored under `key` to `body`; nil when there is none.
    public func value<R>(forKey key: UnsafeRawBufferPointer, in database: Database, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R? {
        try TransactionReads.value(handle, key: key, in: database, body)
    }

    /// A copy of the value stored under `key`; nil when there is none.
    public func value(forKey key: [UInt8], in database: Database) throws -> [UInt8]? {
        try key.withUnsafeBytes { try TransactionReads.value(handle, key: $0, in: database) { Array($0) } }
    }

    /// Visits entries in key order from the first key not below `start` (from the first when nil) until `body` returns false.
    public func forEach(in database: Database, from start: UnsafeRawBufferPointer? = nil, _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool) throws {
        try TransactionReads.forEach(handle, in: database, from: start, body)
    }

    /// Lends the entry with the greatest key to `body`; nil when the database is empty.
    public func last<R>(in database: Database, _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> R) throws -> R? {
        try TransactionReads.last(handle, in: database, body)
    }

    /// The bytes of the pages `database` uses (branch, leaf and overflow pages).
    public func bytes(in database: Database) throws(LMDBError) -> UInt64 {
        try TransactionReads.bytes(handle, in: database)
    }

    /// The number of entries in `database`.
    public func count(in database: Database) throws(LMDBError) -> Int {
        try TransactionReads.count(handle, in: database)
    }
}
