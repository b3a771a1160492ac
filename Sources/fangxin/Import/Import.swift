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
            Each line is decided against its stream like any other command; docs/COMMANDS.md documents every command \
            with an example. A line that is malformed or refused writes nothing and is reported with its line number, \
            field and reason; the other lines still import. A new ledger first records the working calendar (from \
            --calendar) and the default policy (from --policy: deadlines and tier parameters), and every command is judged by the rules the ledger records; \
            a calendar year added later is recorded on the next import. Each line's "id" is its command id, so importing the same \
            file again records nothing new. Names and phone numbers are sealed with the person's key (in DIR/vault) \
            before they reach the log.

            Exits 0 when every line was recorded (now or before), 4 when any failed.

            Examples:
              fangxin import Fixtures/scenarios/complaints-2025.jsonl
              fangxin import commands.jsonl --data /srv/fangxin --json
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var source: CalendarOptions
    @Option(help: ArgumentHelp("The default policy a new ledger records. Also $FANGXIN_POLICY. Default: the policy built in (Fixtures/policy/default.json).", valueName: "file"))
    var policy: String? = PolicyFile.defaultPath
    @Argument(help: ArgumentHelp("The JSON Lines file.", valueName: "file")) var file: String
    @Flag(help: "Print the summary as one JSON object.") var json = false

    static let someLinesFailed = ExitCode(4)

    func run() async throws {
        let calendar = try CalendarFiles.load(source.calendar)
        let (deadlines, tiers) = try PolicyFile.load(policy)
        let ledger = try global.openForWriting()
        defer { ledger.close() }
        let runner = try await ImportRunner(ledger: ledger, calendar: calendar, deadlines: deadlines, tiers: tiers)
        let summary = try await runner.run(file)
        if json {
            print(jsonLine(summary))
        } else {
            print("\(summary.lines) lines: \(summary.recorded) recorded, \(summary.alreadyRecorded) already recorded, \(summary.failed) failed")
        }
        if summary.failed > 0 { throw Self.someLinesFailed }
    }
}
