import Ledger
import Projections

/// Checking and diffing: folding aside in memory and comparing with what the store holds, rows and history.
extension ProjectionRunner {
    /// Brings the live models up to date, then folds each from the first event through its position and
    /// compares, byte for byte, every version its history keeps and every live row with what the fold writes,
    /// keeping the first `limit` differences of each. Changes nothing but the catch-up, and keeps the digests of
    /// the models that equal the log (`keepDigests`). Memory holds the folds and one batch of their versions; a
    /// model without history is compared by its rows, held whole.
    public func check(_ names: [String]? = nil, limit: Int = 10, progress: ProgressMeter? = nil) throws(ReadModelError) -> [ModelCheck] {
        let kinds = try kinds(names)
        try catchUp(kinds.map(\.name))
        let checks = try reading {
            // One snapshot for the whole check: a follower committing meanwhile changes nothing it reads.
            try store.withGenerations(kinds.map(\.name)) { stored in
                var comparisons = kinds.map { HistoryComparison($0, limit: limit) }
                var unversioned = kinds.map { _ in [Row]() }
                try foldAside(Array(zip(kinds, stored.map(\.entry.checkpoint))), progress: progress) { index, changes in
                    if kinds[index].type.keepsHistory {
                        try comparisons[index].compare(changes.versions, with: stored[index])
                    } else {
                        unversioned[index] += changes.rows
                    }
                }
                progress?.finish()
                return try kinds.indices.map { index in
                    let generation = stored[index]
                    let (rows, versions) = try generation.counts()
                    var historyDigest: String?
                    if kinds[index].type.keepsHistory {
                        historyDigest = try comparisons[index].compareLive(generation, versions: versions)
                    } else {
                        var diff = ModelDiff(projection: kinds[index].name, version: kinds[index].type.version, liveVersion: generation.entry.version,
                                             position: generation.entry.checkpoint, differing: 0, differences: [])
                        try ModelDiff.compare(kinds[index], live: generation.rows, rebuilt: SortedRows(unversioned[index]), limit: limit, &diff)
                        comparisons[index].note(diff.differences.map { "live \($0.row): \($0.kind.rawValue)" }, of: diff.differing)
                    }
                    // A row no code of this build reads has no export line: the model has no export digest then.
                    var digest: String?
                    do { digest = try Self.digest(kinds[index].name, generation.rows).digest } catch let error as RowError {
                        comparisons[index].note(["export: a row cannot be read (\(error))"], of: 0)
                    }
                    return ModelCheck(projection: kinds[index].name, version: kinds[index].type.version, position: generation.entry.checkpoint,
                                      rows: rows, versions: versions, digest: digest,
                                      historyDigest: historyDigest, differing: comparisons[index].differing, differences: comparisons[index].differences)
                }
            }
        }
        // Digests proven against the log are kept, for `GET /v1/models` to answer without walking the models.
        for (index, check) in checks.enumerated() where check.matches {
            let generation = try store.entry(check.projection)?.generation
            guard let generation, try store.entry(check.projection)?.checkpoint == check.position else { continue }
            try store.keep(KeptDigest(generation: generation, position: check.position, digest: check.digest, historyDigest: check.historyDigest),
                           for: kinds[index].name)
        }
        return checks
    }

    /// What rebuilding the named projections (all when nil) would change, changing nothing: each is folded aside
    /// from the log through the live model's position (the head when none is built), and compared with it row by
    /// row, and version by version for a built model with history. Keeps the first `limit` row differences of
    /// each. Live models are not caught up first: one built by code of another version is compared as it stands.
    public func diff(_ names: [String]? = nil, limit: Int = 1_000, progress: ProgressMeter? = nil) throws(ReadModelError) -> [ModelDiff] {
        let kinds = try kinds(names)
        let head = try headPosition()
        let entries = try kinds.map { kind throws(ReadModelError) in try store.entry(kind.type.name) }
        let positions = entries.map { min($0?.checkpoint ?? head, head) }
        // The built models' histories are compared too, version by version, from one snapshot.
        let built = kinds.indices.filter { entries[$0] != nil && kinds[$0].type.keepsHistory }
        return try reading {
            try store.withGenerations(built.map { kinds[$0].name }) { stored in
                var comparisons = kinds.map { HistoryComparison($0, limit: 0) }
                var latest = kinds.map { _ in [[UInt8]: [UInt8]]() }
                try foldAside(Array(zip(kinds, positions)), progress: progress) { index, changes in
                    for row in changes.rows { latest[index][row.key] = row.value }
                    if let at = built.firstIndex(of: index), stored[at].entry.checkpoint == positions[index] {
                        try comparisons[index].compare(changes.versions, with: stored[at])
                    }
                }
                progress?.finish()
                return try kinds.indices.map { index in
                    let kind = kinds[index]
                    var diff = ModelDiff(projection: kind.type.name, version: kind.type.version, liveVersion: entries[index]?.version,
                                         position: positions[index], differing: 0, differences: [])
                    let rebuilt = SortedRows(latest[index].map { Row(key: $0.key, value: $0.value) })
                    try store.read(kind.type.name) { _, live in try ModelDiff.compare(kind, live: live, rebuilt: rebuilt, limit: limit, &diff) }
                    if let at = built.firstIndex(of: index), stored[at].entry.checkpoint == positions[index] {
                        let (_, versions) = try stored[at].counts()
                        diff.versionsDiffering = comparisons[index].versionsDiffering(stored: versions)
                    }
                    return diff
                }
            }
        }
    }

    /// Fresh folds of each kind, each folded through its own position, sharing passes over the log, keeping
    /// only their rows (no versions): for comparing and for answering, never for storing.
    func fresh(_ work: [(ProjectionKind, UInt64)], progress: ProgressMeter?) throws(ReadModelError) -> [any Fold] {
        try foldAside(work, keepsVersions: false, progress: progress)
    }

    /// Folds each kind from the first event through its own position, sharing passes over the log. With `take`,
    /// each fold's changes (its versions too, when `keepsVersions`) are handed over after every batch, by the
    /// fold's index in `work`, so that memory holds one batch of them; without, the folds keep them.
    @discardableResult
    func foldAside(_ work: [(ProjectionKind, UInt64)], keepsVersions: Bool = true, progress: ProgressMeter?,
                   take: ((Int, FoldChanges) throws -> Void)? = nil) throws(ReadModelError) -> [any Fold] {
        let folds = work.map { $0.0.empty(keepsVersions: keepsVersions) }
        for (index, item) in work.enumerated() { progress?.begin(folds[index].name, from: 0, through: item.1) }
        var failure: (any Error)?
        let handOver = { () -> Bool in
            guard let take else { return true }
            do {
                for (index, fold) in folds.enumerated() { try take(index, fold.takeChanges()) }
                return true
            } catch {
                failure = error
                return false
            }
        }
        for through in Set(work.map(\.1)).sorted() {
            let pending = folds.indices.filter { work[$0].1 >= through }.map { folds[$0] }
            try FoldPass(ledger: ledger, folds: pending).run(through: through, progress: progress, afterBatch: handOver)
            _ = handOver()
            if let failure { throw failure as? ReadModelError ?? .storeUnavailable(directory: store.directory, reason: "\(failure)") }
        }
        return folds
    }
}
