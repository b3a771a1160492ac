import Ledger
import Projections

/// Checking and diffing: folding aside in memory and comparing with what the store holds, changing nothing.
extension ProjectionRunner {
    /// A projection rebuilt aside and compared with the live one at the same position.
    public struct Check: Sendable, Encodable {
        public var projection: String
        public var version: Int
        public var position: UInt64
        /// The digests (SHA-256 of the canonical export) of the rebuilt rows, and of the live rows.
        public var digest: String
        public var liveDigest: String
        public var matches: Bool { digest == liveDigest }
    }

    /// Brings the live models up to date, rebuilds each aside in memory through the same position, and
    /// compares digests. Changes nothing but the catch-up.
    public func check(_ names: [String]? = nil, progress: ProgressMeter? = nil) throws(ReadModelError) -> [Check] {
        let kinds = try kinds(names)
        try catchUp(kinds.map { $0.type.name })
        let live = try kinds.map { kind throws(ReadModelError) in
            try reading { try store.read(kind.type.name) { entry, rows in (entry!, try Self.digest(kind.type.name, rows).digest) } }
        }
        let rebuilt = try fresh(kinds.indices.map { index in (kinds[index], live[index].0.checkpoint) }, progress: progress)
        return try kinds.indices.map { index throws(ReadModelError) in
            let name = kinds[index].type.name
            let digest = try reading { try Self.digest(name, SortedRows(rebuilt[index].takeChanges().rows)).digest }
            return Check(projection: name, version: kinds[index].type.version, position: live[index].0.checkpoint,
                         digest: digest, liveDigest: live[index].1)
        }
    }

    /// What rebuilding the named projections (all when nil) would change, changing nothing: each is folded aside
    /// from the log through the live model's position (the head when none is built), and compared with it row by
    /// row. Keeps the first `limit` differences of each. Live models are not caught up first: one built by code
    /// of another version is compared as it stands.
    public func diff(_ names: [String]? = nil, limit: Int = 1_000, progress: ProgressMeter? = nil) throws(ReadModelError) -> [ModelDiff] {
        let kinds = try kinds(names)
        let head = try headPosition()
        let entries = try kinds.map { kind throws(ReadModelError) in try store.entry(kind.type.name) }
        let positions = entries.map { min($0?.checkpoint ?? head, head) }
        let folds = try fresh(Array(zip(kinds, positions)), progress: progress)
        progress?.finish()
        return try kinds.indices.map { index throws(ReadModelError) in
            let kind = kinds[index]
            var diff = ModelDiff(projection: kind.type.name, version: kind.type.version, liveVersion: entries[index]?.version,
                                 position: positions[index], differing: 0, differences: [])
            let rebuilt = SortedRows(folds[index].takeChanges().rows)
            try reading {
                try store.read(kind.type.name) { _, live in try ModelDiff.compare(kind, live: live, rebuilt: rebuilt, limit: limit, &diff) }
            }
            return diff
        }
    }

    /// Fresh folds of each kind, each folded through its own position, sharing passes over the log, keeping
    /// only their rows (no versions): for comparing and for answering, never for storing.
    func fresh(_ work: [(ProjectionKind, UInt64)], progress: ProgressMeter?) throws(ReadModelError) -> [any Fold] {
        let folds = work.map { $0.0.empty(keepsVersions: false) }
        for (index, item) in work.enumerated() { progress?.begin(folds[index].name, from: 0, through: item.1) }
        for through in Set(work.map(\.1)).sorted() {
            let pending = folds.indices.filter { work[$0].1 >= through }.map { folds[$0] }
            try FoldPass(ledger: ledger, folds: pending).run(through: through, progress: progress)
        }
        return folds
    }
}
