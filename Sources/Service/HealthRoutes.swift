import Hummingbird

/// What a load balancer or an orchestrator asks, without a token: is the process up, and has it caught up.
struct HealthRoutes {
    let follower: ProjectionFollower
    let acks: StandbyAcks

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
            let standbys = acks.status()
            guard standbys.following >= standbys.required else {
                var problem = Problem(.serviceUnavailable, "\(standbys.following) standby\(standbys.following == 1 ? " is" : "s are") following this primary, and commands are acknowledged only once \(standbys.required) hold them (--ack-replicas): commands are answered 503 until then")
                problem.retryAfter = 1
                throw problem
            }
            return JSONDocument(Readiness(ready: true, position: position))
        }
    }
}
