import Synchronization
import CLMDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open LMDB environment: one directory holding `data.mdb` and `lock.mdb`.
///
/// Transactions are lent to closures and end when the closure returns: a read transaction is released, a
/// write transaction commits (or aborts if the closure throws). Neither may escape its closure, and values
/// read inside one are valid only there. The map grows by itself when a write fills it.
public final class Environment: @unchecked Sendable {
    let handle: OpaquePointer
    public let directory: String
    public let isReadOnly: Bool
    private let options: EnvironmentOptions
    private let resizeLock = ReadersWriterLock()
    /// For tests: an `errno` every commit fails with instead of committing (EIO for a failed fsync, ENOSPC for a
    /// full disk); nil to commit again.
    private let injectedCommitFailure = Mutex<Int32?>(nil)

    /// For tests: fail every commit with `code` from now on, nothing of it kept, as a failed fsync or a full disk
    /// would; nil to commit again.
    public func injectCommitFailureForTesting(_ code: Int32?) { injectedCommitFailure.withLock { $0 = code } }
    private let databasesLock = ReadersWriterLock()

    /// Opens (and, unless read-only, creates) the environment in `directory`, which must exist.
    public init(directory: String, options: EnvironmentOptions = EnvironmentOptions()) throws(LMDBError) {
        var environment: OpaquePointer?
        try check(mdb_env_create(&environment), "create LMDB environment")
        guard let environment else { throw LMDBError(code: ENOMEM, operation: "create LMDB environment") }
        do {
            try check(mdb_env_set_maxdbs(environment, MDB_dbi(options.maxDatabases)), "set max databases")
            try check(mdb_env_set_maxreaders(environment, UInt32(options.maxReaders)), "set max readers")
            if !options.readOnly {
                try check(mdb_env_set_mapsize(environment, options.initialMapSizeBytes), "set map size")
            }
            // MDB_NOTLS: a reader slot belongs to its transaction, not its thread, as Swift tasks move between threads.
            var flags = UInt32(MDB_NOTLS)
            if options.readOnly { flags |= UInt32(MDB_RDONLY) }
            try check(mdb_env_open(environment, directory, flags, 0o644), "open LMDB environment at \(directory)")
            try Self.checkFileHoldsLastCommit(environment, directory: directory)
        } catch {
            mdb_env_close(environment)
            throw error
        }
        self.handle = environment
        self.directory = directory
        self.isReadOnly = options.readOnly
        self.options = options
    }

    deinit {
        mdb_env_close(handle)
    }

    /// LMDB reads pages through the map, so a page past the end of the file is a bus error, not an error code.
    /// A file shorter than its last commit (its pages lost, or the file cut short) is refused here instead.
    private static func checkFileHoldsLastCommit(_ environment: OpaquePointer, directory: String) throws(LMDBError) {
        var info = MDB_envinfo(), pages = MDB_stat(), descriptor: Int32 = -1
        try check(mdb_env_info(environment, &info), "read the environment's last page at \(directory)")
        try check(mdb_env_stat(environment, &pages), "read the environment's page size at \(directory)")
        try check(mdb_env_get_fd(environment, &descriptor), "find the data file at \(directory)")
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw LMDBError(code: errno, operation: "stat the data file at \(directory)") }
        let needed = (Int64(info.me_last_pgno) + 1) * Int64(pages.ms_psize)
        guard Int64(status.st_size) >= needed else {
            throw LMDBError(code: MDB_PAGE_NOTFOUND, operation: "open LMDB environment at \(directory): data.mdb is \(status.st_size) bytes, but its last commit uses \(needed)")
        }
    }

    /// Opens the named database, creating it if the environment is writable.
    public func openDatabase(named name: String) throws(LMDBError) -> Database {
        // mdb_dbi_open must not run concurrently with itself.
        try databasesLock.withExclusiveLock { () throws(LMDBError) -> Database in
            var transaction: OpaquePointer?
            let flags = isReadOnly ? UInt32(MDB_RDONLY) : 0
            try check(mdb_txn_begin(handle, nil, flags, &transaction), "begin transaction to open database \(name)")
            var dbi = MDB_dbi()
            let result = mdb_dbi_open(transaction, name, isReadOnly ? 0 : UInt32(MDB_CREATE), &dbi)
            guard result == MDB_SUCCESS else {
                mdb_txn_abort(transaction)
                throw LMDBError(code: result, operation: "open database \(name)")
            }
            try check(mdb_txn_commit(transaction), "commit opening database \(name)")
            return Database(handle: dbi, name: name)
        }
    }

    /// Runs `body` in a read transaction: a consistent snapshot of the last commit before it began.
    ///
    /// Keep it short: an open reader pins the pages of its snapshot and delays growing the map.
    public func read<R>(_ body: (borrowing ReadTransaction) throws -> R) throws -> R {
        while true {
            do {
                return try resizeLock.withSharedLock {
                    let transaction = try begin(flags: UInt32(MDB_RDONLY), "begin read transaction")
                    defer { mdb_txn_abort(transaction) }
                    return try body(ReadTransaction(handle: transaction))
                }
            } catch let error as LMDBError where error.isMapResized {
                try adoptMapSizeOfOtherProcess()
            }
        }
    }

    /// Runs `body` in a write transaction and commits it when `body` returns; aborts it if `body` throws.
    ///
    /// When the map is full the transaction is aborted, the map grows and `body` runs again from the start,
    /// so `body` must have no effect outside the transaction that it would not repeat. Write transactions are
    /// serialised, also across processes; one thread must not nest a write inside a read.
    public func write<R>(_ body: (borrowing WriteTransaction) throws -> R) throws -> R {
        precondition(!isReadOnly, "write transaction on an environment opened read-only")
        while true {
            do {
                return try resizeLock.withSharedLock {
                    let transaction = try begin(flags: 0, "begin write transaction")
                    let state = WriteTransaction.State()
                    let result: R
                    do {
                        result = try body(WriteTransaction(handle: transaction, state: state))
                        // A full map seen by `body` but swallowed by it still means this transaction is void.
                        if state.sawMapFull { throw LMDBError(code: MDB_MAP_FULL, operation: "write") }
                    } catch {
                        mdb_txn_abort(transaction)
                        throw error
                    }
                    if let code = injectedCommitFailure.withLock({ $0 }) {
                        mdb_txn_abort(transaction)
                        throw LMDBError(code: code, operation: "commit (a failure injected for testing)")
                    }
                    // mdb_txn_commit frees the transaction whether or not it succeeds.
                    try check(mdb_txn_commit(transaction), "commit")
                    return result
                }
            } catch let error as LMDBError where error.isMapFull {
                try growMap()   // at its largest, this throws out of the loop
            } catch let error as LMDBError where error.isMapResized {
                try adoptMapSizeOfOtherProcess()
            }
        }
    }

    /// The size of the memory map, in bytes: an upper bound on the data file's size until it next grows.
    public var mapSizeBytes: Int {
        var info = MDB_envinfo()
        mdb_env_info(handle, &info)
        return info.me_mapsize
    }

    /// Whether each commit waits for its pages to reach the disk (LMDB's default).
    ///
    /// When off (`MDB_NOSYNC`), a commit that returns survives the process crashing but not the machine;
    /// call `sync()` to make every earlier commit durable. Set it only between write transactions.
    public func setSynchronousCommits(_ on: Bool) throws(LMDBError) {
        try check(mdb_env_set_flags(handle, UInt32(MDB_NOSYNC), on ? 0 : 1), "set synchronous commits")
    }

    /// Flushes every committed transaction to disk.
    public func sync() throws(LMDBError) {
        try check(mdb_env_sync(handle, 1), "sync")
    }

    private func begin(flags: UInt32, _ operation: String) throws(LMDBError) -> OpaquePointer {
        var transaction: OpaquePointer?
        try check(mdb_txn_begin(handle, nil, flags, &transaction), operation)
        return transaction!
    }

    private func growMap() throws(LMDBError) {
        try resizeLock.withExclusiveLock { () throws(LMDBError) in
            let current = mapSizeBytes
            guard current < options.mapSizeMaxBytes else {
                throw LMDBError(code: MDB_MAP_FULL, operation: "write: the map is full at its largest, \(options.mapSizeMaxBytes) bytes")
            }
            let step = min(current, options.mapGrowthStepMaxBytes)
            try check(mdb_env_set_mapsize(handle, min(current + step, options.mapSizeMaxBytes)), "grow the map from \(current) bytes")
        }
    }

    /// Another process grew the map: take its size before beginning again.
    private func adoptMapSizeOfOtherProcess() throws(LMDBError) {
        try resizeLock.withExclusiveLock { () throws(LMDBError) in
            try check(mdb_env_set_mapsize(handle, 0), "adopt the map size set by another process")
        }
    }
}
