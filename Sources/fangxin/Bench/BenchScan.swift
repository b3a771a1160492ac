import ArgumentParser
import Foundation
import Ledger

struct BenchScan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan the whole log, decoding every record's envelope.",
        discussion: """
            Loads a synthetic log off the clock, then times one pass that decodes each record's envelope in place \
            (every fixed field read, every length checked). Runs the raw LMDB cursor scan of the same number of \
            values beside it.

            With --data it scans that ledger instead, as it is, opened for reading: the rate a rebuild of its read \
            models is measured against (BENCHMARKS.md).

            Examples:
              fangxin bench scan --events 10000000 --json
              fangxin bench scan --data /srv/fangxin --json
            """)

    @OptionGroup var options: BenchOptions
    @Option(help: "Events in the log.") var events = 1_000_000
    @Option(help: "Payload bytes per event.") var payloadBytes = 256
    @Flag(help: "Skip the raw LMDB baseline.") var noBaseline = false
    @Option(help: ArgumentHelp("Scan this ledger, as it is, instead of a synthetic one (no baseline).", valueName: "dir")) var data: String?

    func validate() throws {
        guard events > 0 else { throw ValidationError("--events must be positive") }
    }

    func run() async throws {
        let scratch = try Scratch(options)
        defer { scratch.finish() }
        let ledger: Ledger
        if let data {
            var ledgerOptions = Ledger.Options()
            ledgerOptions.readOnly = true
            ledger = try failing { try Ledger(directory: data, options: ledgerOptions) }
        } else {
            var ledgerOptions = Ledger.Options()
            ledgerOptions.initialMapSizeBytes = 1 << 30
            ledger = try failing { try Ledger(directory: scratch.sub("ledger"), options: ledgerOptions) }
            var log = SyntheticLog(seed: 1, payloadBytes: payloadBytes)
            var loaded = 0
            while loaded < events {
                let appends = log.appends(events: min(10_000, events - loaded))
                for result in await ledger.append(appends, durability: .deferred) { _ = try failing { try result.get() } }
                loaded += appends.reduce(0) { $0 + $1.events.count }
            }
            try failing { try ledger.flush() }
        }

        var scanned = 0
        var checksum: UInt64 = 0
        let start = monotonicSeconds()
        try failing {
            try ledger.scan { record in
                checksum &+= record.position &+ record.streamVersion &+ UInt64(record.payload.count) &+ UInt64(record.streamBytes.count)
                scanned += 1
                return true
            }
        }
        let seconds = monotonicSeconds() - start
        ledger.close()
        let baseline = noBaseline || data != nil ? nil : try Baseline.run(events: events, batch: 10_000, valueBytes: payloadBytes, directory: scratch.sub("baseline"))
        struct Report: Encodable { let events: Int, seconds: Double, eventsPerSecond: Double, checksum: UInt64, baseline: Baseline.Rate? }
        let report = Report(events: scanned, seconds: seconds, eventsPerSecond: Double(scanned) / seconds, checksum: checksum, baseline: baseline?.scan)
        if options.json {
            print(jsonLine(report))
        } else {
            print("ledger   scanned \(scanned) records in \(String(format: "%.3f", seconds)) s: \(Int(report.eventsPerSecond)) events/s")
            if let baseline { print("raw LMDB scanned \(baseline.scan.events) values: \(Int(baseline.scan.eventsPerSecond)) values/s") }
        }
    }
}
