import Application
import Commands
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import NIOFoundationCompat
import Queries
import ReadModels

/// The domain's commands over HTTP: `POST /v1/{complaints|merchants|reports}/{id}/{command}`, with the command's
/// own fields as the body, decided exactly as `fangxin import` decides a line (docs/COMMANDS.md).
///
/// The actor recorded is the caller's, from its token. `Idempotency-Key` (or the body's `id`) is the command id:
/// a retry records nothing new and answers what the first recorded. `expectedVersion` makes the command
/// conditional on its stream's version. A command is answered only once its events are on disk.
struct CommandRoutes {
    let recorder: CommandRecorder
    let metrics: ServiceMetrics
    let acks: StandbyAcks

    /// The most a command's body may hold.
    static let maximumBody = 64 << 10

    /// Each target's collection in the path, and its id's parameter (a merchant's is its code, as in the reads):
    /// `/v1/{collection}/{subject}/{command}`.
    static let paths: [(target: CommandTarget, collection: String, subject: String)] = [
        (.complaint, "complaints", "id"), (.merchant, "merchants", "code"), (.report, "reports", "id"),
    ]

    /// A route per command, so that an unknown command is an unknown path (404) and the API document gives each
    /// command's body its own schema.
    func add(to router: Router<ServiceContext>) {
        let v1 = router.group("v1")
        for (target, collection, subject) in Self.paths {
            for command in target.commands {
                v1.post(RouterPath("\(collection)/:\(subject)/\(command)")) { request, context in
                    try await record(request, context, target: target, subject: try context.path(subject), command: command)
                }
            }
        }
    }

    /// What the caller is told of a recorded command.
    struct Recorded: Encodable, Sendable {
        let id: String
        let stream: String
        let positions: Span
        let streamVersions: Span
        /// True when the command had been recorded before: nothing was written this time.
        let alreadyRecorded: Bool

        struct Span: Encodable, Sendable {
            let first: UInt64
            let last: UInt64
        }
    }

    private func record(_ request: Request, _ context: ServiceContext, target: CommandTarget, subject: String, command: String) async throws -> Response {
        let caller = try context.requireCaller()
        if let refusal = caller.refusal(of: command, to: target, subject: subject) {
            metrics.refused(.forbidden)
            throw Problem(.forbidden, refusal)
        }
        let expected = try expectedVersion(request)
        var request = request
        let body = try await self.body(of: &request)
        let key = request.headers[.idempotencyKey]
        let parsed: ParsedCommand
        do throws(CommandError) {
            parsed = try await blocking { [recorder] () throws(CommandError) in
                try ParsedCommand(id: key, actor: Actor(id: caller.actor, role: caller.role.rawValue), target: target, subject: subject,
                                  command: command, body: body, vault: recorder.vault)
            }
        } catch {
            metrics.refused(.invalid)
            throw error.field == nil ? Problem(.badRequest, error.reason) : Problem(.unprocessableContent, error.reason, field: error.field)
        }
        if let refusal = caller.refusal(of: parsed) {
            metrics.refused(.forbidden)
            throw Problem(.forbidden, refusal)
        }
        let result: AppendResult
        do {
            result = try await recorder.record(parsed, expecting: expected, within: caller.jurisdiction)
        } catch {
            throw problem(for: error, command: command)
        }
        metrics.recorded(result)
        try await acks.acknowledge(result.positions.upperBound, what: "the command \(parsed.id)")
        let recorded = Recorded(
            id: parsed.id, stream: parsed.action.stream,
            positions: .init(first: result.positions.lowerBound, last: result.positions.upperBound),
            streamVersions: .init(first: result.streamVersions.lowerBound, last: result.streamVersions.upperBound),
            alreadyRecorded: result.alreadyRecorded)
        var response = try JSONDocument(recorded).response(from: request, context: context)
        response.status = result.alreadyRecorded ? .ok : .created
        return response
    }

    private func expectedVersion(_ request: Request) throws(Problem) -> UInt64? {
        guard let text = request.query("expectedVersion") else { return nil }
        guard let version = QueryParameter.digits(text) else {
            throw Problem(.unprocessableContent, "\"\(text)\" is not a stream version (0 for a stream that must not exist yet)", field: "expectedVersion")
        }
        return version
    }

    private func body(of request: inout Request) async throws -> Data {
        do {
            return Data(buffer: try await request.collectBody(upTo: Self.maximumBody))
        } catch {
            metrics.refused(.invalid)
            throw Problem(.contentTooLarge, "a command's body holds at most \(Self.maximumBody) bytes")
        }
    }

    private func problem(for error: HandlingError, command: String) -> Problem {
        switch error {
        case .forbidden(let reason):
            metrics.refused(.forbidden)
            return Problem(.forbidden, "\(reason); nothing was written")
        case .rejected(let rejection):
            metrics.refused(.rejected)
            // The domain names a field as the import does (`pledge.windowDays`); the body holds it as `windowDays`.
            let field = rejection.field.map { $0.hasPrefix(command + ".") ? String($0.dropFirst(command.count + 1)) : $0 }
            return Problem(.unprocessableContent, rejection.description, field: field)
        case .ledger(.wrongExpectedVersion(_, _, let actual)):
            metrics.refused(.conflict)
            var problem = Problem(.conflict, "\(error)")
            problem.actualVersion = actual
            return problem
        case .ledger(.commandIDReused), .commandIDReusedForAnotherRequest:
            metrics.refused(.invalid)
            return Problem(.unprocessableContent, "\(error)", field: "Idempotency-Key")
        case .ledger(.invalidAppend(_, let field, let reason)):
            metrics.refused(.invalid)
            return Problem(.unprocessableContent, reason, field: field)
        case .ledger(.recordTooLarge(_, _, let bytes)):
            // No member of the body is at fault: the event they make together is.
            metrics.refused(.invalid)
            return Problem(.unprocessableContent, "the event this command records would be a record of \(bytes) bytes, more than the 65535 a record may be (docs/FORMAT.md); nothing was written")
        case .personalData(let reason):
            return Problem(.serviceUnavailable, "\(reason)")
        case .unreadable:
            metrics.refused(.conflict)
            return Problem(.conflict, "\(error); nothing was written")
        case .ledger(.closed):
            return Problem(.serviceUnavailable, "the service is shutting down; nothing was written")
        default:
            return Problem(.internalServerError, "\(error)")
        }
    }
}

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
}
