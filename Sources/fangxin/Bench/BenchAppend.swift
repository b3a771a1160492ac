import ArgumentParser
import Foundation
import Ledger

struct BenchAppend: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Bulk-append a synthetic log in large batches, with chain hash, stream index and Merkle tree, then sync once.",
        discussion: """
            Times only the ledger: building each batch's appends happens off the clock. The same log is appended \
            to new ledgers without the Merkle tree (as before issue 13) and with it, alternately, --rounds times \
            each, so that the tree's cost is measured side by side; the best time of each is reported \
            (--no-tree-comparison appends with the tree only). Then runs the raw LMDB \
            baseline (tools/lmdb-baseline: same batch size and payload size, no hash, no index, no envelope) in \
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
    @Flag(help: "Skip the runs without the Merkle tree.") var noTreeComparison = false
    @Option(help: "Runs with and without the tree, alternately; the best of each counts.") var rounds = 2

    func validate() throws {
        guard events > 0, batch > 0, payloadBytes >= 0 else { throw ValidationError("--events and --batch must be positive") }
        guard (1...10).contains(rounds) else { throw ValidationError("--rounds is from 1 to 10") }
    }

    func run() async throws {
        let scratch = try Scratch(options)
        defer { scratch.finish() }
        var withoutTree: (appended: Int, seconds: Double, streams: Int)?
        var withTree: (appended: Int, seconds: Double, streams: Int)?
        for round in 1...(noTreeComparison ? 1 : rounds) {
            if !noTreeComparison {
                let run = try await appendAll(keepingTree: false, into: scratch.sub("ledger-without-tree-\(round)"))
                if run.seconds < withoutTree?.seconds ?? .infinity { withoutTree = run }
                try? FileManager.default.removeItem(atPath: scratch.sub("ledger-without-tree-\(round)"))
            }
            let run = try await appendAll(keepingTree: true, into: scratch.sub("ledger-\(round)"))
            if run.seconds < withTree?.seconds ?? .infinity { withTree = run }
            try? FileManager.default.removeItem(atPath: scratch.sub("ledger-\(round)"))
        }
        let (appended, seconds, streams) = withTree!
        let baseline = noBaseline ? nil : try Baseline.run(events: events, batch: batch, valueBytes: payloadBytes, directory: scratch.sub("baseline"))
        let rate = Double(appended) / seconds
        let report = Report(
            events: appended, seconds: seconds, eventsPerSecond: rate, batch: batch, streams: streams,
            payloadBytes: payloadBytes,
            withoutTree: withoutTree.map { Baseline.Rate(events: $0.appended, seconds: $0.seconds, eventsPerSecond: Double($0.appended) / $0.seconds) },
            treeRatio: withoutTree.map { rate / (Double($0.appended) / $0.seconds) },
            baseline: baseline?.append,
            ratioToBaseline: baseline.map { $0.append.eventsPerSecond / rate })
        report.print(json: options.json)
    }

    /// Appends the synthetic log to a new ledger; returns the events appended, the seconds on the clock and the streams.
    private func appendAll(keepingTree: Bool, into directory: String) async throws -> (appended: Int, seconds: Double, streams: Int) {
        var log = SyntheticLog(seed: seed, payloadBytes: payloadBytes)
        var seconds = 0.0
        var appended = 0
        var ledgerOptions = Ledger.Options()
        ledgerOptions.initialMapSizeBytes = 1 << 30
        ledgerOptions.keepsTree = keepingTree
        let ledger = try failing { try Ledger(directory: directory, options: ledgerOptions) }
        while appended < events {
            let appends = log.appends(events: min(batch, events - appended))
            let start = monotonicSeconds()
            for result in await ledger.append(appends, durability: .deferred) { _ = try failing { try result.get() } }
            seconds += monotonicSeconds() - start
            appended += appends.reduce(0) { $0 + $1.events.count }
            if !options.json && appended % 1_000_000 < batch { printError("appended \(appended)\(keepingTree ? "" : " (without the tree)")") }
        }
        let start = monotonicSeconds()
        try failing { try ledger.flush() }
        seconds += monotonicSeconds() - start
        ledger.close()
        return (appended, seconds, log.streams)
    }

    struct Report: Encodable {
        let events: Int, seconds: Double, eventsPerSecond: Double, batch: Int, streams: Int, payloadBytes: Int
        /// The same log appended without the Merkle tree, in the same run.
        let withoutTree: Baseline.Rate?
        /// The rate with the tree over the rate without it: the target is 0.85 or more.
        let treeRatio: Double?
        let baseline: Baseline.Rate?
        /// How many times faster raw LMDB was: the target is 2 or less.
        let ratioToBaseline: Double?

        func print(json: Bool) {
            if json { Swift.print(jsonLine(self)); return }
            Swift.print("ledger   \(events) events in \(String(format: "%.3f", seconds)) s: \(Int(eventsPerSecond)) events/s (\(streams) streams)")
            if let withoutTree, let treeRatio {
                Swift.print("no tree  \(withoutTree.events) events in \(String(format: "%.3f", withoutTree.seconds)) s: \(Int(withoutTree.eventsPerSecond)) events/s; with the tree: \(String(format: "%.1f", treeRatio * 100))% of that")
            }
            if let baseline, let ratioToBaseline {
                Swift.print("raw LMDB \(baseline.events) values in \(String(format: "%.3f", baseline.seconds)) s: \(Int(baseline.eventsPerSecond)) values/s")
                Swift.print("raw LMDB is \(String(format: "%.2f", ratioToBaseline))x the ledger")
            }
        }
    }
}
