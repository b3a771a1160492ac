import Dispatch
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
        var outcomes: [Outcome] = [], stale: [ProjectionKind] = []
        for kind in kinds {
            guard let entry = try store.entry(kind.type.name), entry.version == kind.type.version, entry.checkpoint <= head else {
                stale.append(kind)
                continue
            }
            outcomes.append(try advance(kind, entry, through: head))
        }
        if !stale.isEmpty { outcomes += try rebuild(stale, comparing: false, progress: progress) }
        return kinds.compactMap { kind in outcomes.first { $0.projection == kind.type.name } }
    }

    func advance(_ kind: ProjectionKind, _ entry: ReadModelStore.Entry, through head: UInt64) throws(ReadModelError) -> Outcome {
        let started = DispatchTime.now()
        // Nothing new: no need to load the model to fold nothing.
        if entry.checkpoint == head {
            return Outcome(projection: kind.type.name, version: kind.type.version, position: head, events: 0, rebuilt: false, seconds: 0)
        }
        var entry = entry
        while true {
            let fold = try load(kind, entry)
            let from = fold.checkpoint
            var moved = true
            var pass = FoldPass(ledger: ledger, folds: [fold])
            pass.batchSize = Int(min(UInt64(pass.batchSize), commitEvery))
            try pass.run(through: head, progress: nil) { () throws(ReadModelError) -> Bool in
                guard fold.checkpoint - entry.checkpoint >= self.commitEvery else { return true }
                moved = try self.commit(fold, &entry)
                return moved
            }
            if moved, fold.checkpoint > entry.checkpoint { moved = try commit(fold, &entry) }
            if moved {
                lock.withLock { loaded[kind.type.name] = (fold, entry) }
                return Outcome(projection: kind.type.name, version: kind.type.version, position: entry.checkpoint,
                               events: entry.checkpoint - from, rebuilt: false, seconds: Self.seconds(since: started))
            }
            // Another runner (another process) moved the model on: start again from what it stored.
            lock.withLock { loaded[kind.type.name] = nil }
            guard let stored = try store.entry(kind.type.name), stored.version == kind.type.version else {
                return try rebuild([kind], comparing: false, progress: nil)[0]
            }
            entry = stored
        }
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
