import Foundation
import Ledger
import Projections

/// One pass over the log that feeds many folds: each record is parsed and decoded once, whichever folds read
/// it, and then every fold takes the batch on a thread of its own.
///
/// A batch goes through two phases, each spread over the cores: decoding (the views borrow the ledger's map,
/// so both phases run inside the scan's read transaction), then folding. A fold sees its events in log order
/// on one thread at a time, so the folds stay plain single-threaded code.
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
    func run(through: UInt64, progress: ProgressMeter?, afterBatch: () throws(ReadModelError) -> Bool = { true }) throws(ReadModelError) {
        guard let start = folds.map(\.checkpoint).min(), start < through else { return }
        var views: [RecordView] = []
        views.reserveCapacity(batchSize)
        var failure: ReadModelError?
        var stopped = false
        do {
            try ledger.scan(from: start + 1) { view in
                guard view.position <= through else { return false }
                views.append(view)
                guard views.count == batchSize || view.position == through else { return true }
                do {
                    try fold(views)
                    views.removeAll(keepingCapacity: true)
                    for fold in folds { progress?.advance(fold.name, to: view.position) }
                    stopped = try !afterBatch()
                    return !stopped && view.position < through
                } catch let error as ReadModelError {
                    failure = error
                    return false
                }
            }
        } catch let error as LedgerError {
            throw .ledger(error)
        } catch {
            throw .ledger(.damaged(position: 0, problem: "\(error)"))
        }
        if let failure { throw failure }
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

    private func fold(_ views: [RecordView]) throws(ReadModelError) {
        let chunks = decode(views)
        let last = views[views.count - 1].position
        _ = concurrently(folds.count) { index in
            let fold = folds[index], bit = UInt64(1) << UInt64(index)
            for chunk in chunks {
                for item in chunk.events.indices where chunk.readers[item] & bit != 0 && chunk.events[item].position > fold.checkpoint {
                    fold.apply(chunk.events[item])
                }
            }
            fold.checkpoint = max(fold.checkpoint, last)
        }
    }

    /// Decodes the views in as many runs, in log order, as there are cores.
    private func decode(_ views: [RecordView]) -> [Decoded] {
        let count = views.count < 512 ? 1 : ProcessInfo.processInfo.activeProcessorCount
        let size = (views.count + count - 1) / count
        let runs = concurrently(count) { run -> Decoded in
            var decoded = Decoded()
            decoded.events.reserveCapacity(size)
            decoded.readers.reserveCapacity(size)
            for view in views[min(views.count, run * size)..<min(views.count, (run + 1) * size)] {
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
        return runs
    }
}
