import Foundation
import HTTPTypes
import Synchronization

/// What the primary's standbys hold, as each last reported it on its stream, and the commands waiting for enough
/// of them to hold their records (`serve --ack-replicas N`): a command is acknowledged only once `required`
/// standbys hold its last position, or refused after `timeout` (docs/REPLICAS.md, "Acknowledged on two machines").
///
/// Standbys are told apart by their token's actor: give each its own token.
public final class StandbyAcks: Sendable {
    /// Standbys whose positions count: this many must hold a record before a command is acknowledged.
    public let required: Int
    public let timeout: Duration
    /// A standby that has not reported for this long is not counted as following (`/ready`, `/metrics`); its stream
    /// asks again at least every 10 s.
    static let followingWindow = Duration.seconds(15)

    private struct Waiter {
        var position: UInt64
        var continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var held: [String: (position: UInt64, at: ContinuousClock.Instant)] = [:]
        var nextWaiterID: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
        var unacknowledged: UInt64 = 0
    }

    private let state = Mutex(State())

    public init(required: Int, timeout: Duration) {
        self.required = max(required, 0)
        self.timeout = timeout
    }

    /// Notes that `standby` holds `position` records durably, and acknowledges the commands that now may be.
    func report(standby: String, holds position: UInt64, now: ContinuousClock.Instant = .now) {
        let ready = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            state.held[standby] = (position, now)
            let due = state.waiters.filter { Self.holders(of: $0.value.position, in: state.held) >= required }
            for id in due.keys { state.waiters[id] = nil }
            return due.values.map(\.continuation)
        }
        for continuation in ready { continuation.resume(returning: true) }
    }

    /// True once `required` standbys hold `position`; false when they do not within the timeout.
    func waitUntilHeld(_ position: UInt64) async -> Bool {
        guard required > 0 else { return true }
        let id = state.withLock { state in
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        let timer = Task { [timeout] in
            try? await Task.sleep(for: timeout)
            self.expire(id)
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if Self.holders(of: position, in: state.held) >= required { return true }
                state.waiters[id] = Waiter(position: position, continuation: continuation)
                return false
            }
            if now { continuation.resume(returning: true) }
        }
    }

    /// Returns once `required` standbys hold `position`; otherwise 503, saying that `what` is recorded here but
    /// not acknowledged, and when to send it again. Throws `Problem` only, declared untyped: typed async throws
    /// met Swift 6.3.1's task-allocator faults (see `Ledger.copy`).
    func acknowledge(_ position: UInt64, what: String) async throws {
        guard await !waitUntilHeld(position) else { return }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        var problem = Problem(.serviceUnavailable, "\(what) is recorded on this primary, at position \(position), but fewer than \(required) standby\(required == 1 ? "" : "s") confirmed holding it within \(seconds.formatted()) s (--ack-replicas \(required)): it is not acknowledged. Send it again with the same Idempotency-Key: once a standby holds it, the answer is what was recorded")
        problem.retryAfter = 1
        throw problem
    }

    private func expire(_ id: UInt64) {
        let waiter = state.withLock { state -> Waiter? in
            guard let waiter = state.waiters.removeValue(forKey: id) else { return nil }
            state.unacknowledged += 1
            return waiter
        }
        waiter?.continuation.resume(returning: false)
    }

    /// What `/ready` and `/metrics` say.
    public struct Status: Sendable, Equatable {
        public var required: Int
        /// Standbys that reported within the last 15 s.
        public var following: Int
        /// The position `required` standbys all hold (the last acknowledgeable), or with none required the most
        /// advanced standby's; 0 while too few follow.
        public var held: UInt64
        /// Commands recorded here and not acknowledged, since the service started.
        public var unacknowledged: UInt64
    }

    func status(now: ContinuousClock.Instant = .now) -> Status {
        state.withLock { state in
            let following = state.held.values.filter { now - $0.at <= Self.followingWindow }
            let positions = following.map(\.position).sorted(by: >)
            let needed = max(required, 1)
            let held = positions.count >= needed ? positions[needed - 1] : 0
            return Status(required: required, following: following.count, held: held, unacknowledged: state.unacknowledged)
        }
    }

    private static func holders(of position: UInt64, in held: [String: (position: UInt64, at: ContinuousClock.Instant)]) -> Int {
        held.values.count { $0.position >= position }
    }
}
