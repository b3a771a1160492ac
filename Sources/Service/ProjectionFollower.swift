import Ledger
public import Logging
public import ReadModels
public import ServiceLifecycle
import Synchronization

/// Keeps the read models up with the log while the service runs (`ProjectionRunner.follow`): catches up on
/// start, then again after each append. Readiness, reads that carry `minPosition` and the live feed ask it how
/// far the models have come.
public final class ProjectionFollower: Service, Sendable {
    let runner: ProjectionRunner
    private let logger: Logger
    /// The position every model has reached; nil until the first catch-up is done.
    private let state = Mutex<UInt64?>(nil)
    private let reached = PositionSignal(head: 0)
    private let stopped = Mutex(false)

    public init(runner: ProjectionRunner, logger: Logger) {
        self.runner = runner
        self.logger = logger
    }

    /// The position every read model has reached, nil before the first catch-up.
    public var position: UInt64? { state.withLock { $0 } }

    /// True once the follower has stopped: the models will not move again in this process.
    public var isStopped: Bool { stopped.withLock { $0 } }

    /// Returns once every read model has reached `position`, with how far they have come; nil when the
    /// follower stops or the waiting task is cancelled first.
    public func wait(reaching position: UInt64) async -> UInt64? {
        if let now = self.position, now >= position { return now }
        guard position > 0 else { return 0 }
        return await reached.wait(beyond: position - 1)
    }

    /// As `wait(reaching:)`, giving up after `timeout`.
    public func wait(reaching position: UInt64, within timeout: Duration) async -> UInt64? {
        if let now = self.position, now >= position { return now }
        return await withTaskGroup(of: UInt64?.self) { group in
            group.addTask { await self.wait(reaching: position) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            return await group.next() ?? nil
        }
    }

    public func run() async throws {
        defer {
            stopped.withLock { $0 = true }
            reached.close()
        }
        try await cancelWhenGracefulShutdown { [self] in
            try await runner.follow { position in
                let wasReady = state.withLock { state in
                    defer { state = position }
                    return state != nil
                }
                reached.publish(position)
                if !wasReady { logger.info("read models caught up", metadata: ["position": "\(position)"]) }
            }
        }
    }
}
