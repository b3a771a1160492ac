import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOSSL
public import Transparency

/// A primary `fangxin serve` over HTTP or HTTPS: `/checkpoint`, `/tile/entries/…`, `/v1/records/P` and
/// `/v1/proofs/consistency`, with a bearer token of a role that may read whole records (auditor, regulator, admin).
///
/// Over https the primary's certificate must chain to the system's trusted roots, or to `authority` when given
/// (a bureau's private certificate authority), and name the host. Redirects are never followed, so that the token
/// goes only to the URL the operator gave; no answer is read beyond `answerBytesMax`.
public struct HTTPReplicaSource: ReplicaSource, CustomStringConvertible {
    public let base: URL
    private let token: String
    private let tls: TLSConfiguration?
    private let timeout: TimeAmount

    /// The most an answer may hold: an entry bundle of 256 records of 65,535 bytes, and room to spare.
    static let answerBytesMax = 32 << 20

    /// `base` is the primary's root URL (http or https), `token` a bearer token it accepts, `authority` a PEM file
    /// of the certificate authorities to trust instead of the system's.
    public init(base: URL, token: String, authority: String? = nil, timeoutSeconds: Int64 = 30) throws(ReplicationError) {
        self.base = base
        self.token = token
        timeout = .seconds(timeoutSeconds)
        if let authority {
            let roots: [NIOSSLCertificate]
            do { roots = try NIOSSLCertificate.fromPEMFile(authority) } catch {
                throw .notAReplica("--ca \(authority): no PEM certificate can be read from it (\(error))")
            }
            guard !roots.isEmpty else { throw .notAReplica("--ca \(authority): it holds no certificate") }
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .certificates(roots)
            tls.minimumTLSVersion = .tlsv12
            self.tls = tls
        } else {
            tls = nil
        }
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

    /// The `detail` of a problem document, when the answer is one.
    private static func detail(of body: ByteBuffer) -> String? {
        struct Problem: Decodable { let detail: String }
        return (try? JSONDecoder().decode(Problem.self, from: Data(body.readableBytesView.prefix(64 << 10))))?.detail
    }

    func get(_ path: String, timeout: TimeAmount? = nil) async throws -> [UInt8] {
        guard let url = URL(string: path, relativeTo: base.hasDirectoryPath ? base : base.appendingPathComponent("")) else {
            throw ReplicationError.unreachable("\(path) makes no URL under \(base)")
        }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        // Entry bundles come compressed when the primary can (tlog-tiles), and are inflated within the same bound.
        request.headers.add(name: "Accept-Encoding", value: "gzip")
        request.tlsConfiguration = tls
        let status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer
        do {
            let response = try await sharedClient.execute(request, timeout: timeout ?? self.timeout)
            (status, headers) = (response.status, response.headers)
            body = try await response.body.collect(upTo: Self.answerBytesMax)
        } catch let error as NIOTooManyBytesError {
            throw ReplicationError.malformed("GET \(url.absoluteString) answered more than \(Self.answerBytesMax) bytes (\(error))")
        } catch {
            throw ReplicationError.unreachable("GET \(url.absoluteString): \(Self.describe(error))")
        }
        let said = String(decoding: body.readableBytesView.prefix(300), as: UTF8.self)
        switch status.code {
        case 200: return Array(body.readableBytesView)
        case 300..<400:
            let location = headers.first(name: "Location") ?? "nowhere said"
            throw ReplicationError.unreachable("GET \(url.absoluteString) answered \(status.code), to \(location): a replica does not follow redirects, which would carry its token elsewhere; give --from the primary's own URL")
        case 401, 403: throw ReplicationError.denied("GET \(url.absoluteString) answered \(status.code): \(said)")
        case 404: throw ReplicationError.notServed("\(path) (404: \(said))")
        case 409: throw ReplicationError.diverged(Self.detail(of: body) ?? said)
        default: throw ReplicationError.unreachable("GET \(url.absoluteString) answered \(status.code): \(said)")
        }
    }

    /// What went wrong reaching the primary, in words: a certificate that does not verify says so.
    private static func describe(_ error: any Error) -> String {
        guard error is NIOSSLError || error is BoringSSLError else { return "\(error)" }
        return "TLS: \(error); is the primary's certificate issued for this host by a trusted authority (--ca FILE)?"
    }
}

/// One client for every source of the process, never shut down (a client's end must be awaited, and a source is a
/// value): it follows no redirect, and each request carries its source's trust roots.
private let sharedClient = HTTPClient(
    eventLoopGroup: HTTPClient.defaultEventLoopGroup,
    configuration: HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10), read: .seconds(60)),
                                            decompression: .enabled(limit: .size(HTTPReplicaSource.answerBytesMax))))
