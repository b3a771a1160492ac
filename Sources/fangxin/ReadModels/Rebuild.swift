import ArgumentParser
import Foundation
import Ledger
import Projections
import Queries
import ReadModels

struct Rebuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rebuild read models from the first event, or check every stored row and version against the log.",
        discussion: """
            Each projection is folded afresh into a new copy, in parallel, and swapped in atomically once it has caught \
            up with the log; until then every query keeps getting the old copy. Projections: \(ProjectionRunner.projectionNames.joined(separator: ", ")). \
            Where the live copy was built by code of the same version, the new one must hold the same rows at the live \
            copy's position (equal digests), or it is not swapped in and the first rows that differ are named (a \
            nondeterministic fold, or a damaged store); --force swaps it in anyway.

            --check changes nothing: it folds every projection from the first event up to the live model's position \
            and compares every row and every version of its history, byte for byte, with what the fold writes; each \
            difference is named by its row and position (a damaged or altered store). It prints each model's rows, \
            versions, the SHA-256 digest of its export and of its history (docs/READMODELS.md), and whether it equals \
            what the log gives. Exit code 1 when one differs. It then lists every event a read model set aside rather \
            than folded, with its position and the reason (docs/FORMAT.md).

            --dry-run changes nothing either: it folds aside up to each live model's position, as the code of this \
            build would, and says how many rows, and how many versions of their history, would change. With --diff it lists them, field by field, in domain \
            terms (a merchant moving from 培育库 to 星级库, a month's closed count going from 41 to 42): what new \
            projection code would change, before it is deployed. Exit code 1 when anything would change.

            A terminal shows a progress bar with events/s and time left; a pipe gets a progress line every few seconds.

            Examples:
              fangxin rebuild
              fangxin rebuild --projection tiers --projection stats
              fangxin rebuild --check --json
              fangxin rebuild --dry-run --diff --projection tiers
            """)

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("projection"), help: ArgumentHelp("Only this projection (repeatable).", valueName: "name"))
    var projections: [String] = []
    @Flag(help: "Rebuild aside and compare digests with the live models; change nothing.") var check = false
    @Flag(help: "Swap the rebuilt models in even where they differ from live ones built by code of the same version.") var force = false
    @Flag(help: "Rebuild aside and say how many rows would change; change nothing.") var dryRun = false
    @Flag(help: "With --dry-run: list the rows that would change, field by field.") var diff = false
    @Option(help: ArgumentHelp("With --diff: list at most this many rows per projection.", valueName: "n")) var limit = 100
    @Flag(help: "Print a JSON summary instead of a table.") var json = false

    func validate() throws {
        if diff && !dryRun { throw ValidationError("--diff lists what a dry run would change: add --dry-run") }
        if check && dryRun { throw ValidationError("--check and --dry-run each fold aside: choose one") }
        guard limit >= 0 else { throw ValidationError("--limit \(limit): must be 0 or more") }
        for name in projections where !ProjectionRunner.projectionNames.contains(name) {
            throw ValidationError("--projection \(name): no such projection (known: \(ProjectionRunner.projectionNames.joined(separator: ", ")))")
        }
    }

    func run() throws {
        let ledger = try global.openForReading()
        defer { ledger.close() }
        let runner = ProjectionRunner(ledger: ledger, store: try readModels { try ReadModelStore(ledgerDirectory: global.data) })
        let display = ProgressDisplay(label: check ? "check" : "rebuild")
        let meter = ProgressMeter { display.show($0) }
        let names = projections.isEmpty ? nil : projections
        if check {
            let checks = try readModels { try runner.check(names, progress: meter) }
            let setAside = try ReadModelQueries(runner: runner, catchesUp: false).setAside().events
            if json {
                struct Report: Encodable { let projections: [ModelCheck]; let setAside: [SetAsideDocument.Entry] }
                print(jsonLine(Report(projections: checks, setAside: setAside)))
            } else {
                let rows = checks.map { (check: ModelCheck) -> [String] in
                    let verdict = check.matches ? "equal" : "DIFFERS (\(check.differing))"
                    return [check.projection, String(check.version), String(check.position), String(check.rows), String(check.versions),
                            check.digest ?? "-", check.historyDigest ?? "-", verdict]
                }
                for line in table(["projection", "version", "position", "rows", "versions", "sha256 (export)", "sha256 (history)", "against the log"], rows) {
                    print(line)
                }
                for check in checks where !check.matches {
                    print("\n\(check.projection): \(check.differing) stored row(s) or version(s) differ from what the log gives; the first:")
                    for difference in check.differences { print("  \(difference)") }
                }
                if !setAside.isEmpty {
                    print("\n\(setAside.count) event(s) set aside, not folded (docs/FORMAT.md, \"Events set aside\"):")
                    for entry in setAside {
                        for (projection, reason) in zip(entry.projections, entry.reasons) {
                            print("  position \(entry.position) (\(entry.type), \(entry.stream)) in \(projection): \(reason)")
                        }
                    }
                }
            }
            if checks.contains(where: { !$0.matches }) { throw ExitCode(.failed) }
            return
        }
        if dryRun {
            let diffs = try readModels { try runner.diff(names, limit: diff ? limit : 0, progress: meter) }
            if json {
                print(jsonLine(diffs))
            } else {
                for model in diffs { print(Self.describe(model, listing: diff)) }
            }
            if diffs.contains(where: { $0.differing > 0 || ($0.versionsDiffering ?? 0) > 0 }) { throw ExitCode(.failed) }
            return
        }
        let outcomes = try readModels { try runner.rebuild(names, force: force, progress: meter) }
        if json {
            print(jsonLine(outcomes))
        } else {
            for line in table(["projection", "version", "position", "seconds"],
                              outcomes.map { [$0.projection, String($0.version), String($0.position), String(format: "%.2f", $0.seconds)] }) {
                print(line)
            }
        }
    }
}

extension Rebuild {
    /// A model's dry run in words: a heading, then each row that would change with its fields' old and new values.
    static func describe(_ model: ModelDiff, listing: Bool) -> String {
        let live = model.liveVersion.map { "live version \($0)" } ?? "no live model"
        let rows = model.differing == 0 ? "no row would change" : "\(model.differing) row(s) would change"
        let history = model.versionsDiffering.map { $0 == 0 ? ", nor any version of its history" : "; \($0) version(s) of its history would" } ?? ""
        var lines = ["\(model.projection): version \(model.version) (\(live)), position \(model.position): " + rows + history]
        guard listing else { return lines.joined() }
        for difference in model.differences {
            switch difference.kind {
            case .changed:
                let fields = difference.fields.map { "\($0.field) \(label($0.field, $0.live)) → \(label($0.field, $0.rebuilt))" }
                lines.append("  \(difference.row): " + fields.joined(separator: "; "))
            case .added:
                lines.append("  + \(difference.row) (new): " + difference.fields.map { "\($0.field) \(label($0.field, $0.rebuilt))" }.joined(separator: "; "))
            case .removed:
                lines.append("  - \(difference.row) (gone): " + difference.fields.map { "\($0.field) \(label($0.field, $0.live))" }.joined(separator: "; "))
            }
        }
        if model.differing > model.differences.count { lines.append("  … and \(model.differing - model.differences.count) more (--limit)") }
        return lines.joined(separator: "\n")
    }

    /// A value as an operator reads it: libraries with their Chinese names.
    private static func label(_ field: String, _ value: String?) -> String {
        guard let value else { return "none" }
        guard ["tier", "library", "from", "to"].contains(field), let tier = Tier(name: value) else { return value }
        return "\(tier.chineseName) \(tier.name)"
    }
}

/// Renders progress on standard error: a bar redrawn in place on a terminal, a line every few seconds otherwise.
final class ProgressDisplay: @unchecked Sendable {
    private let label: String
    /// What the rate counts: events, or an import's lines.
    private let unit: String
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let lock = NSLock()
    private var lastShown = -1.0

    init(label: String, unit: String = "events") {
        self.label = label
        self.unit = unit
    }

    /// `done`: how many of the unit are done so far, shown when given (an import's lines).
    func show(_ report: ProgressMeter.Report, done: Int? = nil) {
        lock.withLock {
            let interval = isTerminal ? 0.1 : 2.0
            guard report.finished || report.stage != nil || report.elapsedSeconds - lastShown >= interval else { return }
            lastShown = report.elapsedSeconds
            if let stage = report.stage {
                if isTerminal {
                    FileHandle.standardError.write(Data("\r\(label): \(stage)…\u{1B}[K".utf8))
                } else {
                    printError("\(label): \(stage)")
                }
                return
            }
            let percent = Int(report.fraction * 100)
            let rate = Self.count(report.eventsPerSecond)
            let left = report.secondsLeft.map { String(format: "%.0f s left", $0) } ?? "done"
            let count = done.map { "\($0) \(unit), " } ?? ""
            if isTerminal {
                let width = 30, filled = Int(report.fraction * Double(width))
                let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
                FileHandle.standardError.write(Data("\r\(label) \(bar) \(percent)%  \(count)\(rate) \(unit)/s  \(left)\u{1B}[K\(report.finished ? "\n" : "")".utf8))
            } else {
                printError("\(label): \(percent)%, \(count)\(rate) \(unit)/s, \(left)")
            }
        }
    }

    static func count(_ value: Double) -> String {
        value >= 1e6 ? String(format: "%.2fM", value / 1e6) : value >= 1e3 ? String(format: "%.1fk", value / 1e3) : String(format: "%.0f", value)
    }
}
