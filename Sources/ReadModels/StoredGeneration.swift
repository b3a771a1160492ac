import Crypto
import LMDB
import Ledger
import Projections

/// One model's live generation as one snapshot of the store holds it: its catalog entry, its live rows and its
/// history. What a check reads, so that every comparison it makes is with the same commit.
struct StoredGeneration {
    let name: String
    let entry: ReadModelStore.Entry
    let snapshot: Snapshot
    let live: Database
    let history: Database

    var rows: any RowReader { StoredRows(snapshot: snapshot, database: live) }

    /// How many live rows, and how many versions its history keeps: read from the databases' roots.
    func counts() throws -> (rows: Int, versions: Int) {
        (try snapshot.count(in: live), try snapshot.count(in: history))
    }

    /// The version of the row `key` written at `position`; nil when the history holds none.
    func version(of key: [UInt8], at position: UInt64) throws -> [UInt8]? {
        try snapshot.value(forKey: VersionKey.version(key, at: position), in: history)
    }

    /// The live value of `key`; nil when there is no such row.
    func row(_ key: [UInt8]) throws -> [UInt8]? {
        try snapshot.value(forKey: key, in: live)
    }

    /// SHA-256 over every version, in the history's order (docs/READMODELS.md, "Digests").
    func historyDigest() throws -> String {
        var hasher = SHA256()
        try forEachVersion { version, stored, value in
            guard let version else { throw RowError("\(name): a stored history key is no version key (\(hexadecimal(Array(stored))))") }
            HistoryComparison.digest(&hasher, version.key, version.position, value)
            return true
        }
        return hexadecimal(Array(hasher.finalize()))
    }

    /// Visits every version in the history's order (row key, then position) until `body` returns false. A
    /// stored key that is no version key is handed over as nil, with its raw bytes, for the caller to name.
    func forEachVersion(_ body: (_ version: (key: [UInt8], position: UInt64)?, _ stored: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool) throws {
        try snapshot.forEach(in: history, from: nil) { stored, value in
            let bytes = Array(stored)
            guard let (group, position) = VersionKey.split(bytes), let key = VersionKey.key(of: group) else {
                return try body(nil, stored, value)
            }
            return try body((key, position), stored, value)
        }
    }
}

extension ReadModelStore {
    /// Runs `body` with the live generations of `names`, all from one snapshot; throws when one is not built.
    func withGenerations<R>(_ names: [String], _ body: ([StoredGeneration]) throws -> R) throws -> R {
        while true {
            let expected = try names.map { name throws(ReadModelError) in
                guard let entry = try entry(name) else { throw ReadModelError.storeUnavailable(directory: directory, reason: "\(name) has not been built") }
                return entry
            }
            let databases = try zip(names, expected).map { name, entry throws(ReadModelError) in
                (try database(name, entry.generation), try database(name, entry.generation, history: true))
            }
            let result: R? = try environment.withSnapshot { snapshot in
                var generations: [StoredGeneration] = []
                for (index, name) in names.enumerated() {
                    // A rebuild or a commit in between: look again, so that entries and rows are one commit's.
                    guard try Self.entry(name, snapshot.value(forKey: Array(name.utf8), in: catalog)) == expected[index] else { return nil }
                    generations.append(StoredGeneration(name: name, entry: expected[index], snapshot: snapshot,
                                                        live: databases[index].0, history: databases[index].1))
                }
                return try body(generations)
            }
            if let result { return result }
        }
    }
}

extension ReadModelStore {
    /// Runs `body` with cursors over the history of the generation `live` names and of a rebuild's, from one
    /// snapshot.
    func withHistories<R>(_ name: String, live: Entry, rebuild: Rebuild, _ body: (SnapshotCursor, SnapshotCursor) throws -> R) throws -> R {
        let old = try database(name, live.generation, history: true), new = try database(name, rebuild.generation, history: true)
        return try environment.withSnapshot { snapshot in
            try snapshot.withCursor(in: old) { old in try snapshot.withCursor(in: new) { new in try body(old, new) } }
        }
    }
}
