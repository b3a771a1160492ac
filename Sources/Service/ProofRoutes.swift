import Foundation
import Hummingbird
import Ledger
import Notary
import Queries
import Transparency

/// The log as a transparency log (docs/PROOFS.md): the signed checkpoint (public), proofs and records (auditor,
/// regulator, admin), and the tiles and entry bundles laid out as C2SP tlog-tiles, so that tlog clients fetch
/// them unchanged and a static copy of them is a verifiable mirror.
struct ProofRoutes {
    let ledger: Ledger
    let publisher: CheckpointPublisher?
    /// On a read replica: the primary's checkpoint the copy holds, served as the primary signed it.
    var mirrored: (@Sendable () -> String?)?
    /// On a read replica: the primary's URL, which signs checkpoints.
    var primary: String?

    /// Roles that see every record: the proofs carry whole records (personal data in them stays sealed).
    static let readers: Set<Role> = [.auditor, .regulator, .admin, .replica]

    func add(to router: Router<ServiceContext>) {
        router.get("checkpoint") { _, _ in try checkpoint() }
        let v1 = router.group("v1")
        v1.get("checkpoint") { _, _ in try checkpoint() }
        v1.post("checkpoint") { request, context in
            try requireReader(context)
            if publisher == nil, let primary {
                throw Problem(.misdirectedRequest, "this service is a read replica of \(primary), which signs checkpoints: send this request to \(ReplicaRoutes.join(primary, request.uri.path))")
            }
            guard let publisher else { throw Self.unsigned }
            do {
                return Self.text(try await publisher.publish().serialized, cache: "no-store")
            } catch {
                throw Problem(.serviceUnavailable, "no checkpoint could be signed: \(error)")
            }
        }
        v1.get("proofs/inclusion") { request, context in
            try requireReader(context)
            let (position, size) = try Problem.checking { () throws(InvalidParameter) in
                (try QueryParameter.position("position", request.query("position")), try QueryParameter.position("size", request.query("size")))
            }
            guard let position else { throw Problem(.unprocessableContent, "say which record: position=P", field: "position") }
            return try inclusion(position, size)
        }
        v1.get("records/:position") { request, context in
            try requireReader(context)
            let text = try context.path("position")
            let (position, size) = try Problem.checking { () throws(InvalidParameter) in
                (try QueryParameter.position("position", text), try QueryParameter.position("size", request.query("size")))
            }
            return try inclusion(position!, size)
        }
        v1.get("proofs/consistency") { request, context in
            try requireReader(context)
            let (from, to) = try Problem.checking { () throws(InvalidParameter) in
                (try QueryParameter.position("from", request.query("from")), try QueryParameter.position("to", request.query("to")))
            }
            guard let from else { throw Problem(.unprocessableContent, "say from which tree size: from=M", field: "from") }
            let proof = try answering { () throws(LedgerError) in try ledger.consistencyProof(from: from, to: to) }
            return JSONDocument(ConsistencyProofDocument(from: proof.from, to: proof.to, hashes: proof.hashes))
        }
        router.get("tile/**") { request, context in
            try requireReader(context)
            let parts = context.parameters.getCatchAll()
            guard let first = parts.first else { throw Self.noSuchTile(request) }
            if first == "entries" {
                guard let (index, width) = TileAddress.parse(indexAndWidth: Array(parts.dropFirst())),
                      let bundle = try answering({ () throws(LedgerError) in try ledger.entryBundle(index: index, width: width) }) else { throw Self.noSuchTile(request) }
                // tlog-tiles: entry bundles SHOULD be compressed; records compress well, hashes do not.
                return ContentCoding.acceptsGzip(request.headers[.acceptEncoding]) ? try Self.gzipped(bundle) : Self.bytes(bundle, varies: true)
            }
            guard let level = Int(first), String(level) == first, (0...TileAddress.levelMax).contains(level),
                  let (index, width) = TileAddress.parse(indexAndWidth: Array(parts.dropFirst())),
                  let tile = try answering({ () throws(LedgerError) in try ledger.tile(TileAddress(level: level, index: index), width: width) }) else {
                throw Self.noSuchTile(request)
            }
            return Self.bytes(tile)
        }
    }

    private func checkpoint() throws -> Response {
        if publisher == nil, let mirrored {
            guard let text = mirrored() else {
                throw Problem(.serviceUnavailable, "this replica holds no checkpoint of its primary yet; ask again once it has copied one")
            }
            return Self.text(text, cache: "max-age=1")
        }
        guard let publisher else { throw Self.unsigned }
        guard let note = publisher.latest else {
            throw Problem(.serviceUnavailable, "the first checkpoint is being signed; ask again in a second")
        }
        // Mutable: caches may keep it only briefly (C2SP tlog-tiles).
        return Self.text(note.serialized, cache: "max-age=1")
    }

    private func inclusion(_ position: UInt64, _ size: UInt64?) throws -> JSONDocument<InclusionProofDocument> {
        let proof = try answering { () throws(LedgerError) in try ledger.inclusionProof(position: position, size: size) }
        return JSONDocument(InclusionProofDocument(position: proof.position, size: proof.size, record: proof.record, hashes: proof.hashes))
    }

    private func requireReader(_ context: ServiceContext) throws {
        let caller = try context.requireCaller()
        guard Self.readers.contains(caller.role) else {
            throw Problem(.forbidden, "records and proofs are for auditors, regulators, operators and replicas, not a \(caller.role.rawValue)")
        }
    }

    private func answering<R>(_ body: () throws(LedgerError) -> R) throws -> R {
        do {
            return try body()
        } catch {
            switch error {
            case .notInTree, .entryTooLarge: throw Problem(.notFound, error.description)
            default: throw error
            }
        }
    }

    static let unsigned = Problem(.notFound, "this service signs no checkpoints: start it with --signing-key FILE")

    static func noSuchTile(_ request: Request) -> Problem {
        Problem(.notFound, "\(request.uri.path) is no tile or entry bundle of this log's tree (C2SP tlog-tiles paths: tile/<L>/<N>[.p/<W>], tile/entries/<N>[.p/<W>])")
    }

    static func text(_ text: String, cache: String) -> Response {
        .bytes(Array(text.utf8), contentType: "text/plain; charset=utf-8", cache: cache)
    }

    /// Tiles and bundles never change once served at a width: they may be cached for long, by the caller alone
    /// (they are served to a token only, and bundles carry whole records). A bundle's answer varies with the
    /// encodings the client accepts.
    static func bytes(_ bytes: [UInt8], varies: Bool = false) -> Response {
        var response = Response.bytes(bytes, contentType: "application/octet-stream", cache: "private, max-age=31536000, immutable")
        if varies { response.headers[.vary] = "Accept-Encoding" }
        return response
    }

    /// An entry bundle gzip-compressed, for a client that accepts it.
    static func gzipped(_ bundle: [UInt8]) throws -> Response {
        var response = bytes(try ContentCoding.gzip(bundle), varies: true)
        response.headers[.contentEncoding] = "gzip"
        return response
    }
}
