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
                let folds = kinds.map { $0.empty(keepsVersions: true) }
                var comparisons = kinds.map { HistoryComparison($0, limit: limit) }
                for (index, fold) in folds.enumerated() { progress?.begin(fold.name, from: 0, through: stored[index].entry.checkpoint) }
                var failure: (any Error)?
                let compare = { () throws(ReadModelError) -> Bool in
                    do {
                        for index in folds.indices where kinds[index].type.keepsHistory {
                            try comparisons[index].compare(folds[index].takeChanges().versions, with: stored[index])
                        }
                    } catch {
                        failure = error
                        return false
                    }
                    return true
                }
                for through in Set(stored.map(\.entry.checkpoint)).sorted() {
                    let pending = folds.indices.filter { stored[$0].entry.checkpoint >= through }.map { folds[$0] }
                    try FoldPass(ledger: ledger, folds: pending).run(through: through, progress: progress, afterBatch: compare)
                    _ = try compare()
                    if let failure { throw failure }
                }
                progress?.finish()
                return try kinds.indices.map { index in
                    let generation = stored[index]
                    let (rows, versions) = try generation.counts()
                    var historyDigest: String?
                    if kinds[index].type.keepsHistory {
                        historyDigest = try comparisons[index].compareLive(generation, rows: rows, versions: versions)
                    } else {
                        var diff = ModelDiff(projection: kinds[index].name, version: kinds[index].type.version, liveVersion: generation.entry.version,
                                             position: generation.entry.checkpoint, differing: 0, differences: [])
                        try ModelDiff.compare(kinds[index], live: generation.rows, rebuilt: SortedRows(folds[index].takeChanges().rows), limit: limit, &diff)
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
                let folds = kinds.map { $0.empty(keepsVersions: true) }
                var comparisons = kinds.map { HistoryComparison($0, limit: 0) }
                var latest = kinds.map { _ in [[UInt8]: [UInt8]]() }
                var failure: (any Error)?
                let take = { () throws(ReadModelError) -> Bool in
                    do {
                        for index in folds.indices {
                            let changes = folds[index].takeChanges()
                            for row in changes.rows { latest[index][row.key] = row.value }
                            if let at = built.firstIndex(of: index), stored[at].entry.checkpoint == positions[index] {
                                try comparisons[index].compare(changes.versions, with: stored[at])
                            }
                        }
                    } catch {
                        failure = error
                        return false
                    }
                    return true
                }
                for (index, fold) in folds.enumerated() { progress?.begin(fold.name, from: 0, through: positions[index]) }
                for through in Set(positions).sorted() {
                    let pending = folds.indices.filter { positions[$0] >= through }.map { folds[$0] }
                    try FoldPass(ledger: ledger, folds: pending).run(through: through, progress: progress, afterBatch: take)
                    _ = try take()
                    if let failure { throw failure }
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
        let folds = work.map { $0.0.empty(keepsVersions: false) }
        for (index, item) in work.enumerated() { progress?.begin(folds[index].name, from: 0, through: item.1) }
        for through in Set(work.map(\.1)).sorted() {
            let pending = folds.indices.filter { work[$0].1 >= through }.map { folds[$0] }
            try FoldPass(ledger: ledger, folds: pending).run(through: through, progress: progress)
        }
        return folds
    }
}
