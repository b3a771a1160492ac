import Foundation
import LMDB
import Synchronization

/// Fangxin's append-only event log, kept in LMDB.
///
/// Events are only ever added: there is no call to change or remove one. Each append lands whole or not at
/// all, gets gap-free global positions and stream versions, and is chained to everything before it by
/// SHA-256. One process may hold a ledger open for writing at a time; readers may be many.
public final class Ledger: Sendable {
    public struct Options: Sendable {
        public var readOnly = false
        /// The initial size of LMDB's memory map; it grows by itself, up to `mapSizeMaxBytes`.
        public var initialMapSizeBytes = 256 << 20
        /// The largest the map may grow to: an append that would need more is refused with a clear error, and
        /// nothing of it is kept.
        public var mapSizeMaxBytes = 1 << 40
        /// The ledger's clock, read once per commit; recorded times never go backwards even if it does.
        public var clock: @Sendable () -> Timestamp = { Timestamp.now() }
        /// Whether the writer keeps the Merkle tree's tiles. Off only to measure what the tree costs
        /// (`fangxin bench append`): such a ledger fails `verify` until a writer opens it with the tree kept,
        /// which builds the missing tiles.
        public var keepsTree = true
        /// On a ledger opened read-only: how often to look for records another process appended, so that tails
        /// and `waitForAppend` follow it (a replica's `serve`). Nil: they end once caught up.
        public var followsOtherWriterEvery: Duration?
        /// How `DIR/writer.lock` names the writer beside its process id, for whoever finds the ledger taken: a
        /// program and its command (`fangxin import`), never their arguments, which may hold a token or a name.
        /// Nil: the program's file name alone.
        public var writerName: String?
        /// For tests: make every write transaction fail after this many records.
        var failAfterRecordsForTesting: Int?
        /// For tests and the crash explorer (another process): pending index entries that make a commit write the
        /// index (durable, deferred).
        public var pendingEventsMaxForTesting: (synced: Int, deferred: Int)?
        /// For tests: leave the pending index unwritten on close, as a crash would.
        var skipsIndexOnCloseForTesting = false

        public init(readOnly: Bool = false) {
            self.readOnly = readOnly
        }
    }

    /// The last record of the log.
    public struct Head: Hashable, Sendable {
        /// 0 when the log is empty.
        public var position: UInt64
        /// The chain hash of that record; all zeros when the log is empty.
        public var hash: ChainHash
    }

    public let directory: String
    /// The clock the ledger records times by: the ledger's own time, and so its own day.
    public let clock: @Sendable () -> Timestamp
    let store: LedgerStore
    /// Held while the ledger is open for writing: a second writer, in any process, is refused.
    private let writerLock: WriterLock?
    let writer: Writer?
    private let signal: PositionSignal
    /// Publishes another process's appends to `signal`, on a ledger opened read-only that follows them.
    private let poller: Task<Void, Never>?
    private let isClosed = Atomic<Bool>(false)

    private static let openDirectories = Mutex<Set<String>>([])

    /// Opens the ledger in `directory`, creating it (and the directory) unless read-only.
    public init(directory: String, options: Options = Options()) throws(LedgerError) {
        let path = URL(fileURLWithPath: directory).standardizedFileURL.path
        let directoryExisted = FileManager.default.fileExists(atPath: path)
        if !options.readOnly {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw .notALedger(directory: directory, reason: "cannot create the directory: \(error.localizedDescription)")
            }
        } else if !FileManager.default.fileExists(atPath: path + "/data.mdb") {
            throw .notALedger(directory: directory, reason: "it has no data.mdb (nothing has been recorded there yet)")
        } else if LedgerCreation.isUnfinished(path) {
            throw .notALedger(directory: directory, reason: "its creation did not finish (\(LedgerCreation.markerName) is there), so nothing was ever recorded in it; opening it for writing creates it again")
        }
        // LMDB forbids opening one environment twice in a process: its locks would not see each other.
        let claimed = Ledger.openDirectories.withLock { $0.insert(path).inserted }
        guard claimed else {
            throw .notALedger(directory: directory, reason: "it is already open in this process")
        }
        do {
            // Before LMDB is touched: two writing processes would each number appends and hand out vault slots.
            let writerLock = options.readOnly ? nil : try WriterLock(directory: path, name: options.writerName)
            let isNew = options.readOnly ? false : try LedgerCreation.begin(path)
            var environmentOptions = EnvironmentOptions()
            environmentOptions.readOnly = options.readOnly
            environmentOptions.initialMapSizeBytes = options.initialMapSizeBytes
            environmentOptions.mapSizeMaxBytes = options.mapSizeMaxBytes
            let environment = try LedgerError.mapping { try Environment(directory: path, options: environmentOptions) }
            let store = try Ledger.openStore(environment, directory: directory)
            try Ledger.checkFormat(store, directory: directory)
            if isNew { try LedgerCreation.finish(path, createdDirectory: !directoryExisted) }
            let head = try LedgerError.mapping { try store.environment.read { try Writer.loadHead($0, store) } }
            let signal = PositionSignal(head: head.position)
            self.directory = path
            self.clock = options.clock
            self.writerLock = writerLock
            self.store = store
            self.signal = signal
            self.poller = options.readOnly ? options.followsOtherWriterEvery.map { Ledger.poll(store, every: $0, into: signal) } : nil
            self.writer = options.readOnly ? nil : try LedgerError.mapping {
                try Writer(store: store, clock: options.clock, keepsTree: options.keepsTree, failAfterRecords: options.failAfterRecordsForTesting,
                           pendingEventsMax: options.pendingEventsMaxForTesting ?? Writer.pendingEventsMaxDefault,
                           writesIndexOnClose: !options.skipsIndexOnCloseForTesting) {
                    signal.publish($0)
                }
            }
        } catch {
            _ = Ledger.openDirectories.withLock { $0.remove(path) }
            throw error
        }
    }

    deinit {
        close()
    }

    /// Finishes pending appends and releases the ledger; later calls fail with `.closed`.
    public func close() {
        guard !isClosed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        writer?.stop()
        poller?.cancel()
        writerLock?.release()
        signal.close()
        _ = Ledger.openDirectories.withLock { $0.remove(directory) }
    }

    /// Appends one command's events durably: it returns once they are on disk.
    ///
    /// Concurrent appends share one commit and one fsync.
    public func append(_ append: Append) async throws(LedgerError) -> AppendResult {
        try await self.append([append], durability: .synced)[0].get()
    }

    /// Appends several commands; each lands whole or not at all, and one refused leaves the others be.
    ///
    /// With `.deferred` durability they are committed without waiting for the disk (for loading history);
    /// call `flush()` at the end. A crash of the process leaves a valid prefix of what was appended.
    public func append(_ appends: [Append], durability: Durability) async -> [Result<AppendResult, LedgerError>] {
        await submit(appends, durability: durability).outcome()
    }

    /// Hands appends to the writer now, before any submitted later, and returns at once: their outcome is awaited
    /// apart, so that a caller can prepare what comes next while the writer commits them (`fangxin import`).
    public func submit(_ appends: [Append], durability: Durability) -> SubmittedAppends {
        guard let writer else { return SubmittedAppends(done: appends.map { _ in .failure(.readOnly) }) }
        guard !isClosed.load(ordering: .acquiring) else { return SubmittedAppends(done: appends.map { _ in .failure(.closed) }) }
        // Check and encode on the caller's task, so that the single writer only writes.
        var prepared: [PreparedAppend] = []
        prepared.reserveCapacity(appends.count)
        var refusals: [Int: LedgerError] = [:]
        for (index, append) in appends.enumerated() {
            do { prepared.append(try PreparedAppend(append)) } catch { refusals[index] = error }
        }
        guard !prepared.isEmpty else { return SubmittedAppends(done: appends.indices.map { .failure(refusals[$0]!) }) }
        let submitted = SubmittedAppends()
        let (count, refused) = (appends.count, refusals)
        writer.submit(Writer.Job(appends: prepared, durability: durability) { written in
            guard !refused.isEmpty else { return submitted.complete(written) }
            var next = written.makeIterator()
            submitted.complete((0..<count).map { refused[$0].map { .failure($0) } ?? next.next()! })
        })
        return submitted
    }

    /// Makes every append committed so far durable (after `.deferred` appends).
    public func flush() throws(LedgerError) {
        try checkOpen()
        try LedgerError.mapping { try store.environment.sync() }
    }

    /// The last record's position and chain hash.
    public func head() throws(LedgerError) -> Head {
        try checkOpen()
        let head = try LedgerError.mapping { try store.environment.read { try Writer.loadHead($0, store) } }
        return Head(position: head.position, hash: head.hash)
    }

    func checkOpen() throws(LedgerError) {
        if isClosed.load(ordering: .acquiring) { throw .closed }
    }

    var headSignal: PositionSignal { signal }
    /// Whether appends wake tails and waiters: this process's own, or another's that the ledger polls for.
    var seesAppends: Bool { writer != nil || poller != nil }

    private static func poll(_ store: LedgerStore, every interval: Duration, into signal: PositionSignal) -> Task<Void, Never> {
        Task.detached {
            while (try? await Task.sleep(for: interval)) != nil {
                // A failed read is tried again at the next tick: the writer may be growing the map.
                if let head = try? store.environment.read({ try Writer.loadHead($0, store) }) { signal.publish(head.position) }
            }
        }
    }

    private static func openStore(_ environment: Environment, directory: String) throws(LedgerError) -> LedgerStore {
        do {
            return try LedgerStore(environment: environment)
        } catch {
            guard error.isNotFound && environment.isReadOnly else { throw LedgerError(error) }
            throw .notALedger(directory: directory, reason: "it has no tiles database: it was written before the Merkle tree existed, and a read-only open cannot add it; open it once for writing (`fangxin serve`, `fangxin import`), which builds the tree")
        }
    }

    private static func checkFormat(_ store: LedgerStore, directory: String) throws(LedgerError) {
        let expected = LedgerStore.formatValue
        let key = Array("format".utf8)
        let stored = try LedgerError.mapping { try store.environment.read { try $0.value(forKey: key, in: store.meta) } }
        if let stored {
            guard stored == expected else {
                throw .notALedger(directory: directory, reason: "its format marker is \(stored), this build reads \(expected) (\(LedgerStore.formatName) \(LedgerStore.formatVersion))")
            }
        } else if !store.environment.isReadOnly {
            try LedgerError.mapping {
                try store.environment.write { transaction in
                    guard try transaction.reading({ try $0.count(in: store.records) }) == 0 else {
                        throw LedgerError.notALedger(directory: directory, reason: "it holds records but no format marker")
                    }
                    try transaction.put(expected, forKey: key, in: store.meta)
                }
            }
        }
    }
}

extension Timestamp {
    /// The system clock, to the microsecond.
    public static func now() -> Timestamp {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Timestamp(rawValue: Int64(time.tv_sec) * 1_000_000 + Int64(time.tv_nsec) / 1_000)
    }
}
