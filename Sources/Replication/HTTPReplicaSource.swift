import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Transparency

/// A primary `fangxin serve` over HTTP: `/checkpoint`, `/tile/entries/…`, `/v1/records/P` and
/// `/v1/proofs/consistency`, with a bearer token of a role that may read whole records (auditor, regulator, admin).
public struct HTTPReplicaSource: ReplicaSource, CustomStringConvertible {
    public let base: URL
    private let token: String
    private let session: URLSession

    /// `base` is the primary's root URL (http or https), `token` a bearer token it accepts.
    public init(base: URL, token: String, timeoutSeconds: Double = 30) {
        self.base = base
        self.token = token
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeoutSeconds
        configuration.httpMaximumConnectionsPerHost = 8
        session = URLSession(configuration: configuration, delegate: RedirectRefusal(), delegateQueue: nil)
    }

    public var description: String { base.absoluteString }

    public func checkpoint() async throws -> String {
        String(decoding: try await get("checkpoint"), as: UTF8.self)
    }

    public func entryBundle(index: UInt64, width: Int) async throws -> [UInt8] {
        try await get(TileAddress.entriesPath(index: index, width: width))
    }

    public func record(at position: UInt64, size: UInt64) async throws -> [UInt8] {
        let path = "v1/records/\(position)?size=\(size)"
        let body = try await get(path)
        guard let document = try? JSONDecoder().decode(InclusionProofDocument.self, from: Data(body)),
              document.position == position, let (record, _) = document.decoded else {
            throw ReplicationError.malformed("\(path) is not an inclusion proof document of position \(position)")
        }
        return record
    }

    public func consistencyProof(from: UInt64, to: UInt64) async throws -> [TreeHash] {
        let path = "v1/proofs/consistency?from=\(from)&to=\(to)"
        let body = try await get(path)
        guard let document = try? JSONDecoder().decode(ConsistencyProofDocument.self, from: Data(body)),
              document.from == from, document.to == to else {
            throw ReplicationError.malformed("\(path) is not a consistency proof document from \(from) to \(to)")
        }
        let hashes = document.hashes.compactMap { TreeHash(base64: $0) }
        guard hashes.count == document.hashes.count else { throw ReplicationError.malformed("\(path) holds a hash that is not 32 bytes of base64") }
        return hashes
    }

    private func get(_ path: String) async throws -> [UInt8] {
        guard let url = URL(string: path, relativeTo: base.hasDirectoryPath ? base : base.appendingPathComponent("")) else {
            throw ReplicationError.unreachable("\(path) makes no URL under \(base)")
        }
        var request = URLRequest(url: url)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let data: Data, response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw ReplicationError.unreachable("GET \(url.absoluteString): \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let said = String(decoding: data.prefix(300), as: UTF8.self)
        switch status {
        case 200: return [UInt8](data)
        case 300..<400:
            let location = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Location") ?? "nowhere said"
            throw ReplicationError.unreachable("GET \(url.absoluteString) answered \(status), to \(location): a replica does not follow redirects, which would carry its token elsewhere; give --from the primary's own URL")
        case 401, 403: throw ReplicationError.denied("GET \(url.absoluteString) answered \(status): \(said)")
        case 404: throw ReplicationError.notServed("\(path) (404: \(said))")
        default: throw ReplicationError.unreachable("GET \(url.absoluteString) answered \(status): \(said)")
        }
    }
}

/// Refuses every redirect, so that the bearer token is only ever sent to the URL the operator gave.
private final class RedirectRefusal: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}
