import Commands
import Domain
import Foundation
import Ledger

/// Imports a command file into one ledger, line by line, through the recorder every edge shares.
struct ImportRunner {
    struct Summary: Encodable {
        var lines = 0, recorded = 0, alreadyRecorded = 0, failed = 0

        static func + (lhs: Summary, rhs: Summary) -> Summary {
            Summary(lines: lhs.lines + rhs.lines, recorded: lhs.recorded + rhs.recorded,
                    alreadyRecorded: lhs.alreadyRecorded + rhs.alreadyRecorded, failed: lhs.failed + rhs.failed)
        }
    }

    let recorder: CommandRecorder

    init(recorder: CommandRecorder) { self.recorder = recorder }

    /// Records the calendar and default policy a new ledger lacks, then imports by the rules it records.
    init(ledger: Ledger, calendar: WorkingCalendar, deadlines: DeadlinePolicy, tiers: TierPolicy) async throws {
        recorder = try await .opening(ledger, calendar: calendar, deadlines: deadlines, tiers: tiers, actor: "fangxin-import")
    }

    /// Records every line of `file`; reports each failed line on standard error as FILE:LINE: reason.
    func run(_ file: String) async throws -> Summary {
        guard let data = FileManager.default.contents(atPath: file) else {
            printError("fangxin: cannot read \(file)")
            throw ledgerUnavailable
        }
        return try await run(data, named: file)
    }

    /// Records every line of `data`, a command file called `file` in what it reports.
    func run(_ data: Data, named file: String) async throws -> Summary {
        var summary = Summary()
        for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            summary.lines += 1
            do {
                let result = try await recorder.record(ParsedCommand(parsing: Data(text.utf8), vault: recorder.vault))
                if result.alreadyRecorded { summary.alreadyRecorded += 1 } else { summary.recorded += 1 }
            } catch {
                summary.failed += 1
                printError("\(file):\(index + 1): \(error)")
            }
        }
        return summary
    }
}
