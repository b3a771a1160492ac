import Dispatch
import Foundation
import Ledger
import Projections

/// Rebuilding: folding from the first event into a generation aside, and swapping it in once it proves itself.
extension ProjectionRunner {
    /// Rebuilds the named projections (all when nil) from the first event into fresh generations, in one
    /// pass over the log, and swaps each in once it has caught up with the log. Until then readers see the old ones.
    ///
    /// Where the live model was built by code of the same version, the rebuild must give the same rows at the
    /// live model's position, or it is not swapped in (`rebuildDiffers`), unless `force`.
    public func rebuild(_ names: [String]? = nil, force: Bool = false, progress: ProgressMeter? = nil) throws(ReadModelError) -> [Outcome] {
        try rebuild(try kinds(names), comparing: !force, progress: progress)
    }

    /// Folds the kinds from the first event into fresh generations, and swaps each in once it has caught up. Each
    /// stretch's rows and versions are sorted into runs aside as it goes (memory holds one stretch, not the log's),
    /// and merged into the generation once the fold is done, every page written once (`SortedRuns`).
    func rebuild(_ kinds: [ProjectionKind], comparing: Bool, progress: ProgressMeter?) throws(ReadModelError) -> [Outcome] {
        let started = DispatchTime.now()
        var through = try headPosition()
        let folds = kinds.map { $0.empty(keepsVersions: true) }
        let rebuilds = try kinds.map { kind throws(ReadModelError) in try store.beginRebuild(kind.type.name) }
        let runs = try kinds.map { kind throws(ReadModelError) in try SortedRuns(directory: store.directory, keepsVersions: kind.type.keepsHistory) }
        for fold in folds { progress?.begin(fold.name, from: 0, through: through) }
        var filled: UInt64 = 0
        let background = BackgroundRuns()
        let fill = { () throws(ReadModelError) in
            let changes = folds.map { $0.takeChanges() }
            try background.add(Array(zip(runs, changes)))
            filled = folds.map(\.checkpoint).min() ?? 0
        }
        let afterBatch = { () throws(ReadModelError) -> Bool in
            if (folds.map(\.checkpoint).min() ?? 0) - filled >= self.rebuildStretch { try fill() }
            return true
        }
        try FoldPass(ledger: ledger, folds: folds).run(through: through, progress: progress, afterBatch: afterBatch)
        // Appends may have landed meanwhile: catch up with them before swapping in.
        while true {
            let head = try headPosition()
            guard head > through else { break }
            try FoldPass(ledger: ledger, folds: folds).run(through: head, progress: nil, afterBatch: afterBatch)
            through = head
        }
        try fill()
        try background.finish()
        for (index, (rebuild, runs)) in zip(rebuilds, runs).enumerated() {
            progress?.stage("writing \(rebuild.name) (\(index + 1) of \(rebuilds.count))")
            try store.fill(rebuild, merging: runs)
        }
        progress?.finish()
        if comparing {
            for (index, kind) in kinds.enumerated() { try compareWithLive(kind, rebuilds[index], through: folds[index].checkpoint) }
        }
        var outcomes: [Outcome] = []
        for (index, kind) in kinds.enumerated() {
            let fold = folds[index]
            let entry = try store.install(rebuilds[index], version: kind.type.version, checkpoint: fold.checkpoint)
            lock.withLock { loaded[kind.type.name] = (fold, entry) }
            outcomes.append(Outcome(projection: kind.type.name, version: kind.type.version, position: fold.checkpoint,
                                    events: fold.checkpoint, rebuilt: true, seconds: Self.seconds(since: started)))
        }
        return outcomes
    }

    /// Checks a filled rebuild against the live model, where that was built by code of the same version and has
    /// not gone past it: their rows at the live model's position, and every version of their history up to it, must be
    /// equal.
    func compareWithLive(_ kind: ProjectionKind, _ rebuild: ReadModelStore.Rebuild, through: UInt64) throws(ReadModelError) {
        let name = kind.type.name
        guard let live = try store.entry(name), live.version == kind.type.version, live.checkpoint <= through else { return }
        let position = live.checkpoint
        // The rebuild's rows at the live model's position.
        func rebuilt<R>(_ body: (any RowReader) throws -> R) throws -> R {
            // At the rebuild's own position its live rows are its rows; before it, its history says.
            let past = position < through
            return try store.read(rebuild, asOf: past && kind.type.keepsHistory ? position : nil) { rows in
                try body(past && !kind.type.keepsHistory ? kind.rows(rows, asOf: position) : rows)
            }
        }
        // Equal rows are equal exports: their bytes are digested, which is cheaper than describing them.
        let (liveDigest, rebuiltDigest) = try reading {
            (try store.read(name) { _, rows in try Self.rowDigest(rows) }, try rebuilt { try Self.rowDigest($0) })
        }
        var differing = 0, first: [String] = []
        if liveDigest != rebuiltDigest {
            var diff = ModelDiff(projection: name, version: kind.type.version, liveVersion: live.version, position: position, differing: 0, differences: [])
            try reading {
                var rows: [Row] = []
                try rebuilt { reader in
                    try reader.scan(prefix: []) { key, value in
                        rows.append(Row(key: key, value: value))
                        return true
                    }
                }
                try store.read(name) { _, liveRows in try ModelDiff.compare(kind, live: liveRows, rebuilt: SortedRows(rows), limit: 3, &diff) }
            }
            differing += diff.differing
            first += diff.differences.map { difference in
                "\(difference.kind.rawValue) \(difference.row)"
                    + (difference.kind == .changed ? " (" + difference.fields.map { "\($0.field) \($0.live ?? "none") → \($0.rebuilt ?? "none")" }.joined(separator: ", ") + ")" : "")
            }
        }
        // Equal rows now are not equal pasts: every version up to the live position must be the same too.
        if kind.type.keepsHistory {
            var comparison = HistoryComparison(kind, limit: 3)
            try reading { try store.withHistories(name, live: live, rebuild: rebuild) { try comparison.compareHistories(live: &$0, rebuilt: &$1, through: position) } }
            differing += comparison.differing
            first += comparison.differences
        }
        guard differing == 0 else {
            throw .rebuildDiffers(projection: name, position: position, differing: differing, first: Array(first.prefix(3)))
        }
    }
}
