import Commands
import Domain
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOFoundationCompat
import Notary
import Service
import TestSupport
import Transparency
import Vault

/// A service over a scratch ledger with two merchants, one of them warned for complaints, and a token per role.
struct ServedLedger {
    let scratch: Scratch
    let service: FangxinService
    static let tokens = Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0, "token-of-\($0.rawValue)") })

    /// The bank token's bank; the regulator's and mediator's tokens act in Zhejiang (330000).
    static let bank = "岱山农商银行"
    static let warned = try! UnifiedSocialCreditCode("91330522MA2B3C4D57")
    static let quiet = try! UnifiedSocialCreditCode("91330421MA28JJY015")

    /// `history` appends more before the service starts: what an earlier version may have recorded.
    /// The log's key, when the service signs checkpoints (`signing: true`).
    static let logKey = try! NoteSigner(name: "fangxin.example/test", kind: .ed25519, seed: Array(repeating: 7, count: 32))

    /// `replica`: serve as a read replica of a primary instead of recording commands. `moreTokens` are known
    /// beside the one token per role.
    init(signing: Bool = false, replica: ReplicaSettings? = nil, moreTokens: [AccessTokens.Entry] = [],
         acks: StandbyAcks = StandbyAcks(required: 0, timeout: .seconds(5)),
         history: (Scratch) async throws -> Void = { _ in }) async throws {
        scratch = try Scratch()
        try await scratch.admitted(Self.warned)
        try await scratch.admitted(Self.quiet)
        try await scratch.complaints(3, about: Self.warned, on: "2025-03-03")
        try await history(scratch)
        let tokens = try AccessTokens(Role.allCases.map { role in
            AccessTokens.Entry(token: Self.tokens[role]!, actor: "\(role.rawValue)-1", role: role, merchant: role == .merchant ? Self.quiet.description : nil,
                               bank: role == .bank ? Self.bank : nil, region: role == .regulator || role == .mediator ? "330000" : nil)
        } + moreTokens)
        let recorder = CommandRecorder(ledger: scratch.ledger, vault: try PersonalDataVault(directory: scratch.directory.path + "/vault"),
                                       rules: .standard(calendar: fixtureCalendar))
        let publisher = try signing ? CheckpointPublisher(
            notary: CheckpointNotary(ledger: scratch.ledger, signer: Self.logKey, archive: CheckpointArchive(directory: scratch.directory.path)), witnesses: []) : nil
        service = FangxinService(runner: try scratch.runner(), writes: replica.map { .primary($0) } ?? .recorded(by: recorder),
                                 settings: .init(tokens: tokens, publisher: publisher, acks: acks), logger: Logger(label: "test"))
    }

    /// Runs `body` against the application, once the read models have caught up.
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await service.application().test(.router) { client in
            for _ in 0..<200 {
                if try await client.execute(uri: "/ready", method: .get).status == .ok { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            try await body(client)
        }
    }
}

extension TestClientProtocol {
    /// GET with a role's token (none when nil).
    func get(_ uri: String, as role: Role? = .auditor) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let role { headers[.authorization] = "Bearer \(ServedLedger.tokens[role]!)" }
        return try await execute(uri: uri, method: .get, headers: headers)
    }

    /// POST a JSON body with a role's token, and an idempotency key when given.
    func post(_ uri: String, _ body: String, as role: Role? = .regulator, key: String? = nil) async throws -> TestResponse {
        try await post(uri, body, token: role.map { ServedLedger.tokens[$0]! }, key: key)
    }

    /// POST a JSON body with a bearer token (none when nil), and an idempotency key when given.
    func post(_ uri: String, _ body: String, token: String?, key: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let key { headers[HTTPField.Name("Idempotency-Key")!] = key }
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }
}

func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
    try JSONDecoder().decode(type, from: Data(buffer: response.body))
}

struct ProblemBody: Decodable {
    let status: Int
    let title: String
    let detail: String
    let field: String?
    let actualVersion: UInt64?
    let instance: String?
}

