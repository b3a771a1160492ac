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
    /// Whether the model keeps history, and so stamps its live rows with their positions.
    let keepsHistory: Bool

    var rows: any RowReader { StoredRows(snapshot: snapshot, database: live, stamped: keepsHistory) }

    /// How many live rows, and how many versions it keeps (its history's, and each row's latest): read from the
    /// databases' roots.
    func counts() throws -> (rows: Int, versions: Int) {
        let rows = try snapshot.count(in: live)
        return (rows, try snapshot.count(in: history) + (keepsHistory ? rows : 0))
    }

    /// The version of the row `key` written at `position`: its live row when that is the latest, else from the
    /// history; nil when neither holds it.
    func version(of key: [UInt8], at position: UInt64) throws -> [UInt8]? {
        if let stored = try snapshot.value(forKey: key, in: live), let (at, value) = LiveRow.split(stored), at == position { return Array(value) }
        return try snapshot.value(forKey: VersionKey.version(key, at: position), in: history)
    }

    /// SHA-256 over every version, in version-key order (docs/READMODELS.md, "Digests").
    func historyDigest() throws -> String {
        var hasher = SHA256()
        try forEachVersion { version in
            guard let (key, position) = version.version else { throw RowError("\(name): \(version.fault)") }
            version.value.withUnsafeBytes { HistoryComparison.digest(&hasher, key, position, $0) }
            return true
        }
        return hexadecimal(Array(hasher.finalize()))
    }

    /// Visits every version it keeps in version-key order (row key, then position) until `body` returns false.
    func forEachVersion(_ body: (VersionWalk.Version) throws -> Bool) throws {
        try withVersions { walk in
            while let version = try walk.next() { guard try body(version) else { return } }
        }
    }

    /// Runs `body` with a walk over every version it keeps.
    func withVersions<R>(_ body: (inout VersionWalk) throws -> R) throws -> R {
        try snapshot.withCursor(in: history) { history in
            try snapshot.withCursor(in: live) { live in
                var walk = VersionWalk(history: history, live: live)
                return try body(&walk)
            }
        }
    }
}

/// Every version a generation of a model with history keeps, in version-key order (row key, then position): the
/// superseded ones its history holds, and each row's latest, its live row (`LiveRow`). What the history digest
/// covers, and what a check and a rebuild's comparison walk.
struct VersionWalk {
    /// One stored version.
    struct Version {
        /// Its version key: the history's own, or built from a live row's key and stamp (a damaged live row's
        /// key as it is).
        var stored: [UInt8]
        var value: [UInt8]
        var isLive: Bool
        /// The row and position the key names; nil for a history key that is no version key, or a live row too
        /// short to hold its position.
        var version: (key: [UInt8], position: UInt64)?

        /// What is wrong with a version that names no row and position.
        var fault: String {
            isLive ? "a live row that holds no position (\(hexadecimal(stored)))" : "a stored history key that is no version key (\(hexadecimal(stored)))"
        }
    }

    private let history: SnapshotCursor
    private let live: SnapshotCursor
    private var superseded: SnapshotCursor.Entry?
    private var latest: Version?
    private var started = false

    init(history: SnapshotCursor, live: SnapshotCursor) {
        self.history = history
        self.live = live
    }

    mutating func next() throws -> Version? {
        if !started {
            started = true
            superseded = try history.seek(atLeast: [])
            latest = try Self.version(live: try live.seek(atLeast: []))
        }
        // Of equal keys the history's comes first: a check then finds the live row is not the row's last version.
        if let entry = superseded, latest.map({ SortedRows.compare(entry.key, $0.stored) <= 0 }) ?? true {
            superseded = try history.next()
            let version = VersionKey.split(entry.key).flatMap { split in VersionKey.key(of: split.group).map { ($0, split.position) } }
            return Version(stored: entry.key, value: entry.value, isLive: false, version: version)
        }
        guard let version = latest else { return nil }
        latest = try Self.version(live: try live.next())
        return version
    }

    private static func version(live entry: SnapshotCursor.Entry?) -> Version? {
        guard let entry else { return nil }
        guard let (position, value) = LiveRow.split(entry.value) else { return Version(stored: entry.key, value: entry.value, isLive: true, version: nil) }
        return Version(stored: VersionKey.version(entry.key, at: position), value: Array(value), isLive: true, version: (entry.key, position))
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
                (try database(name, entry.generation), try database(name, entry.generation, history: true), try Self.keepsHistory(name))
            }
            let result: R? = try environment.withSnapshot { snapshot in
                var generations: [StoredGeneration] = []
                for (index, name) in names.enumerated() {
                    // A rebuild or a commit in between: look again, so that entries and rows are one commit's.
                    guard try Self.entry(name, snapshot.value(forKey: Array(name.utf8), in: catalog)) == expected[index] else { return nil }
                    generations.append(StoredGeneration(name: name, entry: expected[index], snapshot: snapshot,
                                                        live: databases[index].0, history: databases[index].1, keepsHistory: databases[index].2))
                }
                return try body(generations)
            }
            if let result { return result }
        }
    }
}

extension ReadModelStore {
    /// Runs `body` with walks over every version of the generation `live` names and of a rebuild's, from one
    /// snapshot.
    func withHistories<R>(_ name: String, live: Entry, rebuild: Rebuild, _ body: (inout VersionWalk, inout VersionWalk) throws -> R) throws -> R {
        let old = (try database(name, live.generation, history: true), try database(name, live.generation))
        let new = (try database(name, rebuild.generation, history: true), try database(name, rebuild.generation))
        return try environment.withSnapshot { snapshot in
            try snapshot.withCursor(in: old.0) { oldHistory in
                try snapshot.withCursor(in: old.1) { oldLive in
                    try snapshot.withCursor(in: new.0) { newHistory in
                        try snapshot.withCursor(in: new.1) { newLive in
                            var old = VersionWalk(history: oldHistory, live: oldLive), new = VersionWalk(history: newHistory, live: newLive)
                            return try body(&old, &new)
                        }
                    }
                }
            }
        }
    }
}
