import Foundation
import Ledger
import Projections

/// One pass over the log that feeds many folds: each record is parsed and decoded once, whichever folds read
/// it, and then every fold takes the batch on a thread of its own.
///
/// A batch is decoded (the views borrow the ledger's map, so inside the scan's read transaction) while the
/// batch before it is folded: one round of tasks over the cores. A fold sees its events in log order on one
/// thread at a time, so the folds stay plain single-threaded code.
struct FoldPass {
    let ledger: Ledger
    let folds: [any Fold]
    private let filters: [(streams: StreamFilter, decodesPayloads: Bool)]
    /// Events per batch: large enough that handing work to the threads costs nothing, small enough to stay in cache.
    var batchSize = 4096

    init(ledger: Ledger, folds: [any Fold]) {
        precondition(folds.count <= 64, "a pass marks the folds reading an event in 64 bits")
        self.ledger = ledger
        self.folds = folds
        filters = folds.map { ($0.streams, $0.decodesPayloads) }
    }

    /// Applies every event after each fold's checkpoint up to `through`, asking `afterBatch` after each
    /// batch whether to go on.
    ///
    /// Each batch is decoded while the one before it is folded, in one round of tasks over the cores: the
    /// decoding and the folds, of unequal sizes, then share both cores instead of taking turns.
    func run(through: UInt64, progress: ProgressMeter?, afterBatch: () throws(ReadModelError) -> Bool = { true }) throws(ReadModelError) {
        guard let start = folds.map(\.checkpoint).min(), start < through else { return }
        var views: [RecordView] = []
        views.reserveCapacity(batchSize)
        var failure: ReadModelError?
        var stopped = false
        /// A batch decoded and not folded yet, with its last position.
        var pending: (runs: [Decoded], last: UInt64)?
        func folded(_ last: UInt64) throws(ReadModelError) {
            for fold in folds { progress?.advance(fold.name, to: last) }
            stopped = try !afterBatch()
        }
        do {
            try ledger.scan(from: start + 1) { view in
                guard view.position <= through else { return false }
                views.append(view)
                guard views.count == batchSize || view.position == through else { return true }
                do {
                    let decoded = step(folding: pending, decoding: views)
                    let last = pending?.last
                    pending = (decoded, view.position)
                    views.removeAll(keepingCapacity: true)
                    if let last { try folded(last) }
                    return !stopped && view.position < through
                } catch let error as ReadModelError {
                    failure = error
                    return false
                }
            }
            if let failure { throw failure }
            if let batch = pending, !stopped {
                _ = step(folding: batch, decoding: [])
                try folded(batch.last)
            }
        } catch let error as ReadModelError {
            throw error
        } catch let error as LedgerError {
            throw .ledger(error)
        } catch {
            throw .ledger(.damaged(position: 0, problem: "\(error)"))
        }
        if !views.isEmpty || (!stopped && folds.contains { $0.checkpoint < through }) {
            throw .ledger(.damaged(position: through, problem: "the log ends before position \(through), which its head names"))
        }
    }

    /// A run of events decoded by one thread, each with the folds that read it as bits (bit i: `folds[i]`).
    /// Events no fold reads are left out.
    private struct Decoded {
        var events: [ProjectionEvent] = []
        var readers: [UInt64] = []
    }

    /// Folds `batch` into every fold while decoding `views`, all as tasks over the cores; returns `views` decoded,
    /// in as many runs, in log order, as there are cores (one for a small batch).
    private func step(folding batch: (runs: [Decoded], last: UInt64)?, decoding views: [RecordView]) -> [Decoded] {
        let runs = views.isEmpty ? 0 : views.count < 512 ? 1 : ProcessInfo.processInfo.activeProcessorCount
        let size = runs == 0 ? 0 : (views.count + runs - 1) / runs
        let tasks = runs + (batch == nil ? 0 : folds.count)
        let results = concurrently(tasks) { task -> Decoded? in
            if task < runs { return decode(views[min(views.count, task * size)..<min(views.count, (task + 1) * size)]) }
            guard let batch else { return nil }
            let fold = folds[task - runs], bit = UInt64(1) << UInt64(task - runs)
            for run in batch.runs {
                for item in run.events.indices where run.readers[item] & bit != 0 && run.events[item].position > fold.checkpoint {
                    fold.apply(run.events[item])
                }
            }
            fold.checkpoint = max(fold.checkpoint, batch.last)
            return nil
        }
        return results.prefix(runs).map { $0! }
    }

    /// Decodes one run of views for the folds that read them.
    private func decode(_ views: ArraySlice<RecordView>) -> Decoded {
        var decoded = Decoded()
        decoded.events.reserveCapacity(views.count)
        decoded.readers.reserveCapacity(views.count)
        for view in views {
            var readers: UInt64 = 0, payload = false
            let stream = view.streamBytes
            for (number, filter) in filters.enumerated() where filter.streams.matches(stream) {
                readers |= UInt64(1) << UInt64(number)
                payload = payload || filter.decodesPayloads
            }
            guard readers != 0 else { continue }
            decoded.events.append(ProjectionEvent(view, decoding: payload))
            decoded.readers.append(readers)
        }
        return decoded
    }
}
