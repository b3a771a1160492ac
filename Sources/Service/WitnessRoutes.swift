import Foundation
public import Hummingbird
public import Logging
public import Notary
import Transparency

/// A witness over HTTP, as C2SP tlog-witness lays it out: `POST /add-checkpoint`, and
/// `GET /<sha256 of origin, hex>/checkpoint` for the last checkpoint it cosigned of each log.
public struct WitnessServer: Sendable {
    let witness: Witness
    let host: String
    let port: Int
    let logger: Logger

    public init(witness: Witness, host: String, port: Int, logger: Logger) {
        self.witness = witness
        self.host = host
        self.port = port
        self.logger = logger
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("add-checkpoint") { request, _ -> Response in
            // A checkpoint with 16 signatures and 63 proof lines is a few kilobytes.
            let body = try await request.body.collect(upTo: 64 << 10)
            let answer = witness.addCheckpoint(String(decoding: body.readableBytesView, as: UTF8.self))
            if answer.status != 200 { logger.notice("add-checkpoint refused \(answer.status): \(answer.body)") }
            return Self.text(answer.body, status: answer.status, contentType: answer.contentType)
        }
        router.get(":origin/checkpoint") { _, context -> Response in
            let hash = context.parameters.get("origin") ?? ""
            guard let origin = witness.logs.keys.first(where: { Witness.originHash($0) == hash }),
                  let note = try witness.latest(origin: origin) else {
                return Self.text("no checkpoint cosigned for that log\n", status: 404, contentType: "text/plain; charset=utf-8")
            }
            return Self.text(note.serialized, status: 200, contentType: "text/plain; charset=utf-8")
        }
        return router
    }

    public func application() -> some ApplicationProtocol {
        Application(router: router(), configuration: .init(address: .hostname(host, port: port), serverName: "fangxin-witness"), logger: logger)
    }

    public func run() async throws {
        try await application().runService()
    }

    static func text(_ text: String, status: Int, contentType: String) -> Response {
        .bytes(Array(text.utf8), status: .init(code: status), contentType: contentType)
    }
}
