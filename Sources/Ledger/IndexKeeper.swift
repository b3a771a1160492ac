import LMDB

/// The writer's part that keeps the indexes (stream heads, the stream index, command ids): what has been
/// appended since they were last written (`PendingIndex`), written as one sorted batch with the
/// `indexed-through` marker; the stream heads read from the stored indexes; and the lookups every append makes,
/// which see both. It is touched only on the writer's thread.
struct IndexKeeper {
    /// Bounds the cache of indexed stream heads; past it the cache starts again empty.
    static let streamCacheEntriesMax = 1_000_000

    private(set) var pending = PendingIndex()
    /// The last position the stored indexes cover, as this writer last saw or wrote it.
    private(set) var indexedThrough: UInt64 = 0
    private var nextStreamNumber: UInt64 = 1
    /// Stream heads as the stored indexes hold them (streams untouched since the last batch).
    private var streamCache: [StreamKey: StreamHead] = [:]

    /// Rebuilds from what is committed: the marker, the stream numbering, and the pending index from the records
    /// after the marker.
    mutating func recover(_ transaction: borrowing ReadTransaction, _ store: LedgerStore) throws {
        streamCache.removeAll()
        pending = PendingIndex()
        indexedThrough = try LedgerStore.indexedThrough(transaction, store)
        nextStreamNumber = UInt64(try transaction.count(in: store.streams)) + 1
        var previous: (command: [UInt8], position: UInt64)?
        var key = Key.position(indexedThrough + 1)
        try withUnsafeBytes(of: &key) { start in
            try transaction.forEach(in: store.records, from: start) { _, bytes in
                let view = try RecordView(parsing: bytes)
                let name = StreamKey(Array(view.streamBytes))
                var stream = try pending.streams[name] ?? LedgerStore.streamHead(name, transaction, store) ?? newStream()
                guard view.streamVersion == stream.version + 1 else {
                    throw LedgerError.damaged(position: view.position, problem: "stream \"\(view.stream)\" version \(view.streamVersion) follows \(stream.version)")
                }
                stream.version = view.streamVersion
                appended(view.position, to: name, now: stream)
                // One command's events are consecutive: its entry starts at the first of them.
                let command = Array(view.commandIDBytes)
                if !command.isEmpty {
                    if let last = previous, last.command == command, last.position == view.position - 1 {
                        pending.commands[CommandKey(command)]?.count += 1
                    } else {
                        pending.commands[CommandKey(command)] = CommandEntry(firstPosition: view.position, count: 1)
                    }
                    previous = (command, view.position)
                } else {
                    previous = nil
                }
                return true
            }
        }
    }

    /// The stream's head: pending, cached or stored; nil for a stream not written yet.
    mutating func head(of stream: StreamKey, in transaction: borrowing WriteTransaction, _ store: LedgerStore) throws -> StreamHead? {
        if let head = pending.streams[stream] ?? streamCache[stream] { return head }
        if streamCache.count > Self.streamCacheEntriesMax { streamCache.removeAll() }
        let head = try transaction.reading { try LedgerStore.streamHead(stream, $0, store) }
        if let head { streamCache[stream] = head }
        return head
    }

    /// A new stream's head, numbered next.
    mutating func newStream() -> StreamHead {
        defer { nextStreamNumber += 1 }
        return StreamHead(number: nextStreamNumber, version: 0)
    }

    /// Notes a record appended at `position` to `stream`, whose head it now is.
    mutating func appended(_ position: UInt64, to stream: StreamKey, now head: StreamHead) {
        pending.entries.append(PendingIndex.Entry(number: head.number, version: head.version, position: position))
        pending.streams[stream] = head
    }

    /// Notes a command whose `count` events start at `position`.
    mutating func appended(command: CommandKey, at position: UInt64, count: Int) {
        pending.commands[command] = CommandEntry(firstPosition: position, count: UInt32(count))
    }

    /// What a command recorded earlier wrote, read back from its first record; nil for a command not recorded.
    func recordedCommand(_ commandID: CommandKey, in transaction: borrowing WriteTransaction, _ store: LedgerStore) throws -> (stream: String, result: AppendResult)? {
        let entry: CommandEntry
        if let pendingEntry = pending.commands[commandID] {
            entry = pendingEntry
        } else {
            guard let stored = try transaction.reading({ transaction in
                try commandID.withUnsafeBytes { id in try transaction.value(forKey: id, in: store.commands) { CommandEntry($0) } }
            }) else { return nil }
            guard let stored, stored.count > 0 else {
                throw LedgerError.damaged(position: 0, problem: "the commands entry of \"\(String(decoding: commandID.bytes, as: UTF8.self))\" is malformed")
            }
            entry = stored
        }
        var key = Key.position(entry.firstPosition)
        let first = try transaction.reading { transaction in
            try withUnsafeBytes(of: &key) { key in
                try transaction.value(forKey: key, in: store.records) { bytes in
                    let view = try RecordView(parsing: bytes)
                    return (stream: view.stream, version: view.streamVersion)
                }
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

    /// Writes the pending index, sorted, and moves the `indexed-through` marker to `head`, the last record.
    mutating func write(through head: UInt64, in transaction: borrowing WriteTransaction, _ store: LedgerStore) throws {
        pending.entries.sort { ($0.number, $0.version) < ($1.number, $1.version) }
        for entry in pending.entries {
            var indexKey = Key.streamVersion(number: entry.number, version: entry.version)
            var position = Key.position(entry.position)
            try withUnsafeBytes(of: &indexKey) { indexKey in
                try withUnsafeBytes(of: &position) { position in
                    try transaction.put(position, forKey: indexKey, in: store.streamIndex, options: .noOverwrite)
                }
            }
        }
        for (name, stream) in pending.streams {
            var value = stream.encoded
            try name.withUnsafeBytes { name in
                try withUnsafeBytes(of: &value) { value in try transaction.put(value, forKey: name, in: store.streams) }
            }
            streamCache[name] = stream
        }
        for (id, entry) in pending.commands {
            try id.withUnsafeBytes { id in
                try entry.encoded.withUnsafeBytes { value in try transaction.put(value, forKey: id, in: store.commands, options: .noOverwrite) }
            }
        }
        var marker = Key.position(head)
        try LedgerStore.indexedThroughKey.withUnsafeBytes { key in
            try withUnsafeBytes(of: &marker) { value in try transaction.put(value, forKey: key, in: store.meta) }
        }
        indexedThrough = head
        pending = PendingIndex()
    }
}
