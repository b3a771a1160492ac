import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Replication
import Synchronization
import Testing

/// `HTTPReplicaSource` against a live HTTP server: the token goes with every request, and nowhere else.
@Suite struct HTTPReplicaSourceTests {
    @Test func theTokenIsSentAndRedirectsAreNotFollowed() async throws {
        let seen = Mutex<[String]>([])
        let router = Router()
        router.get("checkpoint") { request, _ -> Response in
            seen.withLock { $0.append("checkpoint " + (request.headers[.authorization] ?? "none")) }
            return Response(status: .found, headers: [.location: "/elsewhere/checkpoint"])
        }
        router.get("elsewhere/checkpoint") { request, _ -> String in
            seen.withLock { $0.append("elsewhere " + (request.headers[.authorization] ?? "none")) }
            return "followed"
        }
        router.get("tile/entries/000.p/2") { request, _ -> Response in
            seen.withLock { $0.append("bundle " + (request.headers[.authorization] ?? "none")) }
            return Response(status: .unauthorized)
        }
        try await Application(router: router).test(.live) { client in
            let source = try HTTPReplicaSource(base: URL(string: "http://127.0.0.1:\(client.port!)")!, token: "t0ken")
            await #expect {
                _ = try await source.checkpoint()
            } throws: { error in
                (error as? ReplicationError).map { "\($0)".contains("answered 302, to /elsewhere/checkpoint: a replica does not follow redirects") } ?? false
            }
            await #expect {
                _ = try await source.entryBundle(index: 0, width: 2)
            } throws: { error in
                if case .denied = error as? ReplicationError { return true }
                return false
            }
        }
        #expect(seen.withLock { $0 } == ["checkpoint Bearer t0ken", "bundle Bearer t0ken"])
    }
}
