import LMDB
import Transparency

/// What `verify()` checked, when everything held.
public struct VerificationReport: Hashable, Sendable {
    public var records: UInt64
    /// The last position the indexes cover; the records after it are found by scanning.
    public var indexedThrough: UInt64
    public var streams: Int
    public var commands: Int
    public var head: Ledger.Head
}

/// The first thing `verify()` found wrong.
public struct VerificationFailure: Error, Hashable, CustomStringConvertible {
    /// The record involved, when there is one.
    public var position: UInt64?
    /// The named database where the problem lies: records, streams, stream-index or commands.
    public var database: String
    public var problem: String

    public var description: String {
        if let position { return "\(database), position \(position): \(problem)" }
        return "\(database): \(problem)"
    }
}

extension Ledger {
    /// Recomputes the chain over the whole log and checks every index against the records.
    ///
    /// Throws `VerificationFailure` naming the first bad position, or `LedgerError` if the ledger cannot be read.
    /// Reads one snapshot, so it can run beside a live writer. `progress` is called every million records.
    public func verify(progress: (UInt64) -> Void = { _ in }) throws -> VerificationReport {
        try checkOpen()
        do {
            return try store.environment.read { transaction in
                try Verifier(store: store).run(transaction, progress: progress)
            }
        } catch let error as LMDBError {
            throw LedgerError(error)
        }
    }
}

struct Verifier {
    let store: LedgerStore

    func run(_ transaction: borrowing ReadTransaction, progress: (UInt64) -> Void) throws -> VerificationReport {
        let indexedThrough = try LedgerStore.indexedThrough(transaction, store)
        var expected: UInt64 = 1
        var previousHash = ChainHash.genesis
        var previousRecordedAt = Int64.min
        var versions: [StreamKey: UInt64] = [:]
        var indexedVersions: [StreamKey: UInt64] = [:]
        var firstRecordOrder: [StreamKey: UInt64] = [:]
        var previousCommand: (id: [UInt8], position: UInt64)?
        var commands = 0, indexedCommands = 0
        var tree = TreeEdge()
        var tiles = 0

        try transaction.forEach(in: store.records) { key, value in
            guard key.count == 8 else { throw fail(nil, "records", "a key of \(key.count) bytes, not 8") }
            let position: UInt64 = key.loadBigEndian(at: 0)
            guard position == expected else {
                throw fail(expected, "records", position > expected ? "missing: the next record is at \(position)" : "key \(position) out of order")
            }
            let view: RecordView
            do { view = try RecordView(parsing: value) } catch { throw fail(position, "records", "malformed envelope: \(error)") }
            let computed = ChainHash.next(after: previousHash, body: view.hashedBytes)
            guard computed == view.chainHash else {
                throw fail(position, "records", "chain hash mismatch: stored \(view.chainHash.hex), computed \(computed.hex); the record or one before it was altered")
            }
            guard view.position == position else {
                throw fail(position, "records", "the envelope says position \(view.position)")
            }
            guard view.recordedAt.rawValue >= previousRecordedAt else {
                throw fail(position, "records", "recorded at \(view.recordedAt.rawValue) µs, before the previous record's \(previousRecordedAt) µs")
            }
            if let fault = Self.fieldFault(view) { throw fail(position, "records", fault) }
            let stream = StreamKey(Array(view.streamBytes))
            let version = (versions[stream] ?? 0) + 1
            // Stream numbers are given in the order of each stream's first record.
            if version == 1, position <= indexedThrough { firstRecordOrder[stream] = UInt64(firstRecordOrder.count + 1) }
            guard view.streamVersion == version else {
                throw fail(position, "records", "stream \"\(view.stream)\" version \(view.streamVersion), expected \(version)")
            }
            versions[stream] = version
            // A command's events are consecutive; its entry in `commands` spans them, if they are indexed.
            let command = Array(view.commandIDBytes)
            if !command.isEmpty {
                let continues = previousCommand.map { $0.id == command && $0.position == position - 1 } ?? false
                if !continues {
                    commands += 1
                    if position <= indexedThrough { indexedCommands += 1 }
                }
                try checkCommand(of: view, indexed: position <= indexedThrough, transaction)
                previousCommand = (command, position)
            } else {
                previousCommand = nil
            }
            try tree.append(leaf: TreeHash.leaf(value)) { address, hashes in
                tiles += 1
                try checkTile(address, holds: hashes, transaction)
            }
            previousHash = computed
            previousRecordedAt = view.recordedAt.rawValue
            if position == indexedThrough { indexedVersions = versions }
            if position % 1_000_000 == 0 { progress(position) }
            expected += 1
            return true
        }
        let records = expected - 1
        guard indexedThrough <= records else {
            throw fail(nil, "meta", "the indexes claim to cover position \(indexedThrough), but the log ends at \(records)")
        }
        try checkMeta(transaction)
        try checkTree(tree, fullTiles: tiles, transaction)
        let numbers = try checkStreams(indexedVersions, numbered: firstRecordOrder, transaction)
        try checkStreamIndex(numbers, records: indexedThrough, transaction)
        let commandEntries = try transaction.count(in: store.commands)
        guard commandEntries == indexedCommands else {
            throw fail(nil, "commands", "\(commandEntries) entries for \(indexedCommands) commands recorded up to position \(indexedThrough)")
        }
        return VerificationReport(
            records: records, indexedThrough: indexedThrough, streams: versions.count, commands: commands,
            head: Ledger.Head(position: records, hash: previousHash))
    }

    /// An indexed record carrying a command id lies inside the span `commands` gives that id; an unindexed
    /// one has no entry yet.
    private func checkCommand(of view: RecordView, indexed: Bool, _ transaction: borrowing ReadTransaction) throws {
        let entry = try transaction.value(forKey: view.commandIDBytes, in: store.commands) { CommandEntry($0) }
        guard indexed else {
            // A retried command writes nothing, so an id in the tail cannot have been indexed before.
            guard entry == nil else {
                throw fail(view.position, "commands", "command \"\(view.commandID ?? "")\" has an entry, but its records are not indexed yet")
            }
            return
        }
        guard let entry else { throw fail(view.position, "commands", "command \"\(view.commandID ?? "")\" has no entry") }
        guard let entry, entry.firstPosition <= view.position, view.position < entry.firstPosition + UInt64(entry.count) else {
            throw fail(view.position, "commands", "the entry of command \"\(view.commandID ?? "")\" does not span this record")
        }
    }

    /// `streams` holds exactly the streams of the indexed records, each at its last indexed version; returns
    /// number → stream.
    private func checkStreams(_ versions: [StreamKey: UInt64], numbered order: [StreamKey: UInt64],
                              _ transaction: borrowing ReadTransaction) throws -> [UInt64: [UInt8]] {
        var numbers: [UInt64: [UInt8]] = [:]
        try transaction.forEach(in: store.streams) { key, value in
            let name = Array(key)
            let text = String(decoding: key, as: UTF8.self)
            guard let head = StreamHead(value) else { throw fail(nil, "streams", "the entry of \"\(text)\" is \(value.count) bytes, not 16") }
            guard let version = versions[StreamKey(name)] else { throw fail(nil, "streams", "\"\(text)\" has no indexed records") }
            guard head.version == version else {
                throw fail(nil, "streams", "\"\(text)\" is recorded at version \(head.version), its records reach \(version)")
            }
            guard numbers.updateValue(name, forKey: head.number) == nil else {
                throw fail(nil, "streams", "stream number \(head.number) is given twice")
            }
            guard head.number == order[StreamKey(name)] else {
                throw fail(nil, "streams", "\"\(text)\" has number \(head.number), but its first record makes it stream \(order[StreamKey(name)] ?? 0)")
            }
            return true
        }
        guard numbers.count == versions.count else {
            throw fail(nil, "streams", "\(versions.count) streams have indexed records but \(numbers.count) have entries")
        }
        return numbers
    }

    /// `stream-index` maps each (stream, version) to the record holding it, one entry per indexed record.
    private func checkStreamIndex(_ numbers: [UInt64: [UInt8]], records: UInt64, _ transaction: borrowing ReadTransaction) throws {
        var entries: UInt64 = 0
        var current: (number: UInt64, version: UInt64) = (0, 0)
        try transaction.forEach(in: store.streamIndex) { key, value in
            guard key.count == 16, value.count == 8 else { throw fail(nil, "stream-index", "an entry of \(key.count)+\(value.count) bytes, not 16+8") }
            let number: UInt64 = key.loadBigEndian(at: 0)
            let version: UInt64 = key.loadBigEndian(at: 8)
            let position: UInt64 = value.loadBigEndian(at: 0)
            guard let stream = numbers[number] else { throw fail(position, "stream-index", "stream number \(number) is unknown") }
            let expectedVersion = number == current.number ? current.version + 1 : 1
            guard version == expectedVersion else {
                throw fail(position, "stream-index", "stream \"\(String(decoding: stream, as: UTF8.self))\" has version \(version) where \(expectedVersion) was expected")
            }
            var recordKey = Key.position(position)
            let matches = try withUnsafeBytes(of: &recordKey) { recordKey in
                try transaction.value(forKey: recordKey, in: store.records) { bytes in
                    let view = try RecordView(parsing: bytes)
                    return view.streamVersion == version && view.streamBytes.elementsEqual(stream)
                }
            }
            guard matches == true else {
                throw fail(position, "stream-index", "(\"\(String(decoding: stream, as: UTF8.self))\", \(version)) points at a record that is not that event")
            }
            current = (number, version)
            entries += 1
            return true
        }
        guard entries == records else {
            throw fail(nil, "stream-index", "\(entries) entries for \(records) records")
        }
    }

    /// A stored tile holds exactly the hashes the records give it.
    private func checkTile(_ address: TileAddress, holds hashes: [TreeHash], _ transaction: borrowing ReadTransaction) throws {
        // The first record under the tile: where an auditor starts looking.
        let firstRecord = address.index << UInt64(TileAddress.height * (address.level + 1)) + 1
        guard let stored = try LedgerStore.tile(address, transaction, store) else {
            throw fail(firstRecord, "tiles", "\(address) is missing")
        }
        guard stored.count == hashes.count else {
            throw fail(firstRecord, "tiles", "\(address) holds \(stored.count) hashes, the records give it \(hashes.count)")
        }
        if let index = stored.indices.first(where: { stored[$0] != hashes[$0] }) {
            throw fail(firstRecord, "tiles", "hash \(index) of \(address) is \(stored[index].base64), the records give \(hashes[index].base64)")
        }
    }

    /// The tiles are exactly those of the tree over every record: its full tiles (checked as they filled),
    /// its partial tiles, and nothing else.
    private func checkTree(_ tree: TreeEdge, fullTiles: Int, _ transaction: borrowing ReadTransaction) throws {
        let treeSize = try LedgerStore.treeSize(transaction, store)
        guard treeSize == tree.size else {
            throw fail(nil, "tiles", "the tree-size marker says \(treeSize) records, the log holds \(tree.size)")
        }
        for (address, hashes) in tree.partialTiles { try checkTile(address, holds: hashes, transaction) }
        let partialTiles = tree.partialTiles.count
        let stored = try transaction.count(in: store.tiles)
        guard stored == fullTiles + partialTiles else {
            throw fail(nil, "tiles", "\(stored) tiles are stored, the tree of \(tree.size) records has \(fullTiles + partialTiles)")
        }
    }

    /// `meta` holds `format`, `tree-size` and, once an index batch was written, `indexed-through`: nothing else.
    private func checkMeta(_ transaction: borrowing ReadTransaction) throws {
        try transaction.forEach(in: store.meta) { key, _ in
            let name = String(decoding: key, as: UTF8.self)
            guard name == "format" || name == "indexed-through" || name == "tree-size" else { throw fail(nil, "meta", "an unknown key \"\(name)\"") }
            return true
        }
    }

    /// What a record's text fields and payload break of the format's rules (docs/FORMAT.md, "The record
    /// envelope"): nil when nothing.
    static func fieldFault(_ view: RecordView) -> String? {
        for (index, field) in view.textFields.enumerated() {
            if field.bytes.isEmpty {
                if index < RecordFormat.requiredTextFields { return "the \(field.name) is empty" }
                continue
            }
            guard field.bytes.count <= PreparedAppend.Limits.textBytesMax else {
                return "the \(field.name) is \(field.bytes.count) bytes, more than \(PreparedAppend.Limits.textBytesMax)"
            }
            // Most fields are ASCII: check those without building a string.
            if field.bytes.contains(where: { $0 >= 0x80 }), String(validating: field.bytes, as: UTF8.self) == nil {
                return "the \(field.name) is not valid UTF-8"
            }
            var previous: UInt8 = 0
            for byte in field.bytes {
                if byte < 0x20 || byte == 0x7F || (previous == 0xC2 && (0x80...0x9F).contains(byte)) {
                    return "the \(field.name) holds a control character"
                }
                previous = byte
            }
        }
        // Appends are bounded tighter now (an entry bundle's 65,535 bytes), but the log keeps what earlier versions
        // accepted: the stored rule stays format 1's.
        guard view.payload.count <= PreparedAppend.Limits.storedPayloadBytesMax else {
            return "the payload is \(view.payload.count) bytes, more than \(PreparedAppend.Limits.storedPayloadBytesMax)"
        }
        return nil
    }

    private func fail(_ position: UInt64?, _ database: String, _ problem: String) -> VerificationFailure {
        VerificationFailure(position: position, database: database, problem: problem)
    }
}
