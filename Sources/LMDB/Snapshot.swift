import CLMDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read transaction lent as an object, for code that reads through a protocol and so cannot take a
/// noncopyable transaction: valid only inside `Environment.withSnapshot`, after which every use fails.
public final class Snapshot {
    fileprivate var handle: OpaquePointer?

    fileprivate init(handle: OpaquePointer) { self.handle = handle }

    func live() throws(LMDBError) -> OpaquePointer {
        guard let handle else { throw LMDBError(code: EINVAL, operation: "read from a snapshot after its transaction ended") }
        return handle
    }

    /// A copy of the value stored under `key`; nil when there is none.
    public func value(forKey key: [UInt8], in database: Database) throws -> [UInt8]? {
        let handle = try live()
        return try key.withUnsafeBytes { try TransactionReads.value(handle, key: $0, in: database) { Array($0) } }
    }

    /// The number of entries in `database`, read from its root: no walk.
    public func count(in database: Database) throws(LMDBError) -> Int {
        try TransactionReads.count(try live(), in: database)
    }

    /// Visits entries in key order from the first key not below `start` until `body` returns false. The buffers
    /// are valid only during `body`.
    public func forEach(in database: Database, from start: [UInt8]?, _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool) throws {
        let handle = try live()
        if let start {
            try start.withUnsafeBytes { try TransactionReads.forEach(handle, in: database, from: $0, body) }
        } else {
            try TransactionReads.forEach(handle, in: database, from: nil, body)
        }
    }
}

extension Environment {
    /// Runs `body` with a snapshot of the last commit; the snapshot ends when `body` returns.
    public func withSnapshot<R>(_ body: (Snapshot) throws -> R) throws -> R {
        try read { transaction in
            let snapshot = Snapshot(handle: transaction.handle)
            defer { snapshot.handle = nil }
            return try body(snapshot)
        }
    }
}
