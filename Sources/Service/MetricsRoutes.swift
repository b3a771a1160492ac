import CoreMetrics
import Foundation
import Hummingbird
import Ledger

/// `GET /metrics`, in the Prometheus text format, for anyone: it holds counts and positions, no data.
struct MetricsRoutes {
    let metrics: ServiceMetrics
    let ledger: Ledger
    let follower: ProjectionFollower
    /// On a read replica: where the copy stands against its primary.
    var replica: ReplicaSettings?
    /// On a primary: what its standbys hold.
    var acks: StandbyAcks?

    func add(to router: Router<ServiceContext>) {
        router.get("metrics") { _, _ in
            let head = try ledger.head().position
            metrics.observe(head: head, projections: follower.position)
            if let replica {
                metrics.observeReplica(head: head, status: replica.status(), now: Int64(Date().timeIntervalSince1970))
            }
            if let acks { metrics.observeStandbys(acks.status(), head: head) }
            let text = metrics.exposition()
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: text)))
        }
    }
}

/// Times every request, by method, route (the route's pattern, not the path) and status.
struct RequestMetrics: RouterMiddleware {
    typealias Context = ServiceContext
    let metrics: ServiceMetrics

    func handle(_ request: Request, context: ServiceContext, next: (Request, ServiceContext) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        func record(_ status: Int) {
            let elapsed = (ContinuousClock.now - started).components
            metrics.requestTimer(method: request.method.rawValue, route: context.endpointPath ?? "unmatched", status: status)
                .recordNanoseconds(elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000)
        }
        do {
            let response = try await next(request, context)
            record(response.status.code)
            return response
        } catch let error as any HTTPResponseError {
            record(error.status.code)
            throw error
        } catch {
            record(500)
            throw error
        }
    }
}
