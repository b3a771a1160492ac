import Application
import ArgumentParser
import Domain
import Foundation
import Ledger
import ReadModels
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

            The file is read a block at a time and recorded in batches of --batch lines, each decided against the \
            streams as kept in memory and appended in one commit with one fsync: a line counts as recorded once its \
            batch is on disk, so a process killed at any moment loses nothing it counted. A terminal shows a progress \
            bar (lines/s, time left); a pipe gets a line every few seconds.

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
    @Option(help: ArgumentHelp("Lines per batch: decided together and appended in one durable commit (1–100000).", valueName: "lines"))
    var batch = 5_000

    func validate() throws {
        guard (1...100_000).contains(batch) else { throw ValidationError("--batch \(batch): give 1 to 100000 lines") }
    }

    func run() async throws {
        let calendar = try CalendarFiles.load(source.calendar)
        let (deadlines, tiers) = try PolicyFile.load(policy)
        let ledger = try global.openForWriting(as: "import")
        defer { ledger.close() }
        let runner = try await ImportRunner(ledger: ledger, calendar: calendar, deadlines: deadlines, tiers: tiers)
        let display = ProgressDisplay(label: "import", unit: "lines")
        let started = DispatchTime.now()
        let summary = try await runner.run(file, batchSize: batch) { fraction, lines in
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
            display.show(ProgressMeter.Report(fraction: fraction, eventsPerSecond: elapsed > 0 ? Double(lines) / elapsed : 0,
                                              secondsLeft: fraction > 0 && fraction < 1 ? elapsed * (1 - fraction) / fraction : nil,
                                              elapsedSeconds: elapsed, finished: fraction >= 1), done: lines)
        }
        if json {
            print(jsonLine(summary))
        } else {
            print("\(summary.lines) lines: \(summary.recorded) recorded, \(summary.alreadyRecorded) already recorded, \(summary.failed) failed")
        }
        if summary.failed > 0 { throw ExitCode(.someLinesFailed) }
    }
}
