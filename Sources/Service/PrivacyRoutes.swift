import Application
import Commands
import Domain
import Foundation
import Hummingbird
import JSONText
import Ledger

/// Personal data on request (docs/FORMAT.md, "Personal data"): `POST /v1/privacy/erasures` carries out a person's
/// erasure request (an operator's); `POST /v1/complaints/{id}/reveal` opens a complainant's contact details for a
/// regulator of the case's region. Each is recorded in the `privacy` stream before it is answered.
struct PrivacyRoutes {
    let privacy: PrivacyService
    let acks: StandbyAcks

    /// The most either body may hold: a subject and a reason.
    static let maximumBody = 16 << 10

    func add(to router: Router<ServiceContext>) {
        let v1 = router.group("v1")
        v1.post("privacy/erasures") { request, context in
            let caller = try context.requireCaller()
            guard caller.role == .admin else { throw Problem(.forbidden, "only an operator (admin) carries out an erasure request") }
            var request = request
            let body = try await Self.fields(of: &request, allowed: ["subject", "reason"])
            let subject = try Self.text(body, "subject", maximumCharacters: Bounds.Text.identifierCharacters, lineBreaks: false)
            let reason = try Self.text(body, "reason", maximumCharacters: Bounds.Text.freeCharacters, lineBreaks: true)
            let result: AppendResult
            do throws(HandlingError) {
                result = try await privacy.erase(subject, reason: reason, on: privacy.ledger.clock().businessDay,
                                                 actor: Actor(id: caller.actor, role: caller.role.rawValue))
            } catch {
                throw Self.problem(error)
            }
            struct Erased: Encodable { let subject: String; let erased: Bool; let position: UInt64?; let alreadyRecorded: Bool }
            let positions = result.positions
            // Erased before: the erasure lies somewhere before the head, which a standby must hold.
            let recorded = positions.isEmpty ? try privacy.ledger.head().position : positions.upperBound
            try await acks.acknowledge(recorded, what: "the erasure of \(subject)")
            var response = try JSONDocument(Erased(subject: subject, erased: true, position: positions.isEmpty ? nil : positions.lowerBound,
                                                   alreadyRecorded: result.alreadyRecorded || positions.isEmpty)).response(from: request, context: context)
            response.status = .ok
            return response
        }
        v1.post("complaints/:id/reveal") { request, context in
            let caller = try context.requireCaller()
            guard caller.role == .regulator else { throw Problem(.forbidden, "only a regulator of the case's region reads a complainant's contact details") }
            let id = try context.path("id")
            var request = request
            let body = try await Self.fields(of: &request, allowed: ["reason"])
            let reason = try Self.text(body, "reason", maximumCharacters: Bounds.Text.freeCharacters, lineBreaks: true)
            let contact: PrivacyService.Contact
            do throws(HandlingError) {
                contact = try await privacy.reveal(complaint: id, reason: reason, on: privacy.ledger.clock().businessDay,
                                                   actor: Actor(id: caller.actor, role: caller.role.rawValue), region: caller.region,
                                                   request: "reveal-" + UUID().uuidString)
            } catch {
                throw Self.problem(error)
            }
            struct Revealed: Encodable { let complaint: String; let subject: String; let name: String?; let phone: String? }
            return try JSONDocument(Revealed(complaint: id, subject: contact.subject, name: contact.name, phone: contact.phone))
                .response(from: request, context: context)
        }
    }

    /// The body's members, none but those allowed.
    private static func fields(of request: inout Request, allowed: Set<String>) async throws -> [String: JSONValue] {
        let bytes: [UInt8]
        do { bytes = Array(buffer: try await request.collectBody(upTo: maximumBody)) } catch {
            throw Problem(.contentTooLarge, "the body holds at most \(maximumBody) bytes")
        }
        guard case .object(let members)? = try? JSONReader.value(bytes) else { throw Problem(.badRequest, "the body is not a JSON object") }
        if let unknown = members.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw Problem(.unprocessableContent, "is not a member this request takes (\(allowed.sorted().joined(separator: ", ")))", field: unknown)
        }
        return members
    }

    /// Text held to the bounds of docs/COMMANDS.md: an id, or free text, which alone takes tabs and line breaks.
    private static func text(_ members: [String: JSONValue], _ name: String, maximumCharacters: Int, lineBreaks: Bool) throws -> String {
        guard case .string(let text)? = members[name] else { throw Problem(.unprocessableContent, "is required, as text", field: name) }
        let characters = text.unicodeScalars.count
        guard characters >= 1, characters <= maximumCharacters else {
            throw Problem(.unprocessableContent, "is \(characters) characters long; 1 to \(maximumCharacters) are taken", field: name)
        }
        let allowed: Set<Unicode.Scalar> = lineBreaks ? ["\t", "\n", "\r"] : []
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !allowed.contains($0) }) else {
            throw Problem(.unprocessableContent, "holds a control character", field: name)
        }
        return text
    }

    private static func problem(_ error: HandlingError) -> Problem {
        switch error {
        case .rejected(.privacy(.outsideRegion)): return Problem(.forbidden, "\(error)")
        case .rejected(.privacy(.unknownSubject)), .rejected(.complaint(.notReceived)): return Problem(.notFound, "\(error)")
        case .rejected(let rejection): return Problem(.unprocessableContent, rejection.description, field: rejection.field)
        case .ledger(.closed): return Problem(.serviceUnavailable, "the service is shutting down; nothing was written")
        default: return Problem(.internalServerError, "\(error)")
        }
    }
}
