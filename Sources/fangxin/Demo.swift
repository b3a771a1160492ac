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
    @Option(help: ArgumentHelp("The default policy a new ledger records. Also $FANGXIN_POLICY.", valueName: "file"))
    var policy: String = PolicyFile.defaultPath
    @Option(help: ArgumentHelp("The folder of scenario files. Also $FANGXIN_SCENARIOS.", valueName: "dir"))
    var scenarios: String = ProcessInfo.processInfo.environment["FANGXIN_SCENARIOS"] ?? "Fixtures/scenarios"

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

/// The demonstration scenarios, as `demo` and `serve --demo` load them.
struct DemoScenarios {
    let folder: String

    /// Imports every scenario file through `runner`, printing a summary line.
    func load(with runner: ImportRunner) async throws -> ImportRunner.Summary {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            printError("fangxin: no scenarios at \(folder); name the folder with --scenarios or $FANGXIN_SCENARIOS")
            throw ledgerUnavailable
        }
        var total = ImportRunner.Summary()
        let files = names.filter { $0.hasSuffix(".jsonl") }.sorted()
        for name in files { total = total + (try await runner.run(folder + "/" + name)) }
        print("imported \(total.lines) commands from \(files.count) scenario files: \(total.recorded) recorded, "
              + "\(total.alreadyRecorded) already recorded, \(total.failed) failed")
        return total
    }
}
