import ArgumentParser
import Foundation
import Ledger

struct BenchDurable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "durable",
        abstract: "Durable appends from concurrent writers: each append returns only once fsynced.",
        discussion: """
            Each writer appends one event at a time to a stream of its own and waits for it to be on disk before \
            the next; concurrent writers share commits (group commit).

            Example:
              fangxin bench durable --writers 64 --json
            """)

    @OptionGroup var options: BenchOptions
    @Option(help: "Concurrent writers.") var writers = 1
    @Option(help: "Events in all (default: 500 per writer, at least 5,000).") var events: Int?
    @Option(help: "Payload bytes per event.") var payloadBytes = 256

    func validate() throws {
        guard writers > 0 else { throw ValidationError("--writers must be positive") }
        if let events, events <= 0 { throw ValidationError("--events must be positive") }
    }

    func run() async throws {
        let scratch = try Scratch(options)
        defer { scratch.finish() }
        let total = events ?? max(5_000, writers * 500)
        let ledger = try failing { try Ledger(directory: scratch.sub("ledger")) }
        let payload = [UInt8](repeating: 0x5a, count: payloadBytes)
        let actor = Actor(id: "bench", role: "system")
        let start = monotonicSeconds()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                let share = total / writers + (writer < total % writers ? 1 : 0)
                group.addTask {
                    for index in 0..<share {
                        _ = try await ledger.append(Append(
                            stream: "writer-\(writer)", expecting: index == 0 ? .noStream : .exactly(UInt64(index)),
                            actor: actor, events: [NewEvent(type: "bench.durable", occurredAt: Timestamp(rawValue: 0), payload: payload)]))
                    }
                }
            }
            try await group.waitForAll()
        }
        let seconds = monotonicSeconds() - start
        ledger.close()
        struct Report: Encodable { let events: Int, seconds: Double, eventsPerSecond: Double, writers: Int }
        let report = Report(events: total, seconds: seconds, eventsPerSecond: Double(total) / seconds, writers: writers)
        if options.json {
            print(jsonLine(report))
        } else {
            print("\(writers) writers: \(total) durable events in \(String(format: "%.3f", seconds)) s: \(Int(report.eventsPerSecond)) events/s")
        }
    }
}
