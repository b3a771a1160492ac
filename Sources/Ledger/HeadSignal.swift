import Synchronization

/// Wakes tailing readers when a commit moves the head; nobody polls.
final class HeadSignal: Sendable {
    private struct Waiter {
        var beyond: UInt64
        var continuation: CheckedContinuation<UInt64?, Never>
    }

    private struct State {
        var head: UInt64
        var closed = false
        var nextWaiterID: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
    }

    private let state: Mutex<State>

    init(head: UInt64) {
        state = Mutex(State(head: head))
    }

    func publish(_ head: UInt64) {
        let ready = state.withLock { state -> [CheckedContinuation<UInt64?, Never>] in
            state.head = max(state.head, head)
            let due = state.waiters.filter { $0.value.beyond < state.head }
            for id in due.keys { state.waiters[id] = nil }
            return due.values.map(\.continuation)
        }
        for continuation in ready { continuation.resume(returning: head) }
    }

    /// Returns once the head is beyond `position`, with the new head; nil once the ledger has closed or the
    /// waiting task is cancelled.
    func wait(beyond position: UInt64) async -> UInt64? {
        let id = state.withLock { state in
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> UInt64?? in
                    if state.closed || Task.isCancelled { return .some(nil) }
                    if state.head > position { return .some(state.head) }
                    state.waiters[id] = Waiter(beyond: position, continuation: continuation)
                    return nil
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.continuation.resume(returning: nil)
        }
    }

    func close() {
        let waiting = state.withLock { state in
            state.closed = true
            defer { state.waiters.removeAll() }
            return state.waiters.values.map(\.continuation)
        }
        for continuation in waiting { continuation.resume(returning: nil) }
    }
}
