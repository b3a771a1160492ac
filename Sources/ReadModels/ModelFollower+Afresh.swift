import Ledger
import Projections

extension ModelFollower {
    /// Folds every event up to `position` and gives the named models' rows as they then stand, each once, model
    /// by model in key order: a model written afresh, not the rows each stretch changed.
    ///
    /// Each stretch's changes are sorted aside into runs in the ledger's directory (`SortedRuns`, as a rebuild's
    /// are: memory holds a stretch, not a model; the file is gone as soon as it is made) and merged once the fold is done, so that a row changed in many stretches is
    /// described and handed over once. The other models fold too, their changes let go.
    /// `stretch` events at a time (at least one).
    public func afresh(through position: UInt64, only names: Set<String>, stretch: UInt64 = 150_000) throws(ReadModelError) -> FreshRows {
        let kept = folds.filter { names.contains($0.name) }
        let runs = try kept.map { _ throws(ReadModelError) in try SortedRuns(directory: ledger.directory, keepsVersions: false) }
        let background = BackgroundRuns()
        var filled = self.position
        let fill = { () throws(ReadModelError) in
            for fold in self.folds where !names.contains(fold.name) { _ = fold.takeChanges() }
            try background.add(Array(zip(runs, kept.map { $0.takeChanges() })))
            filled = self.position
        }
        if position > self.position {
            try FoldPass(ledger: ledger, folds: folds).run(through: position, progress: nil) { () throws(ReadModelError) -> Bool in
                if self.position - filled >= max(1, stretch) { try fill() }
                return true
            }
        }
        try fill()
        try background.finish()
        return FreshRows(models: try zip(kept, runs).map { fold, runs throws(ReadModelError) in
            (fold.name, try ProjectionKind.named(fold.name).type, try runs.merged(), runs)
        })
    }
}

/// A model's rows written afresh (`ModelFollower.afresh`), read a slice at a time.
public struct FreshRows {
    private var models: [(name: String, type: any Projection.Type, merge: SortedRuns.Merge, runs: SortedRuns)]

    fileprivate init(models: [(name: String, type: any Projection.Type, merge: SortedRuns.Merge, runs: SortedRuns)]) {
        self.models = models
    }

    /// Up to `limit` rows, described: those of one model, in its key order, after the last call's; nil once
    /// every model's rows were given.
    public mutating func next(limit: Int = 10_000) throws(ReadModelError) -> [ModelFollower.ChangedRow]? {
        while let (name, type, _, _) = models.first {
            var rows: [ModelFollower.ChangedRow] = []
            while rows.count < limit, let (key, value) = try models[0].merge.next() {
                let row = Row(key: Array(key), value: Array(value))
                do { rows.append(ModelFollower.ChangedRow(model: name, key: row.key, row: try type.describe(row))) } catch {
                    throw .damagedRow(projection: name, reason: error.description)
                }
            }
            if !rows.isEmpty { return rows }
            models.removeFirst()   // its runs' file goes with it
        }
        return nil
    }
}
