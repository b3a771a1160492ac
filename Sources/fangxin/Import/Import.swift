import Application
import ArgumentParser
import Domain
import Foundation
import Ledger
import Vault

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record the commands of a JSON Lines file, one per line.",
        discussion: """
            Each line is decided against its stream like any other command; docs/COMMANDS.md documents every command
            with an example. A line that is malformed or refused writes nothing and is reported with its line number,
            field and reason; the other lines still import. A new ledger first records the working calendar (from
            --calendar) and the default policy (from --policy: deadlines and tier parameters), and every command is judged by the rules the ledger records;
            a calendar year added later is recorded on the next import. Each line's "id" is its command id, so importing the same
            file again records nothing new. Names and phone numbers are sealed with the person's key (in DIR/vault)
            before they reach the log.

            Exits 0 when every line was recorded (now or before), 4 when any failed.

            Examples:
              fangxin import Fixtures/scenarios/complaints-2025.jsonl
              fangxin import commands.jsonl --data /srv/fangxin --json
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var source: CalendarOptions
    @Option(help: ArgumentHelp("The default policy a new ledger records. Also $FANGXIN_POLICY.", valueName: "file"))
    var policy: String = PolicyFile.defaultPath
    @Argument(help: ArgumentHelp("The JSON Lines file.", valueName: "file")) var file: String
    @Flag(help: "Print the summary as one JSON object.") var json = false

    static let someLinesFailed = ExitCode(4)

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            printError("fangxin: cannot read \(file)")
            throw ledgerUnavailable
        }
        let calendar = try CalendarFiles.load(source.calendar)
        let (deadlines, tiers) = try PolicyFile.load(policy)
        let ledger = try global.openForWriting()
        let vault: PersonalDataVault
        do { vault = try PersonalDataVault(directory: ledger.directory + "/vault") } catch {
            printError("fangxin: \(error)")
            throw ledgerUnavailable
        }
        // The ledger carries the rules it judges by: record the calendar and policy first, then use what is recorded.
        let policyService = PolicyService(ledger: ledger)
        let rules: ComplaintRules
        do {
            _ = try await policyService.bootstrap(calendar: calendar, deadlines: deadlines, tiers: tiers, actor: Actor(id: "fangxin-import", role: "system"))
            rules = try policyService.complaintRules()!
        } catch {
            printError("fangxin: \(error)")
            throw ledgerUnavailable
        }
        let complaints = ComplaintService(ledger: ledger, rules: rules)
        let merchants = MerchantService(ledger: ledger, rules: rules)
        var summary = Summary()
        for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            summary.lines += 1
            do {
                let command = try ImportedCommand(parsing: Data(text.utf8), vault: vault)
                let result: AppendResult
                switch command.action {
                case let .complaint(id, action):
                    result = try await complaints.handle(action, complaint: id, commandID: command.id, actor: command.actor)
                case let .merchant(code, event):
                    result = try await merchants.record(event, merchant: code, commandID: command.id, actor: command.actor)
                case let .credit(code, event):
                    result = try await merchants.record(event, merchant: code, commandID: command.id, actor: command.actor)
                case let .receiveReport(id, receive):
                    result = try await merchants.receive(receive, report: id, commandID: command.id, actor: command.actor)
                case let .report(id, event):
                    result = try await merchants.record(event, report: id, commandID: command.id, actor: command.actor)
                }
                if result.alreadyRecorded { summary.alreadyRecorded += 1 } else { summary.recorded += 1 }
            } catch {
                summary.failed += 1
                printError("\(file):\(index + 1): \(error)")
            }
        }
        ledger.close()
        if json {
            print(jsonLine(summary))
        } else {
            print("\(summary.lines) lines: \(summary.recorded) recorded, \(summary.alreadyRecorded) already recorded, \(summary.failed) failed")
        }
        if summary.failed > 0 { throw Self.someLinesFailed }
    }

    struct Summary: Encodable {
        var lines = 0, recorded = 0, alreadyRecorded = 0, failed = 0
    }
}
