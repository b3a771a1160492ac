import Application
import Commands
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSONText
import Ledger
import Logging
import PropertyBased
import Service
import Testing
import TestSupport
import Vault

/// The service and `fangxin import` decide through one decider per aggregate: the same commands, sent over HTTP one
/// by one to one ledger and imported in batches of every size into another, must record the same events, byte for
/// byte, apart from when each was recorded. A failure reports its seed and shrinks to the fewest steps that differ.
@Suite struct SameDecisionsTests {
    @Test func theServiceAndTheImportRecordTheSameEvents() async {
        await propertyCheck(count: 25, input: CommandSequences.step.array(of: 1...60)) { steps in
            try await Self.check(steps)
        }
    }

    static let admin = Actor(id: "admin-1", role: "admin")
    static let token = "token-of-admin"

    static func check(_ steps: [CommandSequences.Step]) async throws {
        let clock: @Sendable () -> Timestamp = { Timestamp(businessDay: CommandSequences.ledgerDay) }
        let served = try Scratch(clock: clock), imported = try Scratch(clock: clock)
        let system = Actor(id: "gen", role: "system")
        let recorder = try await CommandRecorder.open(ledger: served.ledger, calendar: fixtureCalendar, deadlines: .standard, tiers: .standard, actor: system)
        let importer = try await CommandRecorder.open(ledger: imported.ledger, calendar: fixtureCalendar, deadlines: .standard, tiers: .standard, actor: system)
        let tokens = try AccessTokens([AccessTokens.Entry(token: token, actor: admin.id, role: .admin)])
        let service = FangxinService(runner: try served.runner(), writes: .recorded(by: recorder), settings: .init(tokens: tokens), logger: Logger(label: "test"))
        let (servedLedger, importedLedger) = (served.ledger, imported.ledger)
        // Whether each command was recorded, by id: answered 200 or 201 over HTTP, and in the import's outcomes.
        let outcomes = try await service.application().test(.router) { client -> (served: [String: Bool], imported: [String: Bool]) in
            var batch = BatchRecorder(recorder: importer)
            var lines: [ParsedCommand] = []
            var served: [String: Bool] = [:], imported: [String: Bool] = [:]
            func record() async {
                for (line, outcome) in zip(lines, await batch.record(lines)) {
                    if case .success = outcome { imported[line.id] = true }
                }
                lines = []
            }
            var sequences: [Int: Int] = [:]
            for (index, step) in steps.enumerated() {
                if step.target == 5 {
                    // A day closed on both, between the commands before and after it.
                    await record()
                    let closing = CivilDate(CommandSequences.day(step, sequences[5, default: 0]))!
                    _ = try? await ClockService(ledger: servedLedger).close(closing, actor: system)
                    _ = try? await ClockService(ledger: importedLedger).close(closing, actor: system)
                    sequences[5, default: 0] += 1
                    continue
                }
                var line = CommandSequences.line(step, index: index, sequence: sequences[step.target, default: 0])
                line["actor"] = ["id": .string(admin.id), "role": .string(admin.role)]
                // Personal data is sealed under a random nonce, so its bytes differ from one recording to another.
                if case .object(var receive)? = line["receive"] {
                    receive["consumerName"] = nil
                    receive["consumerPhone"] = nil
                    line["receive"] = .object(receive)
                }
                let (uri, body) = request(for: line)
                var writer = JSONWriter()
                writer.write(JSONValue.object(line))
                var headers: HTTPFields = [.contentType: "application/json", .authorization: "Bearer \(token)"]
                guard case .string(let id)? = line["id"] else { preconditionFailure("every line has an id") }
                headers[HTTPField.Name("Idempotency-Key")!] = id
                let status = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: body)).status
                served[id] = status == .created || status == .ok
                imported[id] = false
                if let parsed = try? ParsedCommand(parsing: Data(writer.bytes), vault: importer.vault) {
                    lines.append(parsed)
                    if parsed.day <= CommandSequences.ledgerDay { sequences[step.target, default: 0] += 1 }
                }
                if step.choice % 4 == 0 { await record() }
            }
            await record()
            return (served, imported)
        }
        for (id, recorded) in outcomes.served.sorted(by: { $0.key < $1.key }) {
            #expect(outcomes.imported[id] == recorded, "\(id): recorded by the service \(recorded), by the import \(outcomes.imported[id] ?? false)")
        }
        let left = try served.ledger.read(), right = try imported.ledger.read()
        #expect(left.count == right.count, "the service recorded \(left.count) events, the import \(right.count)")
        for (one, other) in zip(left, right) {
            #expect(Same(one) == Same(other), "at position \(one.position): \(one.stream) \(one.type) against \(other.stream) \(other.type)")
        }
    }

    /// A line as the service takes it: the path names the target, the subject and the command; the body holds the
    /// command's fields.
    static func request(for line: [String: JSONValue]) -> (uri: String, body: [UInt8]) {
        let (collection, subject) = CommandTarget.allCases.lazy.compactMap { target -> (String, String)? in
            guard case .string(let subject)? = line[target.rawValue] else { return nil }
            return (target.rawValue + "s", subject)
        }.first!
        let command = line.keys.first { !["id", "actor", "complaint", "merchant", "report"].contains($0) }!
        var writer = JSONWriter()
        writer.write(line[command]!)
        return ("/v1/\(collection)/\(subject)/\(command)", writer.bytes)
    }

    /// What a record says, apart from when it was recorded.
    struct Same: Equatable {
        let position: UInt64, stream: String, streamVersion: UInt64, type: String, schemaVersion: UInt16, payload: [UInt8]
        let commandID: String?, causationID: String?, correlationID: String?, actor: Actor, occurredAt: Timestamp

        init(_ record: RecordedEvent) {
            (position, stream, streamVersion, type, schemaVersion) = (record.position, record.stream, record.streamVersion, record.type, record.schemaVersion)
            (payload, commandID, causationID, correlationID) = (record.payload, record.commandID, record.causationID, record.correlationID)
            (actor, occurredAt) = (record.actor, record.occurredAt)
        }
    }
}
