import ArgumentParser
import Foundation
import Queries
import ReadModels

struct Rebuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rebuild read models from the first event, or check that a rebuild gives the live ones.",
        discussion: """
            Each projection is folded afresh into a new copy, in parallel, and swapped in atomically once it has caught
            up with the log; until then every query keeps getting the old copy. Projections: \(ProjectionRunner.projectionNames.joined(separator: ", ")).

            --check changes nothing: it folds every projection aside in memory up to the live model's position, and
            prints the position, the projection's version and the SHA-256 digest of its rows, and whether it equals the
            live model. Exit code 1 when one differs. Anyone with the log can reproduce the digests. It then lists every
            event a read model set aside rather than folded, with its position and the reason (docs/FORMAT.md).

            A terminal shows a progress bar with events/s and time left; a pipe gets a progress line every few seconds.

            Examples:
              fangxin rebuild
              fangxin rebuild --projection tiers --projection stats
              fangxin rebuild --check --json
            """)

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("projection"), help: ArgumentHelp("Only this projection (repeatable).", valueName: "name"))
    var projections: [String] = []
    @Flag(help: "Rebuild aside and compare digests with the live models; change nothing.") var check = false
    @Flag(help: "Print a JSON summary instead of a table.") var json = false

    func validate() throws {
        for name in projections where !ProjectionRunner.projectionNames.contains(name) {
            throw ValidationError("--projection \(name): no such projection (known: \(ProjectionRunner.projectionNames.joined(separator: ", ")))")
        }
    }

    func run() throws {
        let ledger = try global.openForReading()
        defer { ledger.close() }
        let runner = ProjectionRunner(ledger: ledger, store: try readModels { try ReadModelStore(ledgerDirectory: global.data) })
        let meter = ProgressMeter(ProgressDisplay(label: check ? "check" : "rebuild").show)
        let names = projections.isEmpty ? nil : projections
        if check {
            let checks = try readModels { try runner.check(names, progress: meter) }
            let setAside = try ReadModelQueries(runner: runner, catchesUp: false).setAside().events
            if json {
                struct Line: Encodable { let projection: String; let version: Int; let position: UInt64; let digest: String; let liveDigest: String; let matches: Bool }
                struct Report: Encodable { let projections: [Line]; let setAside: [SetAsideDocument.Entry] }
                print(jsonLine(Report(projections: checks.map {
                    Line(projection: $0.projection, version: $0.version, position: $0.position, digest: $0.digest, liveDigest: $0.liveDigest, matches: $0.matches)
                }, setAside: setAside)))
            } else {
                for line in table(["projection", "version", "position", "sha256", "live"],
                                  checks.map { [$0.projection, String($0.version), String($0.position), $0.digest, $0.matches ? "equal" : "DIFFERS (live \($0.liveDigest))"] }) {
                    print(line)
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
            if checks.contains(where: { !$0.matches }) { throw ExitCode(1) }
            return
        }
        let outcomes = try readModels { try runner.rebuild(names, progress: meter) }
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

/// Renders progress on standard error: a bar redrawn in place on a terminal, a line every few seconds otherwise.
final class ProgressDisplay: @unchecked Sendable {
    private let label: String
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let lock = NSLock()
    private var lastShown = -1.0

    init(label: String) { self.label = label }

    func show(_ report: ProgressMeter.Report) {
        lock.withLock {
            let interval = isTerminal ? 0.1 : 2.0
            guard report.finished || report.elapsedSeconds - lastShown >= interval else { return }
            lastShown = report.elapsedSeconds
            let percent = Int(report.fraction * 100)
            let rate = Self.count(report.eventsPerSecond)
            let left = report.secondsLeft.map { String(format: "%.0f s left", $0) } ?? "done"
            if isTerminal {
                let width = 30, filled = Int(report.fraction * Double(width))
                let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
                FileHandle.standardError.write(Data("\r\(label) \(bar) \(percent)%  \(rate) events/s  \(left)\u{1B}[K\(report.finished ? "\n" : "")".utf8))
            } else {
                printError("\(label): \(percent)% at \(rate) events/s, \(left)")
            }
        }
    }

    static func count(_ value: Double) -> String {
        value >= 1e6 ? String(format: "%.2fM", value / 1e6) : value >= 1e3 ? String(format: "%.1fk", value / 1e3) : String(format: "%.0f", value)
    }
}
