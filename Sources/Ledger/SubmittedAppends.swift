import Synchronization

/// Appends handed to the writer, whose outcome is awaited apart (`Ledger.submit`): a caller may prepare its next
/// appends while the writer commits these.
public final class SubmittedAppends: Sendable {
    private enum State {
        case waiting(CheckedContinuation<[Result<AppendResult, LedgerError>], Never>?)
        case done([Result<AppendResult, LedgerError>])
    }

    private let state: Mutex<State>

    init() { state = Mutex(.waiting(nil)) }

    /// Appends answered without reaching the writer (a read-only ledger, a closed one, every append refused).
    init(done outcome: [Result<AppendResult, LedgerError>]) { state = Mutex(.done(outcome)) }

    /// Each append's outcome, in order, once their commit is done (for `.synced`, once it is on disk).
    public func outcome() async -> [Result<AppendResult, LedgerError>] {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> [Result<AppendResult, LedgerError>]? in
                switch state {
                case .done(let outcome): return outcome
                case .waiting: state = .waiting(continuation); return nil
                }
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    func complete(_ outcome: [Result<AppendResult, LedgerError>]) {
        let waiting = state.withLock { state -> CheckedContinuation<[Result<AppendResult, LedgerError>], Never>? in
            guard case .waiting(let continuation) = state else { return nil }
            state = .done(outcome)
            return continuation
        }
        waiting?.resume(returning: outcome)
    }
}
