import ArgumentParser
import Foundation
import Ledger

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fill the ledger with the demonstration scenarios, verify it and show its head.",
        discussion: """
            Imports every file of Fixtures/scenarios/ (the seeds' stories: merchants, pledges, complaints, reports,
            credit, 2023–2026), after recording the working calendar and the default policy. Safe to run again: every
            command carries its id, so a second run records nothing new.

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
        let ledger = try global.openForWriting()
        defer { ledger.close() }
        let (deadlines, tiers) = try PolicyFile.load(policy)
        let runner = try await ImportRunner(ledger: ledger, calendar: CalendarFiles.load(source.calendar), deadlines: deadlines, tiers: tiers)
        let total = try await DemoScenarios(folder: scenarios).load(with: runner)
        let report = try failing { try ledger.verify() }
        print("verified \(report.records) records in \(report.streams) streams")
        print("head \(report.head.position) \(report.head.hash.hex)")
        print("next: fangxin events --stream complaint-2022-WJ-0001 --data \(global.data)")
        if total.failed > 0 { throw Import.someLinesFailed }
    }
}

/// The demonstration scenarios, as `demo` and `serve --demo` load them: a folder's `*.jsonl` files, or with none
/// the scenarios built into the binary.
struct DemoScenarios {
    let folder: String?

    /// `--scenarios`, else `$FANGXIN_SCENARIOS`, else nil: the scenarios built in.
    static var defaultFolder: String? { ProcessInfo.processInfo.environment["FANGXIN_SCENARIOS"] }

    /// Imports every scenario file through `runner`, printing a summary line.
    func load(with runner: ImportRunner) async throws -> ImportRunner.Summary {
        var files: [(name: String, data: Data)] = []
        if let folder {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
                printError("fangxin: no scenarios at \(folder); name the folder with --scenarios or $FANGXIN_SCENARIOS")
                throw ledgerUnavailable
            }
            for name in names.filter({ $0.hasSuffix(".jsonl") }).sorted() {
                guard let data = FileManager.default.contents(atPath: folder + "/" + name) else {
                    printError("fangxin: cannot read \(folder)/\(name)")
                    throw ledgerUnavailable
                }
                files.append((folder + "/" + name, data))
            }
        } else {
            files = BundledFixtures.scenarios.map { ($0.path, $0.data) }
        }
        var total = ImportRunner.Summary()
        for file in files { total = total + (try await runner.run(file.data, named: file.name)) }
        print("imported \(total.lines) commands from \(files.count) scenario files: \(total.recorded) recorded, "
              + "\(total.alreadyRecorded) already recorded, \(total.failed) failed")
        return total
    }
}
