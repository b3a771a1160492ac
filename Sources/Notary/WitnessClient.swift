public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
public import Transparency

/// A witness a log asks for cosignatures: its add-checkpoint URL and its verifier key (`URL=VKEY` on the
/// command line).
public struct WitnessEndpoint: Sendable, Hashable {
    public var url: URL
    public var verifier: NoteVerifier

    public init(url: URL, verifier: NoteVerifier) {
        self.url = url
        self.verifier = verifier
    }

    /// Parses `URL=VKEY`; the URL is the witness's submission prefix or its add-checkpoint URL.
    public init(argument: String) throws(NoteError) {
        guard let separator = argument.firstIndex(of: "="),
              var url = URL(string: String(argument[..<separator])), url.scheme == "http" || url.scheme == "https" else {
            throw .badKey("a witness is given as URL=VKEY, the URL http(s): \"\(argument.prefix(80))\"")
        }
        if url.lastPathComponent != "add-checkpoint" { url = url.appendingPathComponent("add-checkpoint") }
        self.init(url: url, verifier: try NoteVerifier(vkey: String(argument[argument.index(after: separator)...])))
    }
}

/// Asks witnesses to cosign checkpoints over C2SP tlog-witness, remembering the size each one holds.
public actor WitnessClient {
    public let endpoints: [WitnessEndpoint]
    /// The size each witness last cosigned, as far as this log knows (a 409 tells it otherwise).
    private var sizes: [URL: UInt64] = [:]
    private let session: URLSession

    public init(endpoints: [WitnessEndpoint]) {
        self.endpoints = endpoints
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 10
        session = URLSession(configuration: configuration)
    }

    /// The cosignatures that verified, from every witness that gave one. `proof(from)` gives the consistency
    /// proof from an older size to the checkpoint's.
    public func cosign(_ note: SignedNote, size: UInt64, proof: (UInt64) throws -> [TreeHash]) async -> (signatures: [SignedNote.Signature], failures: [String]) {
        var signatures: [SignedNote.Signature] = []
        var failures: [String] = []
        for endpoint in endpoints {
            do {
                signatures.append(try await cosign(note, size: size, at: endpoint, proof: proof))
            } catch {
                failures.append("\(endpoint.verifier.name) (\(endpoint.url)): \(error)")
            }
        }
        return (signatures, failures)
    }

    private func cosign(_ note: SignedNote, size: UInt64, at endpoint: WitnessEndpoint, proof: (UInt64) throws -> [TreeHash]) async throws -> SignedNote.Signature {
        var old = min(sizes[endpoint.url] ?? 0, size)
        for _ in 0..<2 {
            let request = AddCheckpointRequest(oldSize: old, proof: old == 0 ? [] : try proof(old), note: note)
            var urlRequest = URLRequest(url: endpoint.url)
            urlRequest.httpMethod = "POST"
            urlRequest.httpBody = Data(request.body.utf8)
            let (data, response) = try await session.data(for: urlRequest)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            let body = String(decoding: data, as: UTF8.self)
            if status == 409, let held = UInt64(body.trimmingCharacters(in: .whitespacesAndNewlines)), held <= size {
                old = held
                continue
            }
            guard status == 200 else { throw NoteError.malformed("the witness answered \(status): \(body.prefix(200))") }
            let lines = try body.split(separator: "\n").map { line throws(NoteError) in try SignedNote.Signature(line: line) }
            guard let signature = lines.first(where: { endpoint.verifier.verifies($0, over: note.text) }) else {
                throw NoteError.notSigned(by: endpoint.verifier.name)
            }
            sizes[endpoint.url] = size
            return signature
        }
        throw NoteError.malformed("the witness's size kept changing")
    }
}
