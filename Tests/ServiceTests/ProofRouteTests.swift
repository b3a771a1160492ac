import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Notary
import Service
import Testing
import Transparency

@Suite struct ProofRouteTests {
    @Test func theCheckpointIsPublicAndSignedAndProofsLeadToItsRoot() async throws {
        try await ServedLedger(signing: true).test { client in
            // Signed on demand, by an auditor; then public.
            #expect(try await client.execute(uri: "/v1/checkpoint", method: .post).status == .unauthorized)
            #expect(try await client.execute(uri: "/v1/checkpoint", method: .post, headers: [.authorization: "Bearer token-of-auditor"]).status == .ok)
            let published = try await client.get("/checkpoint", as: nil)
            #expect(published.status == .ok && published.headers[.contentType] == "text/plain; charset=utf-8")
            let note = try SignedNote(parsing: String(buffer: published.body))
            try ServedLedger.logKey.verifier.verify(note)
            let checkpoint = try Checkpoint(text: note.text)
            #expect(String(buffer: try await client.get("/v1/checkpoint", as: nil).body) == note.serialized)

            for position in 1...checkpoint.size {
                let response = try await client.get("/v1/proofs/inclusion?position=\(position)&size=\(checkpoint.size)")
                #expect(response.status == .ok)
                #expect(try decode(InclusionProofDocument.self, response).proves(root: checkpoint.root), "position \(position)")
            }
            let record = try decode(InclusionProofDocument.self, try await client.get("/v1/records/2"))
            #expect(record.position == 2 && record.proves(root: checkpoint.root))
            let consistency = try decode(ConsistencyProofDocument.self, try await client.get("/v1/proofs/consistency?from=1&to=\(checkpoint.size)"))
            let first = try decode(InclusionProofDocument.self, try await client.get("/v1/proofs/inclusion?position=1&size=1"))
            #expect(consistency.proves(fromRoot: .leaf(first.decoded!.record), toRoot: checkpoint.root))
        }
    }

    @Test func tilesAndEntryBundlesAreServedAsTlogTilesLaysThemOut() async throws {
        try await ServedLedger(signing: true).test { client in
            let size = try decode(InclusionProofDocument.self, try await client.get("/v1/proofs/inclusion?position=1")).size
            let width = Int(size % 256)
            let tile = try await client.get("/tile/0/000.p/\(width)")
            #expect(tile.status == .ok && tile.body.readableBytes == 32 * width && tile.headers[.contentType] == "application/octet-stream")
            let bundle = try await client.get("/tile/entries/000.p/\(width)")
            #expect(bundle.status == .ok)
            // Each entry is behind its u16 length and hashes to the tile's hash at its place.
            var bytes = Array(buffer: bundle.body)[...]
            let hashes = TreeHash.split(Array(buffer: tile.body).withUnsafeBytes { UnsafeRawBufferPointer($0) }) ?? []
            var index = 0
            while bytes.count >= 2 {
                let length = Int(bytes[bytes.startIndex]) << 8 | Int(bytes[bytes.startIndex + 1])
                let entry = Array(bytes.dropFirst(2).prefix(length))
                #expect(TreeHash.leaf(entry) == hashes[index])
                bytes = bytes.dropFirst(2 + length)
                index += 1
            }
            #expect(index == width)
            for bad in ["/tile/0/000.p/\(width + 1)", "/tile/0/000", "/tile/0/0", "/tile/64/000", "/tile/entries/x000/001", "/tile/0/000.p/0"] {
                #expect(try await client.get(bad).status == .notFound, "\(bad)")
            }
        }
    }

    /// What answers a token is for its caller alone: no shared cache may keep a tile, a bundle, a record, a
    /// proof or a read model for whoever asks next. Only the public face may be kept by anyone.
    @Test func answersToATokenArePrivateAndOnlyThePublicFaceIsPublic() async throws {
        try await ServedLedger(signing: true).test { client in
            let size = try decode(InclusionProofDocument.self, try await client.get("/v1/proofs/inclusion?position=1")).size
            let width = size % 256
            for uri in ["/tile/0/000.p/\(width)", "/tile/entries/000.p/\(width)", "/v1/records/1", "/v1/proofs/inclusion?position=1",
                        "/v1/proofs/consistency?from=1", "/v1/tiers", "/v1/merchants/\(ServedLedger.warned)", "/checkpoint", "/v1/models"] {
                for role in [Role.auditor, .regulator, .admin] {
                    let response = try await client.get(uri, as: role)
                    let cache = response.headers[.cacheControl] ?? ""
                    #expect(response.status == .ok && cache.hasPrefix("private") && !cache.contains("public"), "\(uri) for a \(role): \(cache)")
                }
            }
            let tile = try await client.get("/tile/0/000.p/\(width)")
            #expect(tile.headers[.cacheControl] == "private, max-age=31536000, immutable")
            // The public face: the checkpoint without a token may be kept, briefly, by anyone.
            let checkpoint = try await client.get("/checkpoint", as: nil)
            #expect(checkpoint.status == .ok && checkpoint.headers[.cacheControl] == "max-age=1")
        }
    }

    /// Entry bundles are gzip-compressed for a client that accepts it (tlog-tiles says they SHOULD be), and
    /// inflate to the very bytes served plain; a client that does not ask, or refuses gzip, gets them plain.
    @Test func entryBundlesAreCompressedForAClientThatAcceptsGzip() async throws {
        try await ServedLedger(signing: true).test { client in
            let size = try decode(InclusionProofDocument.self, try await client.get("/v1/proofs/inclusion?position=1")).size
            let uri = "/tile/entries/000.p/\(size % 256)"
            let plain = try await client.get(uri)
            #expect(plain.status == .ok && plain.headers[.contentEncoding] == nil && plain.headers[.vary] == "Accept-Encoding")
            func get(accepting encodings: String) async throws -> TestResponse {
                try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(ServedLedger.tokens[.auditor]!)", .acceptEncoding: encodings])
            }
            for accepted in ["gzip", "br, gzip;q=0.5", "*", "GZIP", "deflate, x-gzip"] {
                let compressed = try await get(accepting: accepted)
                #expect(compressed.status == .ok && compressed.headers[.contentEncoding] == "gzip", "\(accepted)")
                var body = compressed.body
                #expect(Array(try body.decompress(with: .gzip()).readableBytesView) == Array(plain.body.readableBytesView), "\(accepted)")
                #expect(compressed.headers[.cacheControl] == "private, max-age=31536000, immutable" && compressed.headers[.vary] == "Accept-Encoding")
            }
            // A header longer than any client sends is taken as none.
            for refused in ["gzip;q=0", "identity", "br", "*;q=0", "gzip; q=0.000", "gzip;q=0, *", "", String(repeating: "br, ", count: 400) + "gzip"] {
                let answer = try await get(accepting: refused)
                #expect(answer.headers[.contentEncoding] == nil && answer.body == plain.body, "\(refused)")
            }
            // Tiles are hashes: they are not compressed.
            #expect(try await get(accepting: "gzip").headers[.contentEncoding] == "gzip")
            let tile = try await client.execute(uri: "/tile/0/000.p/\(size % 256)", method: .get,
                                                headers: [.authorization: "Bearer \(ServedLedger.tokens[.auditor]!)", .acceptEncoding: "gzip"])
            #expect(tile.headers[.contentEncoding] == nil)
        }
    }

    @Test func proofsAreForAuditorsRegulatorsAndOperators() async throws {
        try await ServedLedger(signing: true).test { client in
            for role in [Role.merchant, .bank, .mediator] {
                let status1 = try await client.get("/v1/proofs/inclusion?position=1", as: role).status
                #expect(status1 == .forbidden, "\(role)")
            }
            let status2 = try await client.get("/v1/proofs/inclusion?position=1", as: nil).status
            #expect(status2 == .unauthorized)
            let status3 = try await client.get("/v1/proofs/inclusion?position=1", as: .regulator).status
            #expect(status3 == .ok)
            let status4 = try await client.get("/v1/proofs/inclusion?position=999999", as: .admin).status
            #expect(status4 == .notFound)
            let status5 = try await client.get("/v1/proofs/inclusion?position=x", as: .admin).status
            #expect(status5 == .unprocessableContent)
            let status6 = try await client.get("/v1/proofs/consistency?from=5&to=2", as: .admin).status
            #expect(status6 == .notFound)
        }
        // Without a signing key there is no checkpoint.
        try await ServedLedger().test { client in
            let status7 = try await client.get("/checkpoint", as: nil).status
            #expect(status7 == .notFound)
        }
    }

    /// Out-of-range, negative, empty and enormous parameters are refused saying which; nothing answers 500.
    @Test func hostileProofParametersAreRefusedByName() async throws {
        try await ServedLedger(signing: true).test { client in
            let huge = String(repeating: "9", count: 100_000)
            let cases: [(uri: String, status: HTTPResponse.Status)] = [
                ("/v1/proofs/inclusion?position=9223372036854775807", .notFound),
                ("/v1/proofs/inclusion?position=9223372036854775808", .unprocessableContent),
                ("/v1/proofs/inclusion?position=-1", .unprocessableContent),
                ("/v1/proofs/inclusion?position=", .unprocessableContent),
                ("/v1/proofs/inclusion?position=\(huge)", .unprocessableContent),
                ("/v1/proofs/inclusion?position=1&size=9223372036854775807", .notFound),
                ("/v1/proofs/inclusion?position=1&size=0", .notFound),
                ("/v1/records/0", .notFound),
                ("/v1/records/-5", .unprocessableContent),
                ("/v1/proofs/consistency?from=9223372036854775807", .notFound),
                ("/v1/proofs/consistency?from=0&to=9223372036854775807", .notFound),
                ("/v1/proofs/consistency?from=", .unprocessableContent),
                ("/tile/0/x999/x999/x999/x999/x999/x999/x999/999", .notFound),
                ("/tile/-1/000", .notFound),
                ("/tile/0/000.p/-1", .notFound),
                ("/tile/entries/x018/x446/x744/x073/x709/x551/615", .notFound),
                ("/tile/entries/x036/x028/x797/x018/x963/x967/x000", .notFound),
            ]
            for item in cases {
                let response = try await client.get(item.uri, as: .auditor)
                #expect(response.status == item.status, "\(item.uri.prefix(80))")
                if item.status == .unprocessableContent {
                    #expect(try decode(ProblemBody.self, response).field != nil, "\(item.uri.prefix(80))")
                }
            }
        }
    }
}
