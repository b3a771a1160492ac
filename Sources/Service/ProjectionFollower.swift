import Logging
import ReadModels
import ServiceLifecycle
import Synchronization

/// Keeps the read models up with the log while the service runs (`ProjectionRunner.follow`): catches up on
/// start, then again after each
/// append. Readiness asks it how far the models have come.
public final class ProjectionFollower: Service, Sendable {
    let runner: ProjectionRunner
    private let logger: Logger
    /// The position every model has reached; nil until the first catch-up is done.
    private let state = Mutex<UInt64?>(nil)

    public init(runner: ProjectionRunner, logger: Logger) {
        self.runner = runner
        self.logger = logger
    }

    /// The position every read model has reached, nil before the first catch-up.
    public var position: UInt64? { state.withLock { $0 } }

    public func run() async throws {
        try await cancelWhenGracefulShutdown { [self] in
            try await runner.follow { position in
                let wasReady = state.withLock { state in
                    defer { state = position }
                    return state != nil
                }
                if !wasReady { logger.info("read models caught up", metadata: ["position": "\(position)"]) }
            }
        }
    }
}
