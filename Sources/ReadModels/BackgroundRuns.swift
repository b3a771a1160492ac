import Dispatch
import Foundation

/// Sorts a rebuild's stretches of rows into runs (`SortedRuns`) on a thread of its own, one stretch at a time,
/// while the next stretch is folded: the folds need not wait for the sort. At most one stretch waits behind the
/// one being sorted, so memory holds two stretches at most.
final class BackgroundRuns: @unchecked Sendable {
    private let queue = DispatchQueue(label: "fangxin-rebuild-runs")
    private let slot = DispatchSemaphore(value: 1)
    private let lock = NSLock()
    private var failure: ReadModelError?
    /// Where each run is laid out before it is written, one for every model: the queue sorts one at a time.
    private var run = RunEntries()

    /// Queues a stretch of each model's changes for its runs; waits while another stretch is being sorted.
    /// Throws what an earlier stretch failed with.
    func add(_ stretch: [(SortedRuns, FoldChanges)]) throws(ReadModelError) {
        try check()
        slot.wait()
        let pending = Pending(stretch)
        queue.async { [self] in
            defer { slot.signal() }
            do throws(ReadModelError) {
                for index in pending.stretch.indices {
                    try pending.stretch[index].runs.add(pending.stretch[index].changes, through: &run)
                    pending.stretch[index].changes = FoldChanges()   // let go of each model's rows once they are in its run
                }
            } catch {
                lock.withLock { failure = error }
            }
        }
    }

    /// Waits until every queued stretch is sorted; throws what one failed with.
    func finish() throws(ReadModelError) {
        slot.wait()
        slot.signal()
        try check()
        queue.sync { run = RunEntries() }   // no more runs: its buffer is not needed
    }

    /// A stretch handed to the queue, held by reference so that each model's rows can be let go of in turn.
    private final class Pending: @unchecked Sendable {
        var stretch: [(runs: SortedRuns, changes: FoldChanges)]
        init(_ stretch: [(SortedRuns, FoldChanges)]) { self.stretch = stretch.map { (runs: $0.0, changes: $0.1) } }
    }

    private func check() throws(ReadModelError) {
        if let failure = lock.withLock({ failure }) { throw failure }
    }
}
