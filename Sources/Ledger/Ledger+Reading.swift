import LMDB

extension Ledger {
    /// Visits records in position order from `position`, each decoded in place, until `body` returns false.
    ///
    /// The views are valid only during `body`. The scan sees one snapshot: appends that commit meanwhile
    /// are not visited.
    public func scan(from position: UInt64 = 1, _ body: (RecordView) throws -> Bool) throws {
        try checkOpen()
        try LedgerError.mapping {
            try store.environment.read { transaction in
                var key = Key.position(max(position, 1))
                try withUnsafeBytes(of: &key) { start in
                    try transaction.forEach(in: store.records, from: start) { key, value in
                        let position: UInt64 = key.loadBigEndian(at: 0)
                        do {
                            return try body(try RecordView(parsing: value))
                        } catch let error as RecordFormatError {
                            throw LedgerError.damaged(position: position, problem: error.description)
                        }
                    }
                }
            }
        }
    }

    /// Up to `limit` events from global position `position` on, in order.
    public func read(from position: UInt64 = 1, limit: Int = .max) throws(LedgerError) -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        guard limit > 0 else { return events }
        try LedgerError.mapping {
            try scan(from: position) { view in
                events.append(RecordedEvent(view))
                return events.count < limit
            }
        }
        return events
    }

    /// Up to `limit` events of one stream from `version` on (versions count from 1), in order.
    ///
    /// Reads the stream index up to its `indexed-through` marker, then scans the few records after it.
    public func readStream(_ stream: String, fromVersion version: UInt64 = 1, limit: Int = .max) throws(LedgerError) -> [RecordedEvent] {
        try checkOpen()
        var events: [RecordedEvent] = []
        guard limit > 0 else { return events }
        let name = StreamKey(Array(stream.utf8))
        try LedgerError.mapping {
            try store.environment.read { transaction in
                var next = max(version, 1)
                let indexedThrough = try LedgerStore.indexedThrough(transaction, store)
                if let head = try LedgerStore.streamHead(name, transaction, store), next <= head.version {
                    var start = Key.streamVersion(number: head.number, version: next)
                    try withUnsafeBytes(of: &start) { start in
                        try transaction.forEach(in: store.streamIndex, from: start) { key, value in
                            guard key.loadBigEndian(at: 0) as UInt64 == head.number else { return false }
                            let position: UInt64 = value.loadBigEndian(at: 0)
                            guard let event = try record(at: position, transaction) else {
                                throw LedgerError.damaged(position: position, problem: "the stream index of \"\(stream)\" points at a missing record")
                            }
                            events.append(event)
                            next = event.streamVersion + 1
                            return events.count < limit
                        }
                    }
                }
                guard events.count < limit else { return }
                var start = Key.position(indexedThrough + 1)
                try withUnsafeBytes(of: &start) { start in
                    try transaction.forEach(in: store.records, from: start) { key, value in
                        let view: RecordView
                        do { view = try RecordView(parsing: value) } catch {
                            throw LedgerError.damaged(position: key.loadBigEndian(at: 0), problem: "\(error)")
                        }
                        if view.streamVersion >= next && view.streamBytes.elementsEqual(name.bytes) {
                            events.append(RecordedEvent(view))
                        }
                        return events.count < limit
                    }
                }
            }
        }
        return events
    }

    /// Up to `limit` events of one stream recorded after global position `position`, in order. The first is found by
    /// a binary search of the stream's index, so that a page deep into a long stream costs what it returns.
    public func readStream(_ stream: String, afterPosition position: UInt64, limit: Int) throws(LedgerError) -> [RecordedEvent] {
        try checkOpen()
        guard limit > 0 else { return [] }
        let name = StreamKey(Array(stream.utf8))
        var version: UInt64 = try LedgerError.mapping {
            try store.environment.read { transaction in
                guard let head = try LedgerStore.streamHead(name, transaction, store) else { return 1 }
                // The first version recorded after `position`; versions not indexed yet count as later, and the
                // filter below drops those that are not.
                var low: UInt64 = 1, high = head.version == .max ? .max : head.version + 1
                while low < high {
                    let middle = low + (high - low) / 2
                    var key = Key.streamVersion(number: head.number, version: middle)
                    let recordedAt = try withUnsafeBytes(of: &key) { key in
                        try transaction.value(forKey: key, in: store.streamIndex) { $0.loadBigEndian(at: 0) as UInt64 }
                    }
                    if let recordedAt, recordedAt <= position { low = middle + 1 } else { high = middle }
                }
                return low
            }
        }
        var events: [RecordedEvent] = []
        while true {
            let wanted = limit - events.count
            let batch = try readStream(stream, fromVersion: version, limit: wanted)
            events += batch.filter { $0.position > position }
            guard batch.count == wanted, events.count < limit, let last = batch.last, last.streamVersion < .max else { return events }
            version = last.streamVersion + 1
        }
    }

    private func record(at position: UInt64, _ transaction: borrowing ReadTransaction) throws -> RecordedEvent? {
        var key = Key.position(position)
        return try withUnsafeBytes(of: &key) { key in
            try transaction.value(forKey: key, in: store.records) { bytes in
                do {
                    return RecordedEvent(try RecordView(parsing: bytes))
                } catch {
                    throw LedgerError.damaged(position: position, problem: "\(error)")
                }
            }
        }
    }

    /// Every event from `position` on, then each new one as it commits, until the ledger closes or the
    /// consumer stops. Waiting costs nothing: commits wake the reader.
    ///
    /// Only this process's commits wake a tail, or another's on a ledger opened read-only that follows them
    /// (`Options.followsOtherWriterEvery`); otherwise, on a ledger opened read-only, the stream ends once it has
    /// caught up with the log.
    public func tail(from position: UInt64 = 1, batchSize: Int = 1_024) -> AsyncThrowingStream<RecordedEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<RecordedEvent, any Error>.makeStream(bufferingPolicy: .unbounded)
        let task = Task { [self] in
            var next = max(position, 1)
            do {
                while !Task.isCancelled {
                    let batch = try read(from: next, limit: batchSize)
                    for event in batch {
                        // Backpressure is the consumer's: an unbounded buffer never drops an event.
                        continuation.yield(event)
                    }
                    if let last = batch.last {
                        next = last.position + 1
                        if batch.count == batchSize { continue }
                    }
                    guard seesAppends, await headSignal.wait(beyond: next - 1) != nil else { break }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}

extension Ledger {
    /// Where a command's events landed, if the command was recorded: lets a caller answer a retry before
    /// deciding it again. Covers the unindexed tail too.
    public func recordedCommand(_ commandID: String) throws(LedgerError) -> AppendResult? {
        try checkOpen()
        let id = Array(commandID.utf8)
        return try LedgerError.mapping {
            try store.environment.read { transaction -> AppendResult? in
                let indexed = try transaction.value(forKey: id, in: store.commands)
                var first: (position: UInt64, version: UInt64)?
                var count: UInt64 = 0
                if let indexed {
                    guard let entry = indexed.withUnsafeBytes({ CommandEntry($0) }) else {
                        throw LedgerError.damaged(position: 0, problem: "the commands entry of \"\(commandID)\" is malformed")
                    }
                    guard let event = try record(at: entry.firstPosition, transaction) else {
                        throw LedgerError.damaged(position: entry.firstPosition, problem: "command \"\(commandID)\" points at a missing record")
                    }
                    first = (entry.firstPosition, event.streamVersion)
                    count = UInt64(entry.count)
                } else {
                    // A command's events are consecutive records carrying its id.
                    var start = Key.position(try LedgerStore.indexedThrough(transaction, store) + 1)
                    try withUnsafeBytes(of: &start) { start in
                        try transaction.forEach(in: store.records, from: start) { _, value in
                            let view = try RecordView(parsing: value)
                            let matches = view.commandIDBytes.elementsEqual(id)
                            if matches {
                                if first == nil { first = (view.position, view.streamVersion) }
                                count += 1
                            }
                            return first == nil || matches
                        }
                    }
                }
                guard let first else { return nil }
                return AppendResult(
                    positions: first.position...(first.position + count - 1),
                    streamVersions: first.version...(first.version + count - 1), alreadyRecorded: true)
            }
        }
    }
}

extension Ledger {
    /// Returns once an append of this process (or another's, on a ledger opened read-only that follows them) has
    /// moved the head beyond `position`, with the new head; nil once the ledger closes, the task is cancelled, or
    /// at once on a ledger opened read-only that does not follow another writer.
    public func waitForAppend(beyond position: UInt64) async -> UInt64? {
        guard seesAppends else { return nil }
        return await headSignal.wait(beyond: position)
    }
}

extension Ledger {
    /// The last position recorded at or before `time` (0 when none was): what the log held then. Recorded
    /// times never decrease along the log, so a binary search finds it.
    public func position(recordedAtOrBefore time: Timestamp) throws(LedgerError) -> UInt64 {
        var low: UInt64 = 0, high = try head().position
        while low < high {
            let middle = low + (high - low + 1) / 2
            guard let event = try read(from: middle, limit: 1).first else { break }
            if event.recordedAt <= time { low = middle } else { high = middle - 1 }
        }
        return low
    }
}
