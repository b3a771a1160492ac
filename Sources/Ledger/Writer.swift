import Foundation
import LMDB

/// The ledger's one writer: a thread that takes every append waiting, writes them in one transaction and
/// commits them with one fsync (group commit), then answers each appender.
///
/// Its state (head, stream cache) is touched only on its own thread. LMDB may run a transaction body again
/// after growing the map, so the body keeps the head in locals, adopted only once the commit succeeds; the
/// stream cache it updates in place, and empties whenever a transaction does not commit (a cache may
/// always be emptied).
final class Writer: @unchecked Sendable {
    typealias Completion = @Sendable ([Result<AppendResult, LedgerError>]) -> Void

    struct Job {
        var appends: [PreparedAppend]
        var durability: Durability
        var completion: Completion
        var eventCount: Int { appends.reduce(0) { $0 + $1.events.count } }
    }

    /// The last committed record.
    struct Head {
        var position: UInt64
        var hash: ChainHash
        var recordedAt: Int64
    }

    /// What one transaction did, adopted after it commits.
    private struct Outcome {
        var head: Head
        var nextStreamNumber: UInt64
        var results: [Result<AppendResult, LedgerError>]
    }

    /// A cached stream head, and where this transaction keeps its final value (if it touched the stream).
    private struct CachedStream {
        var head: StreamHead
        /// The transaction that last touched the stream, and the slot in `touched` it gave it.
        var transaction: UInt64
        var slot: Int
    }

    /// Bounds one transaction, so that a flood of appenders cannot build an unbounded commit.
    static let groupEventsMax = 50_000
    /// Bounds the stream cache; past it the cache starts again empty.
    static let streamCacheEntriesMax = 1_000_000

    private let store: LedgerStore
    private let clock: @Sendable () -> Timestamp
    private let onCommit: @Sendable (UInt64) -> Void
    /// For tests only: fail a transaction after it has written this many records.
    private let failAfterRecords: Int?

    private let condition = NSCondition()
    private var queue: [Job] = []
    private var stopping = false
    private let stopped = DispatchSemaphore(value: 0)

    private var head: Head
    private var nextStreamNumber: UInt64
    private var streamCache: [StreamKey: CachedStream] = [:]
    /// Counts transactions, so that a cached stream knows whether the current one touched it yet.
    private var transactionNumber: UInt64 = 0

    init(store: LedgerStore, clock: @escaping @Sendable () -> Timestamp, failAfterRecords: Int?,
         onCommit: @escaping @Sendable (UInt64) -> Void) throws {
        self.store = store
        self.clock = clock
        self.failAfterRecords = failAfterRecords
        self.onCommit = onCommit
        let (loadedHead, streamCount) = try store.environment.read { transaction in
            (try Writer.loadHead(transaction, store), try transaction.count(in: store.streams))
        }
        head = loadedHead
        nextStreamNumber = UInt64(streamCount) + 1
        let thread = Thread { [self] in run() }
        thread.name = "fangxin-ledger-writer"
        thread.start()
    }

    func submit(_ job: Job) {
        condition.lock()
        guard !stopping else {
            condition.unlock()
            job.completion(job.appends.map { _ in .failure(.closed) })
            return
        }
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Finishes the appends already submitted, then stops the thread; returns when it has stopped.
    func stop() {
        condition.lock()
        let first = !stopping
        stopping = true
        condition.signal()
        condition.unlock()
        if first { stopped.wait() }
    }

    private func run() {
        while let (group, durability) = nextGroup() {
            commit(group, durability: durability)
        }
        stopped.signal()
    }

    /// Waits for work, then takes the longest run of jobs of one durability within the group bound.
    private func nextGroup() -> ([Job], Durability)? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !stopping { condition.wait() }
        guard let first = queue.first else { return nil }
        var taken = 0
        var events = 0
        for job in queue {
            guard job.durability == first.durability else { break }
            let count = job.eventCount
            if taken > 0 && events + count > Writer.groupEventsMax { break }
            taken += 1
            events += count
        }
        let group = Array(queue.prefix(taken))
        queue.removeFirst(taken)
        return (group, first.durability)
    }

    private func commit(_ group: [Job], durability: Durability) {
        let outcome: Outcome
        do {
            outcome = try LedgerError.mapping {
                if durability == .deferred { try store.environment.setSynchronousCommits(false) }
                defer { if durability == .deferred { try? store.environment.setSynchronousCommits(true) } }
                return try store.environment.write { transaction in
                    do {
                        return try apply(group, in: transaction)
                    } catch {
                        streamCache.removeAll()   // it may hold streams this transaction will not commit
                        throw error
                    }
                }
            }
        } catch {
            streamCache.removeAll()
            for job in group { job.completion(job.appends.map { _ in .failure(error) }) }
            return
        }
        let moved = outcome.head.position != head.position
        head = outcome.head
        nextStreamNumber = outcome.nextStreamNumber
        if moved { onCommit(head.position) }
        var results = outcome.results[...]
        for job in group {
            job.completion(Array(results.prefix(job.appends.count)))
            results = results.dropFirst(job.appends.count)
        }
    }

    /// Writes every append it can; an append that is refused writes nothing and leaves the others be.
    private func apply(_ group: [Job], in transaction: borrowing WriteTransaction) throws -> Outcome {
        var head = self.head
        var nextStreamNumber = self.nextStreamNumber
        transactionNumber += 1
        // Another process may have written since our last commit: then our memory of the log is stale.
        let storedHead = try transaction.last(in: store.records) { key, _ in key.loadBigEndian(at: 0) as UInt64 } ?? 0
        if storedHead != head.position || streamCache.count > Writer.streamCacheEntriesMax {
            streamCache.removeAll()
        }
        if storedHead != head.position {
            head = try Writer.loadHead(transaction, store)
            nextStreamNumber = UInt64(try transaction.count(in: store.streams)) + 1
        }
        let recordedAt = max(clock().rawValue, head.recordedAt)
        var touched: [(key: StreamKey, head: StreamHead)] = []
        var recordedCommands: [CommandKey: (stream: String, result: AppendResult)] = [:]
        var results: [Result<AppendResult, LedgerError>] = []
        var recordsWritten = 0

        for job in group {
            for append in job.appends {
                if !append.commandID.isEmpty {
                    if let prior = try recordedCommands[append.commandID] ?? recordedCommand(append.commandID, in: transaction) {
                        if prior.stream == append.stream {
                            results.append(.success(prior.result))
                        } else {
                            results.append(.failure(.commandIDReused(
                                commandID: String(decoding: append.commandID.bytes, as: UTF8.self),
                                stream: append.stream, recordedStream: prior.stream)))
                        }
                        continue
                    }
                }
                let key = append.metadata.stream
                var cacheIndex = streamCache.index(forKey: key)
                if cacheIndex == nil, let stored = try storedStreamHead(key, in: transaction) {
                    streamCache[key] = CachedStream(head: stored, transaction: 0, slot: 0)
                    cacheIndex = streamCache.index(forKey: key)
                }
                let actual = cacheIndex.map { streamCache.values[$0].head.version } ?? 0
                guard append.expecting.admits(actual) else {
                    results.append(.failure(.wrongExpectedVersion(stream: append.stream, expected: append.expecting, actual: actual)))
                    continue
                }
                var stream = cacheIndex.map { streamCache.values[$0].head } ?? StreamHead(number: nextStreamNumber, version: 0)
                if cacheIndex == nil { nextStreamNumber += 1 }
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
                            return hash
                        }
                    }
                    var indexKey = Key.streamVersion(number: stream.number, version: version)
                    try withUnsafeBytes(of: &indexKey) { indexKey in
                        try withUnsafeBytes(of: &recordKey) { indexValue in
                            try transaction.put(indexValue, forKey: indexKey, in: store.streamIndex, options: .noOverwrite)
                        }
                    }
                    head = Head(position: position, hash: hash, recordedAt: recordedAt)
                    stream.version = version
                    recordsWritten += 1
                    if let failAfterRecords, recordsWritten >= failAfterRecords {
                        throw LedgerError.storage("injected fault after \(recordsWritten) records")
                    }
                }
                // Update the cache in place; the first touch in this transaction claims a slot in `touched`.
                if let index = cacheIndex, streamCache.values[index].transaction == transactionNumber {
                    streamCache.values[index].head = stream
                    touched[streamCache.values[index].slot].head = stream
                } else {
                    touched.append((key, stream))
                    let cached = CachedStream(head: stream, transaction: transactionNumber, slot: touched.count - 1)
                    if let index = cacheIndex { streamCache.values[index] = cached } else { streamCache[key] = cached }
                }
                let result = AppendResult(
                    positions: first.position...head.position, streamVersions: first.version...stream.version, alreadyRecorded: false)
                if !append.commandID.isEmpty {
                    let entry = CommandEntry(firstPosition: first.position, count: UInt32(append.events.count))
                    try append.commandID.withUnsafeBytes { id in
                        try entry.encoded.withUnsafeBytes { value in
                            try transaction.put(value, forKey: id, in: store.commands, options: .noOverwrite)
                        }
                    }
                    var replay = result
                    replay.alreadyRecorded = true
                    recordedCommands[append.commandID] = (append.stream, replay)
                }
                results.append(.success(result))
            }
        }
        for (name, stream) in touched {
            var value = stream.encoded
            try name.withUnsafeBytes { name in
                try withUnsafeBytes(of: &value) { value in try transaction.put(value, forKey: name, in: store.streams) }
            }
        }
        return Outcome(head: head, nextStreamNumber: nextStreamNumber, results: results)
    }

    private func storedStreamHead(_ stream: StreamKey, in transaction: borrowing WriteTransaction) throws -> StreamHead? {
        try stream.bytes.withUnsafeBytes { name in
            try transaction.value(forKey: name, in: store.streams) { value in
                guard let head = StreamHead(value) else {
                    throw LedgerError.damaged(position: 0, problem: "the streams entry of \"\(String(decoding: name, as: UTF8.self))\" is \(value.count) bytes, not 16")
                }
                return head
            }
        }
    }

    /// What a command recorded earlier wrote, read back from its first record.
    private func recordedCommand(_ commandID: CommandKey, in transaction: borrowing WriteTransaction) throws -> (stream: String, result: AppendResult)? {
        guard let entry = try commandID.withUnsafeBytes({ id in
            try transaction.value(forKey: id, in: store.commands) { CommandEntry($0) }
        }) else { return nil }
        guard let entry, entry.count > 0 else {
            throw LedgerError.damaged(position: 0, problem: "the commands entry of \"\(String(decoding: commandID.bytes, as: UTF8.self))\" is malformed")
        }
        var key = Key.position(entry.firstPosition)
        let first = try withUnsafeBytes(of: &key) { key in
            try transaction.value(forKey: key, in: store.records) { bytes in
                let view = try RecordView(parsing: bytes)
                return (stream: view.stream, version: view.streamVersion)
            }
        }
        guard let first else {
            throw LedgerError.damaged(position: entry.firstPosition, problem: "command \"\(String(decoding: commandID.bytes, as: UTF8.self))\" points at a missing record")
        }
        let last = UInt64(entry.count) - 1
        return (first.stream, AppendResult(
            positions: entry.firstPosition...(entry.firstPosition + last),
            streamVersions: first.version...(first.version + last), alreadyRecorded: true))
    }

    static func loadHead(_ transaction: borrowing ReadTransaction, _ store: LedgerStore) throws -> Head {
        try transaction.last(in: store.records) { _, bytes in try Head(lastRecord: bytes) } ?? Head(position: 0, hash: .genesis, recordedAt: .min)
    }

    static func loadHead(_ transaction: borrowing WriteTransaction, _ store: LedgerStore) throws -> Head {
        try transaction.last(in: store.records) { _, bytes in try Head(lastRecord: bytes) } ?? Head(position: 0, hash: .genesis, recordedAt: .min)
    }
}

extension Writer.Head {
    init(lastRecord bytes: UnsafeRawBufferPointer) throws {
        let view = try RecordView(parsing: bytes)
        self.init(position: view.position, hash: view.chainHash, recordedAt: view.recordedAt.rawValue)
    }
}
