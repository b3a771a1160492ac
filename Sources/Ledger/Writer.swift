import Foundation
import LMDB
import Transparency

/// The ledger's one writer: a thread that takes every append waiting, writes them in one transaction and
/// commits them with one fsync (group commit), then answers each appender.
///
/// A commit writes the records alone. The indexes (stream index, stream heads, command ids) follow in
/// batches: the writer keeps what it has appended since the last batch in memory — the *pending* index —
/// and writes it, sorted, inside a later commit together with the `indexed-through` marker. So a durable
/// commit syncs a handful of neighbouring pages instead of one index leaf per stream, and a bulk load
/// inserts index entries in key order. Readers cover the short unindexed tail by scanning records; after a
/// restart or a failed transaction the writer rebuilds the pending index from that same tail. `IndexKeeper`
/// keeps the indexes: the pending batch, its writing, the stream heads and command ids each append looks up.
///
/// Each commit also adds its records to the Merkle tree and stores the tiles that changed (`TreeKeeper`). What
/// is left here is the group commit: taking the waiting jobs, writing their records, answering each appender,
/// and recovering from what is committed when a transaction fails.
///
/// Its state is touched only on its own thread. LMDB may run a transaction body again after growing the
/// map, and a transaction may fail: either way the writer recovers its state from what is committed.
final class Writer: @unchecked Sendable {
    typealias Completion = @Sendable ([Result<AppendResult, LedgerError>]) -> Void

    struct Job {
        var appends: [PreparedAppend]
        var durability: Durability
        var completion: Completion
        var eventCount: Int { appends.reduce(0) { $0 + $1.events.count } }
    }

    /// Records another ledger stored, to be appended as they are (a replica's copy), and what they must prove.
    struct CopyJob {
        var records: [[UInt8]]
        /// Never optional (`CopyCheck.recordsOnly` says "no tree"): an optional check here made test runs abort
        /// with a double free when the ledger closed, under Swift 6.3.1.
        var check: CopyCheck
        var completion: @Sendable (Result<Ledger.Head, LedgerError>) -> Void
    }

    /// What waits for the writer: appends are grouped into one commit; a copy commits alone.
    private enum Work {
        case appends(Job)
        case copy(CopyJob)
    }

    /// The last committed record.
    struct Head {
        var position: UInt64
        var hash: ChainHash
        var recordedAt: Int64
    }

    /// Bounds one transaction, so that a flood of appenders cannot build an unbounded commit.
    static let groupEventsMax = 50_000
    /// Pending index entries that make the next commit write the index: few for durable commits, which
    /// should stay small, many for deferred (bulk) ones, which gain most from large sorted batches. Few, too,
    /// because every new command and new stream a service decides scans the unindexed tail (`recordedCommand`,
    /// `readStream`): at 512, those scans took a sixth of the service's CPU under durable appends (BENCHMARKS.md).
    static let pendingEventsMaxDefault = (synced: 32, deferred: 200_000)

    let store: LedgerStore
    private let clock: @Sendable () -> Timestamp
    let keepsTree: Bool
    private let onCommit: @Sendable (UInt64) -> Void
    /// For tests only: fail a transaction after it has written this many records.
    private let failAfterRecords: Int?
    let pendingEventsMax: (synced: Int, deferred: Int)
    private let writesIndexOnClose: Bool

    private let condition = NSCondition()
    private var queue: [Work] = []
    private var stopping = false
    private let stopped = DispatchSemaphore(value: 0)

    /// Set when the writer could not rebuild its state after a failure: every later append is refused.
    private var broken: LedgerError?

    // Internal, not private, for the copy's part (Writer+Copy.swift); touched only on the writer's thread.
    var head = Head(position: 0, hash: .genesis, recordedAt: .min)
    var indexes = IndexKeeper()
    var tree = TreeKeeper()

    init(store: LedgerStore, clock: @escaping @Sendable () -> Timestamp, keepsTree: Bool, failAfterRecords: Int?,
         pendingEventsMax: (synced: Int, deferred: Int), writesIndexOnClose: Bool,
         onCommit: @escaping @Sendable (UInt64) -> Void) throws {
        self.store = store
        self.clock = clock
        self.keepsTree = keepsTree
        self.failAfterRecords = failAfterRecords
        self.pendingEventsMax = pendingEventsMax
        self.writesIndexOnClose = writesIndexOnClose
        self.onCommit = onCommit
        try store.environment.read { try recover($0) }
        if keepsTree && tree.edge.size != head.position {
            // A ledger written before the tree existed gets it now, in one transaction.
            try store.environment.write { transaction in
                guard tree.edge.size < head.position else {
                    throw LedgerError.damaged(position: 0, problem: "the tiles cover \(tree.edge.size) records, the log holds \(head.position)")
                }
                try tree.catchUp(to: head.position, in: transaction, store)
            }
        }
        let thread = Thread { [self] in run() }
        thread.name = "fangxin-ledger-writer"
        thread.start()
    }

    func submit(_ job: Job) {
        guard enqueue(.appends(job)) else { return job.completion(job.appends.map { _ in .failure(.closed) }) }
    }

    func submit(_ copy: CopyJob) {
        guard enqueue(.copy(copy)) else { return copy.completion(.failure(.closed)) }
    }

    /// False once the writer is stopping: the work is not taken.
    private func enqueue(_ work: Work) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !stopping else { return false }
        queue.append(work)
        condition.signal()
        return true
    }

    /// Finishes the appends already submitted, writes the pending index, then stops the thread; returns
    /// when it has stopped.
    func stop() {
        condition.lock()
        let first = !stopping
        stopping = true
        condition.signal()
        condition.unlock()
        if first { stopped.wait() }
    }

    private func run() {
        while let work = nextWork() {
            switch work {
            case let .appends(group, durability): commit(group, durability: durability)
            case let .copy(copy): commit(copy)
            }
        }
        // Leave the indexes complete, so that readers need not scan a tail. Failing here loses nothing:
        // the next writer rebuilds the pending index from the records.
        if writesIndexOnClose && broken == nil && !indexes.pending.isEmpty {
            _ = try? store.environment.write { try indexes.write(through: head.position, in: $0, store) }
        }
        stopped.signal()
    }

    private enum Taken {
        case appends([Job], Durability)
        case copy(CopyJob)
    }

    /// Waits for work, then takes a copy alone, or the longest run of append jobs of one durability within the
    /// group bound.
    private func nextWork() -> Taken? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !stopping { condition.wait() }
        guard let first = queue.first else { return nil }
        if case let .copy(copy) = first {
            queue.removeFirst()
            return .copy(copy)
        }
        var group: [Job] = []
        var events = 0
        for work in queue {
            guard case let .appends(job) = work, job.durability == group.first?.durability ?? job.durability else { break }
            let count = job.eventCount
            if !group.isEmpty && events + count > Writer.groupEventsMax { break }
            group.append(job)
            events += count
        }
        queue.removeFirst(group.count)
        return .appends(group, group[0].durability)
    }

    private func commit(_ group: [Job], durability: Durability) {
        if let broken {
            for job in group { job.completion(job.appends.map { _ in .failure(broken) }) }
            return
        }
        let headBefore = head.position
        switch transact(durability: durability, { transaction throws in try apply(group, durability: durability, in: transaction) }) {
        case let .failure(error):
            for job in group { job.completion(job.appends.map { _ in .failure(error) }) }
        case let .success(results):
            if head.position != headBefore { onCommit(head.position) }
            var rest = results[...]
            for job in group {
                job.completion(Array(rest.prefix(job.appends.count)))
                rest = rest.dropFirst(job.appends.count)
            }
        }
    }

    private func commit(_ copy: CopyJob) {
        if let broken { return copy.completion(.failure(broken)) }
        let headBefore = head.position
        let result = transact(durability: .synced) { transaction throws in try applyCopy(copy, in: transaction) }
        if case .success = result, head.position != headBefore { onCommit(head.position) }
        copy.completion(result)
    }

    /// Runs one write transaction; after a failure, starts again from what is committed, or refuses everything
    /// once nothing read back can be trusted.
    private func transact<R>(durability: Durability, _ body: (borrowing WriteTransaction) throws -> R) -> Result<R, LedgerError> {
        do {
            return .success(try LedgerError.mapping {
                if durability == .deferred { try store.environment.setSynchronousCommits(false) }
                defer { if durability == .deferred { try? store.environment.setSynchronousCommits(true) } }
                var attempts = 0
                return try store.environment.write { transaction in
                    attempts += 1
                    // A body run again after the map grew starts from what is committed, not from the
                    // state the aborted run left behind.
                    if attempts > 1 { try transaction.reading { try recover($0) } }
                    return try body(transaction)
                }
            })
        } catch {
            if case .syncFailed = error {
                // After a failed fsync the page cache may hold what never reached the disk (and may later be
                // dropped): nothing read back now can be trusted. Refuse every append until a reopen rereads it.
                broken = error
                return .failure(error)
            }
            // Our memory may describe writes that were rolled back: start again from the disk.
            do {
                try store.environment.read { try recover($0) }
            } catch {
                // Without a consistent state no further append can be checked: refuse them all.
                broken = .storage("the writer stopped after it could not reread the log (\(error)); reopen the ledger")
            }
            return .failure(error)
        }
    }

    /// Writes every append it can; an append that is refused writes nothing and leaves the others be.
    private func apply(_ group: [Job], durability: Durability, in transaction: borrowing WriteTransaction) throws -> [Result<AppendResult, LedgerError>] {
        try recoverIfStale(transaction)
        let pendingMax = durability == .synced ? pendingEventsMax.synced : pendingEventsMax.deferred
        if indexes.pending.eventCount >= pendingMax { try indexes.write(through: head.position, in: transaction, store) }

        let recordedAt = max(clock().rawValue, head.recordedAt)
        var results: [Result<AppendResult, LedgerError>] = []
        var recordsWritten = 0
        for job in group {
            for append in job.appends {
                if !append.commandID.isEmpty, let prior = try indexes.recordedCommand(append.commandID, in: transaction, store) {
                    if prior.stream == append.stream {
                        results.append(.success(prior.result))
                    } else {
                        results.append(.failure(.commandIDReused(
                            commandID: String(decoding: append.commandID.bytes, as: UTF8.self),
                            stream: append.stream, recordedStream: prior.stream)))
                    }
                    continue
                }
                let key = append.metadata.stream
                let known = try indexes.head(of: key, in: transaction, store)
                let actual = known?.version ?? 0
                guard append.expecting.admits(actual) else {
                    results.append(.failure(.wrongExpectedVersion(stream: append.stream, expected: append.expecting, actual: actual)))
                    continue
                }
                var stream = known ?? indexes.newStream()
                let first = (position: head.position + 1, version: stream.version + 1)
                for event in append.events {
                    let position = head.position + 1
                    let version = stream.version + 1
                    let previous = head.hash
                    var recordKey = Key.position(position)
                    let hash = try withUnsafeBytes(of: &recordKey) { recordKey in
                        try transaction.put(
                            forKey: recordKey, reserving: RecordWriter.size(of: append.metadata, event), in: store.records, options: .append
                        ) { buffer in
                            let body = RecordWriter.encode(
                                position: position, streamVersion: version, recordedAt: recordedAt,
                                metadata: append.metadata, event: event, into: buffer)
                            let hash = ChainHash.next(after: previous, body: body)
                            hash.write(to: UnsafeMutableRawBufferPointer(rebasing: buffer[body.count...]))
                            if keepsTree { tree.stage(record: UnsafeRawBufferPointer(buffer)) }
                            return hash
                        }
                    }
                    head = Head(position: position, hash: hash, recordedAt: recordedAt)
                    stream.version = version
                    indexes.appended(position, to: key, now: stream)
                    recordsWritten += 1
                    if let failAfterRecords, recordsWritten >= failAfterRecords {
                        throw LedgerError.storage("injected fault after \(recordsWritten) records")
                    }
                }
                if !append.commandID.isEmpty { indexes.appended(command: append.commandID, at: first.position, count: append.events.count) }
                results.append(.success(AppendResult(
                    positions: first.position...head.position, streamVersions: first.version...stream.version, alreadyRecorded: false)))
            }
        }
        if keepsTree && recordsWritten > 0 { try tree.store(in: transaction, store) }
        // A commit that leaves more than the batch unindexed writes the index with it: a bulk load's next lookups
        // then read the index instead of scanning a long unindexed tail.
        if indexes.pending.eventCount >= pendingMax { try indexes.write(through: head.position, in: transaction, store) }
        return results
    }

    /// Another process may have appended, or written the index, since our last commit: then our memory of the
    /// log is stale.
    func recoverIfStale(_ transaction: borrowing WriteTransaction) throws {
        let (storedHead, storedMarker) = try transaction.reading { transaction in
            (try transaction.last(in: store.records) { key, _ in key.loadBigEndian(at: 0) as UInt64 } ?? 0,
             try LedgerStore.indexedThrough(transaction, store))
        }
        if storedHead != head.position || storedMarker != indexes.indexedThrough { try transaction.reading { try recover($0) } }
    }

    /// Rebuilds the head, the tree and the indexes' state from what is committed.
    func recover(_ transaction: borrowing ReadTransaction) throws {
        head = try Writer.loadHead(transaction, store)
        try tree.load(transaction, store)
        try indexes.recover(transaction, store)
    }

    static func loadHead(_ transaction: borrowing ReadTransaction, _ store: LedgerStore) throws -> Head {
        try transaction.last(in: store.records) { _, bytes in try Head(lastRecord: bytes) } ?? Head(position: 0, hash: .genesis, recordedAt: .min)
    }
}

extension Writer.Head {
    init(lastRecord bytes: UnsafeRawBufferPointer) throws {
        let view = try RecordView(parsing: bytes)
        self.init(position: view.position, hash: view.chainHash, recordedAt: view.recordedAt.rawValue)
    }
}
