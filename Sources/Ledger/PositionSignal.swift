import Synchronization

/// Wakes the tasks waiting for a position to be passed — tailing readers when a commit moves the head, readers
/// of the read models when a follower folds further; nobody polls.
public final class PositionSignal: Sendable {
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

    public init(head: UInt64) {
        state = Mutex(State(head: head))
    }

    /// Moves the position to `head`, if that is further, and wakes who waited for less.
    public func publish(_ head: UInt64) {
        let ready = state.withLock { state -> [CheckedContinuation<UInt64?, Never>] in
            state.head = max(state.head, head)
            let due = state.waiters.filter { $0.value.beyond < state.head }
            for id in due.keys { state.waiters[id] = nil }
            return due.values.map(\.continuation)
        }
        for continuation in ready { continuation.resume(returning: head) }
    }

    /// Returns once the head is beyond `position`, with the new head; nil once the signal has closed or the
    /// waiting task is cancelled.
    public func wait(beyond position: UInt64) async -> UInt64? {
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

    /// Wakes every waiter with nil, now and from now on.
    public func close() {
        let waiting = state.withLock { state in
            state.closed = true
            defer { state.waiters.removeAll() }
            return state.waiters.values.map(\.continuation)
        }
        for continuation in waiting { continuation.resume(returning: nil) }
    }
}
