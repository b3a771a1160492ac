import ArgumentParser
import Foundation
import Ledger

struct BenchAppend: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Bulk-append a synthetic log in large batches, with chain hash and stream index, then sync once.",
        discussion: """
            Times only the ledger: building each batch's appends happens off the clock. Then runs the raw LMDB
            baseline (tools/lmdb-baseline: same batch size and payload size, no hash, no index, no envelope) in
            the same run and reports the ratio.

            Example:
              fangxin bench append --events 10000000 --batch 10000 --json
            """)

    @OptionGroup var options: BenchOptions
    @Option(help: "Events to append.") var events = 1_000_000
    @Option(help: "Events per transaction.") var batch = 10_000
    @Option(help: "Payload bytes per event.") var payloadBytes = 256
    @Option(help: "Seed of the synthetic log.") var seed: UInt64 = 1
    @Flag(help: "Skip the raw LMDB baseline.") var noBaseline = false

    func validate() throws {
        guard events > 0, batch > 0, payloadBytes >= 0 else { throw ValidationError("--events and --batch must be positive") }
    }

    func run() async throws {
        let scratch = try Scratch(options)
        defer { scratch.finish() }
        var log = SyntheticLog(seed: seed, payloadBytes: payloadBytes)
        var seconds = 0.0
        var appended = 0
        do {
            var ledgerOptions = Ledger.Options()
            ledgerOptions.initialMapSizeBytes = 1 << 30
            let ledger = try failing { try Ledger(directory: scratch.sub("ledger"), options: ledgerOptions) }
            while appended < events {
                let appends = log.appends(events: min(batch, events - appended))
                let start = monotonicSeconds()
                for result in await ledger.append(appends, durability: .deferred) { _ = try failing { try result.get() } }
                seconds += monotonicSeconds() - start
                appended += appends.reduce(0) { $0 + $1.events.count }
                if !options.json && appended % 1_000_000 < batch { printError("appended \(appended)") }
            }
            let start = monotonicSeconds()
            try failing { try ledger.flush() }
            seconds += monotonicSeconds() - start
            ledger.close()
        }
        let baseline = noBaseline ? nil : try Baseline.run(events: events, batch: batch, valueBytes: payloadBytes, directory: scratch.sub("baseline"))
        let report = Report(
            events: appended, seconds: seconds, eventsPerSecond: Double(appended) / seconds, batch: batch, streams: log.streams,
            payloadBytes: payloadBytes, baseline: baseline?.append,
            ratioToBaseline: baseline.map { $0.append.eventsPerSecond / (Double(appended) / seconds) })
        report.print(json: options.json)
    }

    struct Report: Encodable {
        let events: Int, seconds: Double, eventsPerSecond: Double, batch: Int, streams: Int, payloadBytes: Int
        let baseline: Baseline.Rate?
        /// How many times faster raw LMDB was: the target is 2 or less.
        let ratioToBaseline: Double?

        func print(json: Bool) {
            if json { Swift.print(jsonLine(self)); return }
            Swift.print("ledger   \(events) events in \(String(format: "%.3f", seconds)) s: \(Int(eventsPerSecond)) events/s (\(streams) streams)")
            if let baseline, let ratioToBaseline {
                Swift.print("raw LMDB \(baseline.events) values in \(String(format: "%.3f", baseline.seconds)) s: \(Int(baseline.eventsPerSecond)) values/s")
                Swift.print("raw LMDB is \(String(format: "%.2f", ratioToBaseline))x the ledger")
            }
        }
    }
}
