import ArgumentParser
import Application
import Commands
import Domain
import Foundation
import Ledger
import ReadModels
import Vault

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

    /// Records every line of `file` in batches of `batchSize`, reading it a block at a time; reports each failed
    /// line on standard error as FILE:LINE: reason. A batch's lines are parsed on every core, then decided against
    /// the streams as kept in memory and appended in one durable commit (`BatchRecorder`): a line counts as
    /// recorded once its batch is on disk.
    func run(_ file: String, batchSize: Int = 5_000, progress: ((_ fraction: Double, _ lines: Int) -> Void)? = nil) async throws -> Summary {
        guard var reader = LineReader(path: file) else {
            printError("fangxin: cannot read \(file)")
            throw ExitCode(.ledgerUnavailable)
        }
        var batches = BatchRecorder(recorder: recorder)
        var summary = Summary()
        let vault = recorder.vault
        typealias Lines = [(number: Int, text: ArraySlice<UInt8>)]
        typealias Parsed = (lines: Lines, parsed: [Result<ParsedCommand, CommandError>], bytes: UInt64)
        /// Counts and reports a finished batch's lines, in the file's order.
        func report(_ batch: Parsed, _ outcome: [Result<AppendResult, HandlingError>]) {
            let (lines, parsed, bytes) = batch
            var outcomes = outcome.makeIterator()
            for (line, result) in zip(lines, parsed) {
                switch result {
                case .failure(let error):
                    summary.failed += 1
                    printError("\(file):\(line.number): \(error)")
                case .success:
                    switch outcomes.next()! {
                    case .success(let recorded): if recorded.alreadyRecorded { summary.alreadyRecorded += 1 } else { summary.recorded += 1 }
                    case .failure(let error):
                        summary.failed += 1
                        printError("\(file):\(line.number): \(error)")
                    }
                }
            }
            progress?(reader.size > 0 ? Double(bytes) / Double(reader.size) : 1, summary.lines)
        }
        // Three batches in flight: one is parsed on the cores, while the one before it is decided and handed to
        // the ledger, while the one before that commits and waits for its fsync. Each is reported once durable,
        // in the file's order.
        var parsedBatch: Parsed?
        var committing: (batch: Parsed, submitted: BatchRecorder.Submitted)?
        /// Decides a parsed batch and hands it to the ledger, then finishes the one before it.
        func submit(_ batch: Parsed) async {
            let commands = batch.parsed.compactMap { try? $0.get() }
            if let last = committing, batches.sharesCommand(with: commands) {
                // A line repeats one whose outcome is not known yet: that batch finishes first.
                report(last.batch, await batches.finish(last.submitted))
                committing = nil
            }
            let submitted = batches.submit(commands)
            if let last = committing { report(last.batch, await batches.finish(last.submitted)) }
            committing = (batch, submitted)
        }
        var lines: Lines = []
        var failure: (any Error)?
        repeat {
            lines = []
            lines.reserveCapacity(batchSize)
            do {
                while lines.count < batchSize, let line = try reader.next() {
                    let text = line.trimmingWhitespace()
                    guard !text.isEmpty else { continue }
                    summary.lines += 1
                    lines.append((reader.lineNumber, text))
                }
            } catch {
                failure = error
            }
            let batch = lines
            let parsing = Task.detached { Self.parse(batch, vault: vault) }
            if let last = parsedBatch { await submit(last) }
            parsedBatch = (batch, await parsing.value, reader.bytesRead)
        } while !lines.isEmpty && failure == nil
        if let last = parsedBatch, !last.lines.isEmpty { await submit(last) }
        if let last = committing { report(last.batch, await batches.finish(last.submitted)) }
        if let failure {
            printError("fangxin: cannot read \(file) after line \(reader.lineNumber): \(failure)")
            throw ExitCode(.ledgerUnavailable)
        }
        return summary
    }

    /// Parses the lines on every core, each core a run of them; the results in the lines' order.
    private static func parse(_ lines: [(number: Int, text: ArraySlice<UInt8>)], vault: PersonalDataVault) -> [Result<ParsedCommand, CommandError>] {
        let parts = lines.count < 64 ? 1 : ProcessInfo.processInfo.activeProcessorCount
        let size = (lines.count + parts - 1) / parts
        return concurrently(parts) { part in
            lines[min(lines.count, part * size)..<min(lines.count, (part + 1) * size)].map { line -> Result<ParsedCommand, CommandError> in
                guard line.text.count <= LineReader.lineBytesMax else {
                    return .failure(CommandError(nil, "the line is longer than \(LineReader.lineBytesMax) bytes, more than any command can be"))
                }
                do throws(CommandError) { return .success(try ParsedCommand(parsing: Array(line.text), vault: vault)) } catch { return .failure(error) }
            }
        }.flatMap { $0 }
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

extension ArraySlice<UInt8> {
    /// Without the spaces, tabs and carriage returns at either end.
    func trimmingWhitespace() -> ArraySlice<UInt8> {
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else { return [] }
        return self[first...last]
    }
}
