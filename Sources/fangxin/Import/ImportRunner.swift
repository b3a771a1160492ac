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
        for (number, text) in Self.lines(data) {
            summary.lines += 1
            do {
                try await record(ParsedCommand(parsing: Data(text.utf8), vault: recorder.vault), &summary)
            } catch {
                summary.failed += 1
                printError("\(file):\(number): \(error)")
            }
        }
        return summary
    }

    /// Records the commands of every file in the order of their business days, following each day with `clock`.
    func run(_ files: [(name: String, data: Data)], following clock: StoryClock) async throws -> Summary {
        var summary = Summary()
        var parsed: [ParsedCommand] = []
        for file in files {
            for (number, text) in Self.lines(file.data) {
                summary.lines += 1
                do { parsed.append(try ParsedCommand(parsing: Data(text.utf8), vault: recorder.vault)) } catch {
                    summary.failed += 1
                    printError("\(file.name):\(number): \(error)")
                }
            }
        }
        // Swift's sort is stable: commands of one day keep their files' order.
        for command in parsed.sorted(by: { $0.day < $1.day }) {
            clock.follow(command.day)
            do { try await record(command, &summary) } catch {
                summary.failed += 1
                printError("command \(command.id): \(error)")
            }
        }
        return summary
    }

    private func record(_ command: ParsedCommand, _ summary: inout Summary) async throws {
        let result = try await recorder.record(command)
        if result.alreadyRecorded { summary.alreadyRecorded += 1 } else { summary.recorded += 1 }
    }

    /// The non-blank lines of a command file, with their numbers from 1.
    private static func lines(_ data: Data) -> [(number: Int, text: String)] {
        String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
            let text = line.trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? nil : (index + 1, text)
        }
    }
}
