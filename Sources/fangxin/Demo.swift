import ArgumentParser
import Foundation
import Ledger

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fill the ledger with the demonstration scenarios, verify it and show its head.",
        discussion: """
            Imports every file of Fixtures/scenarios/ (the seeds' stories: merchants, pledges, complaints, reports, \
            credit, 2023–2026), and two generated counties around them (Deqing 330521 and Anji 330523: \
            \(DemoCounties.merchants) merchants and their complaints, from 2023-01-02 to 2026-10-30, the last of them \
            still open), after recording the working calendar and the default policy. Into an empty ledger, \
            the commands of all files are recorded in the order of their business days, and the ledger's clock \
            follows those days (from 09:00 Beijing time), as if each had been recorded live: --as-of 2025-01-01 \
            then shows what was known on that day. Safe to run again: every command carries its id, so a second run \
            records nothing new.

            Example:
              fangxin demo && fangxin events --stream complaint-2022-WJ-0001
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var source: CalendarOptions
    @Option(help: ArgumentHelp("The default policy a new ledger records. Also $FANGXIN_POLICY. Default: the policy built in (Fixtures/policy/default.json).", valueName: "file"))
    var policy: String? = PolicyFile.defaultPath
    @Option(help: ArgumentHelp("The folder of scenario files. Also $FANGXIN_SCENARIOS. Default: the scenarios built in (Fixtures/scenarios).",
                               valueName: "dir"))
    var scenarios: String? = DemoScenarios.defaultFolder

    func run() async throws {
        let clock = StoryClock()
        let ledger = try global.openForWriting(as: "demo", clock: clock)
        defer { ledger.close() }
        if try failing({ try ledger.head().position }) == 0 { clock.follow(StoryClock.firstDay) }
        let (deadlines, tiers) = try PolicyFile.load(policy)
        let runner = try await ImportRunner(ledger: ledger, calendar: CalendarFiles.load(source.calendar), deadlines: deadlines, tiers: tiers)
        let total = try await DemoScenarios(folder: scenarios).load(with: runner, clock: clock)
        clock.goLive()
        let report = try failing { try ledger.verify() }
        print("verified \(report.records) records in \(report.streams) streams")
        print("head \(report.head.position) \(report.head.hash.hex)")
        print("next: fangxin events --stream complaint-2022-WJ-0001 --data \(global.data)")
        if total.failed > 0 { throw ExitCode(.someLinesFailed) }
    }
}

/// The demonstration scenarios, as `demo` and `serve --demo` load them: a folder's `*.jsonl` files, or with none
/// the scenarios built into the binary.
struct DemoScenarios {
    let folder: String?

    /// `--scenarios`, else `$FANGXIN_SCENARIOS`, else nil: the scenarios built in.
    static var defaultFolder: String? { ProcessInfo.processInfo.environment["FANGXIN_SCENARIOS"] }

    /// Imports every scenario file through `runner`, printing a summary line. With a clock, the commands of all
    /// files go in the order of their business days (a stable sort: one stream's keep theirs), each recorded at
    /// its day.
    func load(with runner: ImportRunner, clock: StoryClock? = nil) async throws -> ImportRunner.Summary {
        var files: [(name: String, data: Data)] = []
        if let folder {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
                printError("fangxin: no scenarios at \(folder); name the folder with --scenarios or $FANGXIN_SCENARIOS")
                throw ExitCode(.ledgerUnavailable)
            }
            for name in names.filter({ $0.hasSuffix(".jsonl") }).sorted() {
                guard let data = FileManager.default.contents(atPath: folder + "/" + name) else {
                    printError("fangxin: cannot read \(folder)/\(name)")
                    throw ExitCode(.ledgerUnavailable)
                }
                files.append((folder + "/" + name, data))
            }
        } else {
            files = BundledFixtures.scenarios.map { ($0.path, $0.data) }
        }
        files.append((DemoCounties.name, DemoCounties.lines()))
        var total = ImportRunner.Summary()
        if let clock {
            total = try await runner.run(files, following: clock)
        } else {
            for file in files { total = total + (try await runner.run(file.data, named: file.name)) }
        }
        print("imported \(total.lines) commands from \(files.count) scenario files: \(total.recorded) recorded, "
              + "\(total.alreadyRecorded) already recorded, \(total.failed) failed")
        return total
    }
}

/// The counties the demo generates beside the stories, so that every library, every panel and the supervision
/// list of any day have cases in them: the cases received in the last days are still open, and so late.
enum DemoCounties {
    static let name = "generated counties 330521, 330523 (seed 2026)"
    static let merchants = 160

    /// The generated commands as import lines: the same every time.
    static func lines() -> Data {
        var generator = ProvinceGenerator(merchants: merchants, events: 5_000, seed: 2026, counties: ["330521", "330523"])
        generator.pledgesDeposits = true
        var text = ""
        while let day = generator.nextDay() {
            for command in day {
                guard let line = GeneratedLine.json(command) else { continue }
                text += line
                text += "\n"
            }
        }
        return Data(text.utf8)
    }
}
