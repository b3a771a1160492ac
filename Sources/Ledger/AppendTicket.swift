import Synchronization

/// The results of appends submitted with `Ledger.submit`, available once the writer has committed them.
final class AppendTicket: Sendable {
    private enum State {
        case pending([CheckedContinuation<[Result<AppendResult, LedgerError>], Never>])
        case done([Result<AppendResult, LedgerError>])
    }

    private let state = Mutex(State.pending([]))
    /// How many appends the ticket answers for.
    let count: Int

    init(count: Int) { self.count = count }

    /// One result per submitted append, in order.
    func results() async -> [Result<AppendResult, LedgerError>] {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> [Result<AppendResult, LedgerError>]? in
                switch state {
                case .done(let results): return results
                case .pending(var waiting):
                    waiting.append(continuation)
                    state = .pending(waiting)
                    return nil
                }
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    func fulfil(_ results: [Result<AppendResult, LedgerError>]) {
        precondition(results.count == count, "a ticket for \(count) appends got \(results.count) results")
        let waiting = state.withLock { state -> [CheckedContinuation<[Result<AppendResult, LedgerError>], Never>] in
            guard case .pending(let waiting) = state else { preconditionFailure("a ticket fulfilled twice") }
            state = .done(results)
            return waiting
        }
        for continuation in waiting { continuation.resume(returning: results) }
    }
}
