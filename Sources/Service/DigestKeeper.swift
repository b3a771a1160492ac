import Logging
import ReadModels
public import ServiceLifecycle

/// Keeps each read model's digests while the service runs (`ProjectionRunner.keepDigests`): once the models
/// have first caught up, then whenever they have moved and `interval` has passed since the last time. So
/// `GET /v1/models` reads what is kept, and the walk of a large model runs at most once per interval, on the
/// blocking pool, never per request.
public struct DigestKeeper: Service {
    let follower: ProjectionFollower
    let interval: Duration
    let logger: Logger

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                if follower.position != nil {
                    do {
                        try await blocking { () throws(ReadModelError) in _ = try follower.runner.keepDigests(onlyStale: true) }
                    } catch {
                        logger.warning("the read models' digests could not be kept", metadata: ["reason": "\(error)"])
                    }
                    try? await Task.sleep(for: interval)
                } else {
                    // Not caught up yet: a digest now would be of a model about to move.
                    try? await Task.sleep(for: .milliseconds(200))
                }
            }
        }
    }
}
