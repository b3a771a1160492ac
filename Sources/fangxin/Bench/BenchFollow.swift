import ArgumentParser
import Foundation
import Ledger
import ReadModels

struct BenchFollow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow",
        abstract: "Measure how fast the read models follow a growing log.",
        discussion: """
            Copies the first --from records of the ledger at --data into a scratch ledger and builds its read models \
            there, off the clock. Then copies the rest in pieces of about --piece records (each ending at a command's \
            last record, as a replica copies them), and after each piece catches the models up, as the service's \
            follower does: committing each piece with its history. Reports the events folded per second of catching \
            up, and per second of copying and catching up together. The ledger at --data is only read.

            Example:
              fangxin bench follow --data /tmp/p10m --from 8000000 --piece 10000 --json
            """)

    @OptionGroup var options: BenchOptions
    @Option(help: ArgumentHelp("The ledger whose records are copied (read only).", valueName: "dir")) var data: String
    @Option(help: "Records copied before the clock starts; default: all but the last million.") var from: UInt64?
    @Option(help: "Records per piece copied, then caught up with.") var piece = 10_000

    func validate() throws {
        guard piece > 0 else { throw ValidationError("--piece must be positive") }
    }

    func run() async throws {
        var readOnly = Ledger.Options()
        readOnly.readOnly = true
        let source = try failing { try Ledger(directory: data, options: readOnly) }
        defer { source.close() }
        let head = try failing { try source.treeSize() }
        let start = min(from ?? (head > 1_000_000 ? head - 1_000_000 : 0), head)
        let scratch = try Scratch(options)
        defer { scratch.finish() }
        var options = Ledger.Options()
        options.initialMapSizeBytes = 1 << 30
        let ledger = try failing { try Ledger(directory: scratch.sub("ledger"), options: options) }
        defer { ledger.close() }
        let whole = try failing { try source.treeRoot() }

        /// Copies records after the copy's head up to about `through`, in copies of about `size` records, each ending
        /// at a command's last record.
        func copy(through: UInt64, size: Int) async throws -> UInt64 {
            var position = try failing { try ledger.head().position }
            while position < through {
                var records: [[UInt8]] = []
                var last: String?
                while true {
                    guard position < head, let record = try failing({ try source.recordBytes(at: position + 1) }) else { break }
                    let command = try record.withUnsafeBytes { try RecordView(parsing: $0).commandID }
                    // A command's records go together: a piece ends only where the next record starts another.
                    if records.count >= size || position >= through, command == nil || command != last { break }
                    records.append(record)
                    last = command
                    position += 1
                }
                guard !records.isEmpty else { break }
                let check = CopyCheck(size: whole.size, root: whole.root, proof: try failing { try source.consistencyProof(from: position, to: whole.size).hashes })
                do { _ = try await ledger.copy(records, check: check) } catch {
                    printError("fangxin: \(error)")
                    throw ExitCode(.ledgerUnavailable)
                }
            }
            return position
        }

        _ = try await copy(through: start, size: 100_000)
        let runner = ProjectionRunner(ledger: ledger, store: try readModels { try ReadModelStore(ledgerDirectory: scratch.sub("ledger")) })
        try readModels { _ = try runner.catchUp() }

        var catchingUp = 0.0, pieces = 0
        let started = monotonicSeconds()
        var position = start
        while position < head {
            position = try await copy(through: position + UInt64(piece), size: piece)
            let caught = monotonicSeconds()
            try readModels { _ = try runner.catchUp() }
            catchingUp += monotonicSeconds() - caught
            pieces += 1
        }
        let total = monotonicSeconds() - started
        let events = head - start
        struct Report: Encodable {
            let from: UInt64, events: UInt64, pieces: Int, catchUpSeconds: Double, catchUpEventsPerSecond: Double
            let totalSeconds: Double, eventsPerSecond: Double
        }
        // Nothing left to follow (--from at the head) is a rate of 0, not a division by zero.
        func rate(_ seconds: Double) -> Double { events == 0 || seconds <= 0 ? 0 : Double(events) / seconds }
        let report = Report(from: start, events: events, pieces: pieces, catchUpSeconds: catchingUp,
                            catchUpEventsPerSecond: rate(catchingUp), totalSeconds: total, eventsPerSecond: rate(total))
        if self.options.json {
            print(jsonLine(report))
        } else {
            print("followed \(events) events from position \(start) in \(pieces) pieces: catching up \(Int(report.catchUpEventsPerSecond)) events/s "
                + "(\(String(format: "%.1f", catchingUp)) s); with copying, \(Int(report.eventsPerSecond)) events/s")
        }
    }
}
