import Foundation
import LMDB
public import Projections

/// Where read models live: an LMDB environment of its own in `<ledger>/projections`, apart from the log, so
/// that dropping or rebuilding a read model never touches a record.
///
/// A catalog row per projection names its live generation (a database `<name>.<generation>`, with its history
/// in `<name>.<generation>.h`), the version of the code that built it, and its checkpoint: the last position
/// applied. A model with history keeps each row's latest version as its live row, stamped with its position
/// (`LiveRow`), and the versions it superseded in the history. Rows, versions and checkpoint change in one transaction. A rebuild fills the next generation and
/// switches the catalog to it in one transaction, so a reader sees the old model or the new one, never a mixture.
public final class ReadModelStore: @unchecked Sendable {
    /// One projection's catalog entry.
    public struct Entry: Hashable, Sendable {
        public var version: Int
        public var generation: UInt32
        public var checkpoint: UInt64
    }

    public let directory: String
    let environment: Environment
    let catalog: Database
    private let lock = NSLock()
    private var databases: [String: Database] = [:]

    /// Opens the store beside the ledger in `ledgerDirectory`, creating it unless `readOnly`.
    public init(ledgerDirectory: String, readOnly: Bool = false) throws(ReadModelError) {
        directory = ledgerDirectory + "/projections"
        do {
            if !readOnly { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            guard FileManager.default.fileExists(atPath: directory + "/data.mdb") || !readOnly else {
                throw ReadModelError.storeUnavailable(directory: directory, reason: "no read models have been built yet")
            }
            var options = EnvironmentOptions()
            options.maxDatabases = 64
            options.readOnly = readOnly
            options.initialMapSizeBytes = 64 << 20
            // Not MDB_WRITEMAP: it made a rebuild 15% faster (no copy of each dirty page out and back), but the
            // follower 1.7 times slower, every page a commit copies faulting on its first write (BENCHMARKS.md,
            // issue 28); and LMDB forbids mixing processes with and without it on one environment.
            environment = try Environment(directory: directory, options: options)
            // A read model can always be rebuilt from the log: losing the last commits to a machine crash
            // costs a re-fold, never a fact, so commits need not wait for the disk.
            if !readOnly { try environment.setSynchronousCommits(false) }
            catalog = try environment.openDatabase(named: "catalog")
        } catch let error as ReadModelError {
            throw error
        } catch {
            throw .storeUnavailable(directory: directory, reason: "\(error)")
        }
    }

    /// The catalog entry of `name`; nil until it has been built.
    public func entry(_ name: String) throws(ReadModelError) -> Entry? {
        try mapping { try environment.read { try Self.entry(name, $0.value(forKey: Array(name.utf8), in: catalog)) } }
    }

    /// Runs `body` with the live rows of `name` and its entry, both from one snapshot.
    public func read<R>(_ name: String, _ body: (Entry?, any RowReader) throws -> R) throws -> R {
        while true {
            guard let expected = try entry(name) else { return try body(nil, SortedRows([])) }
            let database = try database(name, expected.generation)
            let stamped = try Self.keepsHistory(name)
            let result: R? = try environment.withSnapshot { snapshot in
                let entry = try Self.entry(name, snapshot.value(forKey: Array(name.utf8), in: catalog))
                // A rebuild switched generations in between: look again.
                guard entry == expected else { return nil }
                return try body(entry, StoredRows(snapshot: snapshot, database: database, stamped: stamped))
            }
            if let result { return result }
        }
    }

    /// Runs `body` with the rows of `name` as they stood at `position`, which the model has reached, and its
    /// entry, from one snapshot: its live rows when it stands at the position, else its history (or, for a model
    /// without one, `cut` of its live rows). The model may move on meanwhile; what it held at the position stays.
    func read<R>(_ name: String, at position: UInt64, keepsHistory: Bool, cut: (any RowReader) -> any RowReader,
                 _ body: (Entry, any RowReader) throws -> R) throws -> R {
        while true {
            guard let expected = try entry(name) else { throw ReadModelError.storeUnavailable(directory: directory, reason: "\(name) has not been built") }
            let live = try database(name, expected.generation), history = try database(name, expected.generation, history: true)
            let result: R? = try environment.withSnapshot { snapshot in
                guard let entry = try Self.entry(name, snapshot.value(forKey: Array(name.utf8), in: catalog)),
                      entry.generation == expected.generation else { return nil }   // rebuilt in between: look again
                guard entry.checkpoint >= position else {
                    throw ReadModelError.storeUnavailable(directory: directory, reason: "\(name) has not reached position \(position)")
                }
                let rows: any RowReader = StoredRows(snapshot: snapshot, database: live, stamped: keepsHistory)
                if entry.checkpoint == position { return try body(entry, rows) }
                return try body(entry, keepsHistory ? HistoricRows(snapshot: snapshot, live: live, history: history, position: position) : cut(rows))
            }
            if let result { return result }
        }
    }

    /// Stores what a fold wrote and the new checkpoint, if the entry is still `expected`; false if another
    /// runner moved it.
    func commit(_ name: String, _ changes: FoldChanges, checkpoint: UInt64, expected: Entry) throws(ReadModelError) -> Bool {
        let live = try database(name, expected.generation)
        let history = try database(name, expected.generation, history: true)
        let order = Self.order(changes)
        return try mapping {
            try environment.write { transaction in
                let stored = try transaction.reading { try Self.entry(name, $0.value(forKey: Array(name.utf8), in: catalog)) }
                guard stored == expected else { return false }
                try Self.write(changes, order, live: live, history: history, transaction)
                var entry = expected
                entry.checkpoint = checkpoint
                try transaction.put(Self.encode(entry), forKey: Array(name.utf8), in: catalog)
                return true
            }
        }
    }

    /// A model being rebuilt aside: the generation it fills, and the mark that says this rebuild owns it.
    struct Rebuild {
        let name: String
        let generation: UInt32
        let mark: [UInt8]
    }

    /// Starts filling the next generation of `name`, emptied of what an interrupted rebuild may have left.
    /// A later rebuild of the same model takes the generation over; this one's next `fill` then fails.
    func beginRebuild(_ name: String) throws(ReadModelError) -> Rebuild {
        let generation = (try entry(name)?.generation ?? 0) + 1
        let live = try database(name, generation), history = try database(name, generation, history: true)
        var mark = Array("\(ProcessInfo.processInfo.processIdentifier) ".utf8)
        withUnsafeBytes(of: UInt64.random(in: 0 ... .max)) { mark.append(contentsOf: $0) }
        let rebuild = Rebuild(name: name, generation: generation, mark: mark)
        try mapping {
            try environment.write { transaction in
                try transaction.removeAll(in: live)
                try transaction.removeAll(in: history)
                try transaction.put(mark, forKey: Self.rebuildKey(name), in: catalog)
            }
        }
        return rebuild
    }

    /// Writes what a rebuild folded, kept aside in sorted runs, into the generation it fills: every entry appended
    /// in key order (`MDB_APPEND`), so that each page is written once and left full, a few tens of megabytes per
    /// commit. Readers do not see the generation until it is installed.
    func fill(_ rebuild: Rebuild, merging runs: SortedRuns) throws(ReadModelError) {
        let live = try database(rebuild.name, rebuild.generation)
        let history = try database(rebuild.name, rebuild.generation, history: true)
        var chunks = try runs.chunks()
        var next = try chunks.next()
        while let chunk = next {
            // One chunk is written while the next is merged: both cores busy.
            let results = concurrently(2) { task in
                Result { () throws(ReadModelError) -> SortedRuns.Chunk? in
                    guard task == 1 else { return try chunks.next() }
                    // Built outside the transaction: a full map runs its body again.
                    try mapping {
                        try environment.write { transaction in
                            try Self.checkOwned(rebuild, transaction, catalog)
                            try chunk.versions.forEach { try transaction.put($1, forKey: $0, in: history, options: .append) }
                            try chunk.rows.forEach { try transaction.put($1, forKey: $0, in: live, options: .append) }
                        }
                    }
                    return nil
                }
            }
            try results[1].get()
            next = try results[0].get()
        }
    }

    /// Runs `body` with the rows a rebuild has filled so far: as of `position` from their history, or as they
    /// now stand when nil.
    func read<R>(_ rebuild: Rebuild, asOf position: UInt64?, _ body: (any RowReader) throws -> R) throws -> R {
        let live = try database(rebuild.name, rebuild.generation), history = try database(rebuild.name, rebuild.generation, history: true)
        let stamped = try Self.keepsHistory(rebuild.name)
        return try environment.withSnapshot { snapshot in
            if let position { return try body(HistoricRows(snapshot: snapshot, live: live, history: history, position: position)) }
            return try body(StoredRows(snapshot: snapshot, database: live, stamped: stamped))
        }
    }

    /// Makes the filled generation the live model of `name`, built by code of `version` through `checkpoint`,
    /// in one transaction, and empties the old one. Returns the new entry.
    func install(_ rebuild: Rebuild, version: Int, checkpoint: UInt64) throws(ReadModelError) -> Entry {
        let previous = try entry(rebuild.name)
        let old = try previous.map { (entry) throws(ReadModelError) in
            (try database(rebuild.name, entry.generation), try database(rebuild.name, entry.generation, history: true))
        }
        let entry = Entry(version: version, generation: rebuild.generation, checkpoint: checkpoint)
        try mapping {
            try environment.write { transaction in
                try Self.checkOwned(rebuild, transaction, catalog)
                try transaction.put(Self.encode(entry), forKey: Array(rebuild.name.utf8), in: catalog)
                try transaction.remove(forKey: Self.rebuildKey(rebuild.name), in: catalog)
                // Readers that began before this commit keep their snapshot of it.
                if let old, previous?.generation != rebuild.generation {
                    try transaction.removeAll(in: old.0)
                    try transaction.removeAll(in: old.1)
                }
            }
        }
        return entry
    }

    /// The bytes of the pages the live generation of `name` uses, for its rows and for their history.
    public func size(_ name: String) throws(ReadModelError) -> (rows: UInt64, history: UInt64) {
        guard let entry = try entry(name) else { return (0, 0) }
        let live = try database(name, entry.generation), history = try database(name, entry.generation, history: true)
        return try mapping { try environment.read { (try $0.bytes(in: live), try $0.bytes(in: history)) } }
    }

    /// How many live rows the live generation of `name` holds, and how many versions it keeps (those its history
    /// holds and, for a model with history, each row's latest): read from the databases' roots, without a walk.
    public func counts(_ name: String) throws(ReadModelError) -> (rows: Int, versions: Int) {
        guard let entry = try entry(name) else { return (0, 0) }
        let live = try database(name, entry.generation), history = try database(name, entry.generation, history: true)
        let stamped = try Self.keepsHistory(name)
        return try mapping {
            try environment.read { reads in
                let rows = try reads.count(in: live)
                return (rows, try reads.count(in: history) + (stamped ? rows : 0))
            }
        }
    }

    /// Whether the model `name` keeps history, and so stamps its live rows.
    static func keepsHistory(_ name: String) throws(ReadModelError) -> Bool {
        try ProjectionKind.named(name).type.keepsHistory
    }

    private static func rebuildKey(_ name: String) -> [UInt8] { Array("rebuilding:\(name)".utf8) }

    private static func checkOwned(_ rebuild: Rebuild, _ transaction: borrowing WriteTransaction, _ catalog: Database) throws {
        let mark = try transaction.reading { try $0.value(forKey: rebuildKey(rebuild.name), in: catalog) }
        guard mark == rebuild.mark else {
            throw ReadModelError.storeUnavailable(directory: "", reason: "another rebuild of \(rebuild.name) took its generation over")
        }
    }

    /// The order in which a fold's changes are written, so that LMDB writes each page once: the versions' indices
    /// stably sorted by row key, which is version-key order since they come in log order; or, without versions,
    /// the rows sorted by key.
    private static func order(_ changes: FoldChanges) -> [Int] {
        guard changes.versions.isEmpty else {
            return changes.versions.withUnsafeBufferPointer { versions in KeyOrder.sortedIndices(count: versions.count) { versions[$0].row.key } }
        }
        return changes.rows.withUnsafeBufferPointer { rows in KeyOrder.sortedIndices(count: rows.count) { rows[$0].key } }
    }

    /// Writes the last version of each row as its live row, stamped with its position, and moves each version it
    /// supersedes (the live row it replaces, and the stretch's earlier ones) into the history under its version
    /// key; without versions, the last value of each key as its live row. Version keys are built in one buffer,
    /// not an array each.
    private static func write(_ changes: FoldChanges, _ order: [Int], live: Database, history: Database,
                              _ transaction: borrowing WriteTransaction) throws {
        if changes.versions.isEmpty {
            try changes.rows.withUnsafeBufferPointer { rows in
                for (offset, index) in order.enumerated() where offset + 1 == order.count || !Self.same(rows[order[offset + 1]].key, rows[index].key) {
                    try transaction.put(rows[index].value, forKey: rows[index].key, in: live)
                }
            }
            return
        }
        var key: [UInt8] = []
        key.reserveCapacity(1024)
        func supersede(_ row: [UInt8], at position: UInt64, _ value: UnsafeRawBufferPointer) throws {
            key.removeAll(keepingCapacity: true)
            VersionKey.appendVersion(of: row, at: position, to: &key)
            guard key.count <= 511 else {
                throw ReadModelError.storeUnavailable(directory: "", reason: "a row key of \(row.count) bytes is too long to keep its history")
            }
            try key.withUnsafeBytes { key in try transaction.put(value, forKey: key, in: history) }
        }
        try changes.versions.withUnsafeBufferPointer { versions in
            for (offset, index) in order.enumerated() {
                let version = versions[index]
                let first = offset == 0 || !Self.same(versions[order[offset - 1]].row.key, version.row.key)
                if first, let stored = try transaction.reading({ try $0.value(forKey: version.row.key, in: live) }) {
                    let (position, value) = try LiveRow.parts(stored)
                    try value.withUnsafeBytes { try supersede(version.row.key, at: position, $0) }
                }
                let last = offset + 1 == order.count || !Self.same(versions[order[offset + 1]].row.key, version.row.key)
                if last {
                    try transaction.put(LiveRow.stamped(version.row.value, at: version.position), forKey: version.row.key, in: live)
                } else if versions[order[offset + 1]].position != version.position {
                    // Of two versions one event wrote, the later counts.
                    try version.row.value.withUnsafeBytes { try supersede(version.row.key, at: version.position, $0) }
                }
            }
        }
    }

    /// Whether two keys hold the same bytes, compared as memory.
    private static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count == b.count && SortedRows.compare(a, b) == 0
    }


    /// A generation's live rows (`<name>.<generation>`), or its history (`<name>.<generation>.h`).
    func database(_ name: String, _ generation: UInt32, history: Bool = false) throws(ReadModelError) -> Database {
        let full = "\(name).\(generation)" + (history ? ".h" : "")
        if let database = lock.withLock({ databases[full] }) { return database }
        let database = try mapping { try environment.openDatabase(named: full) }
        lock.withLock { databases[full] = database }
        return database
    }

    func mapping<R>(_ body: () throws -> R) throws(ReadModelError) -> R {
        do { return try body() } catch let error as ReadModelError { throw error } catch {
            throw .storeUnavailable(directory: directory, reason: "\(error)")
        }
    }

    // Entry: version (u32), generation (u32), checkpoint (u64), big-endian.
    private static func encode(_ entry: Entry) -> [UInt8] {
        RowKey(table: 0).adding(UInt32(entry.version)).adding(entry.generation).adding(entry.checkpoint).bytes
    }

    static func entry(_ name: String, _ bytes: [UInt8]?) throws(ReadModelError) -> Entry? {
        guard let bytes else { return nil }
        guard bytes.count == 17 else { throw .damagedRow(projection: name, reason: "its catalog entry is \(bytes.count) bytes") }
        var reader = RowKeyReader(bytes)
        do {
            return Entry(version: Int(try reader.uint32()), generation: try reader.uint32(), checkpoint: try reader.uint64())
        } catch {
            throw .damagedRow(projection: name, reason: "\(error)")
        }
    }
}

/// A projection's live rows in one snapshot; a model with history's without their stamps.
struct StoredRows: RowReader {
    let snapshot: Snapshot
    let database: Database
    /// Whether the rows are stamped with the position that wrote them (`LiveRow`).
    let stamped: Bool

    func value(for key: [UInt8]) throws -> [UInt8]? {
        guard let stored = try snapshot.value(forKey: key, in: database) else { return nil }
        return stamped ? Array(try LiveRow.parts(stored).value) : stored
    }

    func scan(prefix: [UInt8], from start: [UInt8]?, _ body: ([UInt8], [UInt8]) throws -> Bool) throws {
        let start = start ?? prefix
        // LMDB refuses an empty key, even as a starting point: start from the first entry instead.
        try snapshot.forEach(in: database, from: start.isEmpty ? nil : start) { key, value in
            guard key.starts(with: prefix) else { return false }
            return try body(Array(key), Array(stamped ? try LiveRow.parts(value).value : value[...]))
        }
    }
}
