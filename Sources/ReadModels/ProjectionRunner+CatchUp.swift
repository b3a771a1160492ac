import Dispatch
import Foundation
import Ledger
import Projections

/// Catching up: folding what the log holds beyond each stored model, and committing it with its checkpoint.
extension ProjectionRunner {
    /// Brings the named projections (all when nil) up to the head of the log. One never built, or built by
    /// code of another version, is rebuilt from the first event; the others fold only what is new.
    @discardableResult
    public func catchUp(_ names: [String]? = nil, progress: ProgressMeter? = nil) throws(ReadModelError) -> [Outcome] {
        let kinds = try kinds(names)
        let head = try headPosition()
        var current: [(ProjectionKind, ReadModelStore.Entry)] = [], stale: [ProjectionKind] = []
        for kind in kinds {
            guard let entry = try store.entry(kind.type.name), entry.version == kind.type.version, entry.checkpoint <= head else {
                stale.append(kind)
                continue
            }
            current.append((kind, entry))
        }
        var outcomes = try advance(current, through: head)
        if !stale.isEmpty { outcomes += try rebuild(stale, comparing: false, progress: progress) }
        return kinds.compactMap { kind in outcomes.first { $0.projection == kind.type.name } }
    }

    /// Folds what is new into each model, all in one pass over the new events (each decoded once for all of
    /// them), committing each every `commitEvery` events and at the end. A model another runner moved on
    /// meanwhile starts again from what that runner stored.
    func advance(_ models: [(ProjectionKind, ReadModelStore.Entry)], through head: UInt64) throws(ReadModelError) -> [Outcome] {
        var outcomes: [Outcome] = [], pending = models
        while !pending.isEmpty {
            let (done, moved) = try advanceOnce(pending, through: head)
            outcomes += done
            pending = []
            for kind in moved {
                lock.withLock { loaded[kind.name] = nil }
                guard let stored = try store.entry(kind.name), stored.version == kind.type.version else {
                    outcomes += try rebuild([kind], comparing: false, progress: nil)
                    continue
                }
                pending.append((kind, stored))
            }
        }
        return outcomes
    }

    /// One pass for `models`: the outcomes of those it committed, and the models another runner moved on.
    private func advanceOnce(_ models: [(ProjectionKind, ReadModelStore.Entry)], through head: UInt64) throws(ReadModelError) -> ([Outcome], [ProjectionKind]) {
        let started = DispatchTime.now()
        // Nothing new: no need to load a model to fold nothing.
        var outcomes = models.filter { $0.1.checkpoint == head }.map { kind, _ in
            Outcome(projection: kind.name, version: kind.type.version, position: head, events: 0, rebuilt: false, seconds: 0)
        }
        let behind = models.filter { $0.1.checkpoint < head }
        guard !behind.isEmpty else { return (outcomes, []) }
        var entries = behind.map(\.1)
        let folds = try behind.map { kind, entry throws(ReadModelError) in try load(kind, entry) }
        let from = folds.map(\.checkpoint)
        var committing = Array(repeating: true, count: folds.count)
        var pass = FoldPass(ledger: ledger, folds: folds)
        pass.batchSize = Int(min(UInt64(pass.batchSize), commitEvery))
        try pass.run(through: head, progress: nil) { () throws(ReadModelError) -> Bool in
            for index in folds.indices where committing[index] && folds[index].checkpoint - entries[index].checkpoint >= self.commitEvery {
                committing[index] = try self.commit(folds[index], &entries[index])
            }
            return committing.contains(true)
        }
        for index in folds.indices where committing[index] && folds[index].checkpoint > entries[index].checkpoint {
            committing[index] = try commit(folds[index], &entries[index])
        }
        var moved: [ProjectionKind] = []
        for (index, (kind, _)) in behind.enumerated() {
            guard committing[index] else {
                moved.append(kind)
                continue
            }
            lock.withLock { loaded[kind.name] = (folds[index], entries[index]) }
            outcomes.append(Outcome(projection: kind.name, version: kind.type.version, position: entries[index].checkpoint,
                                    events: entries[index].checkpoint - from[index], rebuilt: false, seconds: Self.seconds(since: started)))
        }
        return (outcomes, moved)
    }

    func commit(_ fold: any Fold, _ entry: inout ReadModelStore.Entry) throws(ReadModelError) -> Bool {
        guard try store.commit(fold.name, fold.takeChanges(), checkpoint: fold.checkpoint, expected: entry) else { return false }
        entry.checkpoint = fold.checkpoint
        return true
    }

    func load(_ kind: ProjectionKind, _ entry: ReadModelStore.Entry) throws(ReadModelError) -> any Fold {
        if let cached = lock.withLock({ loaded[kind.type.name] }), cached.entry == entry { return cached.fold }
        return try reading {
            try store.read(kind.type.name) { stored, rows in
                guard let stored, stored == entry else { throw ReadModelError.storeUnavailable(directory: store.directory, reason: "\(kind.type.name) changed while loading") }
                do { return try kind.loading(rows, checkpoint: stored.checkpoint) } catch let error as RowError {
                    throw ReadModelError.damagedRow(projection: kind.type.name, reason: error.description)
                }
            }
        }
    }
}
