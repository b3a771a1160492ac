import Commands
import Domain
import Foundation
import Ledger
import Vault

/// Workloads that seal personal data, for the crash explorer: a key must be on disk before any event sealed with
/// it, so that no crash leaves the log holding what no key opens.
enum SealedWorkloads {
    /// As the service records a command naming a new person: the key kept (written, synced), then the event
    /// appended and acknowledged. `keyLast` does it the wrong way round, which the explorer must catch.
    static func sealed(ledger: Ledger, directory: String, count: Int, keyLast: Bool, acknowledge: (AppendResult, String) -> Void) async throws {
        let vault = try PersonalDataVault(directory: directory + "/vault")
        for index in 0..<count {
            let sealed = try vault.seal("姓名 \(index)", for: "person-\(index)")
            if !keyLast { try vault.keep([sealed]) }
            var payload = PayloadWriter()
            sealed.write(to: &payload, field: 1)
            let stream = "sealed-\(index % 4)"
            let result = try await ledger.append(Append(stream: stream, actor: Actor(id: "crash-writer", role: "test"), events: [
                NewEvent(type: "sealed.recorded", occurredAt: Timestamp(rawValue: Int64(index)), payload: payload.bytes),
            ]))
            if keyLast { try vault.keep([sealed]) }
            acknowledge(result, stream)
        }
    }

    /// As `fangxin import` records the demo's scenario lines: batches decided by `BatchRecorder`, their keys kept
    /// before each batch is appended, a line acknowledged once its batch is durable.
    static func importing(ledger: Ledger, count: Int, acknowledge: (AppendResult, String) -> Void) async throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures")
        let calendar = try JSONDecoder().decode(WorkingCalendar.self, from: Data(contentsOf: fixtures.appendingPathComponent("calendar/cn-2023-2026.json")))
        let (deadlines, tiers) = try PolicyDocument.read(Data(contentsOf: fixtures.appendingPathComponent("policy/default.json")))
        let recorder = try await CommandRecorder.open(ledger: ledger, calendar: calendar, deadlines: deadlines, tiers: tiers,
                                                      actor: Actor(id: "crash-writer", role: "system"))
        var batches = BatchRecorder(recorder: recorder)
        let lines = try String(contentsOf: fixtures.appendingPathComponent("scenarios/complaints-2023-2026.jsonl"), encoding: .utf8)
            .split(separator: "\n").prefix(count)
        let commands = lines.compactMap { try? ParsedCommand(parsing: Array($0.utf8), vault: recorder.vault) }
        for batch in stride(from: 0, to: commands.count, by: 4).map({ Array(commands[$0..<min($0 + 4, commands.count)]) }) {
            for (command, outcome) in zip(batch, await batches.record(batch)) {
                if case .success(let result) = outcome, !result.alreadyRecorded { acknowledge(result, command.action.stream) }
            }
        }
    }

    /// Every sealed value the log holds opens with the vault beside it; the first that does not, named.
    static func unopened(ledger: Ledger, directory: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: directory + "/vault") else { return nil }
        let vault = try PersonalDataVault(directory: directory + "/vault")
        for event in try ledger.read() {
            var sealed: [SealedPersonalData] = []
            if event.type == "sealed.recorded" {
                var reader = PayloadReader(event.payload)
                if let field = try reader.next() { sealed.append(try SealedPersonalData.read(field)) }
            } else if case .received(let received)? = try? ComplaintEvent.decode(type: event.type, schemaVersion: event.schemaVersion, event.payload) {
                sealed = [received.consumerName, received.consumerPhone].compactMap { $0 }
            } else if case .received(let received)? = try? ReportEvent.decode(type: event.type, schemaVersion: event.schemaVersion, event.payload) {
                sealed = [received.reporterName, received.reporterPhone].compactMap { $0 }
            }
            for value in sealed {
                do { _ = try vault.open(value) } catch {
                    return "position \(event.position) (\(event.stream)) holds personal data of \(value.subject) that its vault cannot open: \(error)"
                }
            }
        }
        return nil
    }
}
