import Foundation
import LMDB
import Projections

/// Where read models live: an LMDB environment of its own in `<ledger>/projections`, apart from the log, so
/// that dropping or rebuilding a read model never touches a record.
///
/// A catalog row per projection names its live generation (a database `<name>.<generation>`), the version of
/// the code that built it, and its checkpoint: the last position applied. Rows and checkpoint change in one
/// transaction. A rebuild fills the next generation and switches the catalog to it in one transaction, so a
/// reader sees the old model or the new one, never a mixture.
public final class ReadModelStore: @unchecked Sendable {
    /// One projection's catalog entry.
    public struct Entry: Hashable, Sendable {
        public var version: Int
        public var generation: UInt32
        public var checkpoint: UInt64
    }

    public let directory: String
    let environment: Environment
    private let catalog: Database
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
            let result: R? = try environment.withSnapshot { snapshot in
                let entry = try Self.entry(name, snapshot.value(forKey: Array(name.utf8), in: catalog))
                // A rebuild switched generations in between: look again.
                guard entry == expected else { return nil }
                return try body(entry, StoredRows(snapshot: snapshot, database: database))
            }
            if let result { return result }
        }
    }

    /// Stores `rows` and the new checkpoint, if the entry is still `expected`; false if another runner moved it.
    func commit(_ name: String, rows: [Row], checkpoint: UInt64, expected: Entry) throws(ReadModelError) -> Bool {
        let database = try database(name, expected.generation)
        return try mapping {
            try environment.write { transaction in
                let stored = try transaction.reading { try Self.entry(name, $0.value(forKey: Array(name.utf8), in: catalog)) }
                guard stored == expected else { return false }
                for row in rows { try transaction.put(row.value, forKey: row.key, in: database) }
                var entry = expected
                entry.checkpoint = checkpoint
                try transaction.put(Self.encode(entry), forKey: Array(name.utf8), in: catalog)
                return true
            }
        }
    }

    /// Makes `rows` (sorted, each key once) the live model of `name`, built by code of `version` through
    /// `checkpoint`, in one transaction. Returns the new entry.
    func install(_ name: String, version: Int, rows: [Row], checkpoint: UInt64) throws(ReadModelError) -> Entry {
        let previous = try entry(name)
        let generation = (previous?.generation ?? 0) + 1
        let fresh = try database(name, generation)
        let old = try previous.map { (entry) throws(ReadModelError) in try database(name, entry.generation) }
        let entry = Entry(version: version, generation: generation, checkpoint: checkpoint)
        try mapping {
            try environment.write { transaction in
                try transaction.removeAll(in: fresh)   // what an interrupted rebuild may have left
                for row in rows { try transaction.put(row.value, forKey: row.key, in: fresh, options: .append) }
                try transaction.put(Self.encode(entry), forKey: Array(name.utf8), in: catalog)
                // Readers that began before this commit keep their snapshot of it.
                if let old { try transaction.removeAll(in: old) }
            }
        }
        return entry
    }

    private func database(_ name: String, _ generation: UInt32) throws(ReadModelError) -> Database {
        let full = "\(name).\(generation)"
        if let database = lock.withLock({ databases[full] }) { return database }
        let database = try mapping { try environment.openDatabase(named: full) }
        lock.withLock { databases[full] = database }
        return database
    }

    private func mapping<R>(_ body: () throws -> R) throws(ReadModelError) -> R {
        do { return try body() } catch let error as ReadModelError { throw error } catch {
            throw .storeUnavailable(directory: directory, reason: "\(error)")
        }
    }

    // Entry: version (u32), generation (u32), checkpoint (u64), big-endian.
    private static func encode(_ entry: Entry) -> [UInt8] {
        RowKey(table: 0).adding(UInt32(entry.version)).adding(entry.generation).adding(entry.checkpoint).bytes
    }

    private static func entry(_ name: String, _ bytes: [UInt8]?) throws(ReadModelError) -> Entry? {
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

/// A projection's live rows in one snapshot.
struct StoredRows: RowReader {
    let snapshot: Snapshot
    let database: Database

    func value(for key: [UInt8]) throws -> [UInt8]? { try snapshot.value(forKey: key, in: database) }

    func scan(prefix: [UInt8], from start: [UInt8]?, _ body: ([UInt8], [UInt8]) throws -> Bool) throws {
        let start = start ?? prefix
        // LMDB refuses an empty key, even as a starting point: start from the first entry instead.
        try snapshot.forEach(in: database, from: start.isEmpty ? nil : start) { key, value in
            guard key.starts(with: prefix) else { return false }
            return try body(Array(key), Array(value))
        }
    }
}
