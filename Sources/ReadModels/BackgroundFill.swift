import Dispatch
import Foundation

/// Writes a rebuild's stretches of rows into the store on a thread of its own, one stretch at a time, while the
/// next stretch is folded: the folds need not wait for LMDB. At most one stretch waits behind the one being
/// written, so memory holds two stretches at most.
final class BackgroundFill: @unchecked Sendable {
    private let store: ReadModelStore
    private let queue = DispatchQueue(label: "fangxin-rebuild-fill")
    private let slot = DispatchSemaphore(value: 1)
    private let lock = NSLock()
    private var failure: ReadModelError?

    init(store: ReadModelStore) { self.store = store }

    /// Queues a stretch for the rebuilds; waits while another stretch is being written. Throws what an earlier
    /// stretch failed with.
    func add(_ stretch: [(ReadModelStore.Rebuild, FoldChanges)]) throws(ReadModelError) {
        try check()
        slot.wait()
        queue.async { [self] in
            defer { slot.signal() }
            do throws(ReadModelError) {
                for (rebuild, changes) in stretch { try store.fill(rebuild, changes) }
            } catch {
                lock.withLock { failure = error }
            }
        }
    }

    /// Waits until every queued stretch is written; throws what one failed with.
    func finish() throws(ReadModelError) {
        slot.wait()
        slot.signal()
        try check()
    }

    private func check() throws(ReadModelError) {
        if let failure = lock.withLock({ failure }) { throw failure }
    }
}
