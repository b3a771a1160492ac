import Hummingbird

/// What a load balancer or an orchestrator asks, without a token: is the process up, and has it caught up.
struct HealthRoutes {
    let follower: ProjectionFollower

    struct Readiness: Encodable, Sendable {
        let ready: Bool
        /// The position every read model has reached.
        let position: UInt64?
    }

    func add(to router: Router<ServiceContext>) {
        router.get("health") { _, _ in JSONDocument(["status": "up"]) }
        router.get("ready") { _, _ in
            guard let position = follower.position else {
                throw Problem(.serviceUnavailable, "the read models are still catching up with the log")
            }
            return JSONDocument(Readiness(ready: true, position: position))
        }
    }
}
