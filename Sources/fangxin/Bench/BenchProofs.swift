import ArgumentParser
import Foundation
import Ledger
import Transparency

struct BenchProofs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proofs",
        abstract: "Time inclusion and consistency proofs from the tiles of a large log.",
        discussion: """
            Loads a synthetic log off the clock (or opens --ledger DIR read-only), then asks for --proofs inclusion \
            proofs of random positions in the whole tree, and as many consistency proofs from random sizes, each from \
            a snapshot of its own as `prove` and the service do, and reports the latency of each kind. Every proof is \
            checked against the root, off the clock.

            Examples:
              fangxin bench proofs --events 10000000 --json
              fangxin bench proofs --ledger /srv/fangxin --proofs 100000
            """)

    @OptionGroup var options: BenchOptions
    @Option(help: "Events in the synthetic log.") var events = 1_000_000
    @Option(help: ArgumentHelp("Measure an existing ledger instead, opened read-only.", valueName: "dir")) var ledger: String?
    @Option(help: "Proofs of each kind.") var proofs = 20_000

    func validate() throws {
        guard events > 0, proofs > 0 else { throw ValidationError("--events and --proofs must be positive") }
    }

    func run() async throws {
        let scratch = try Scratch(options)
        defer { scratch.finish() }
        let opened: Ledger
        if let ledger {
            opened = try failing { try Ledger(directory: ledger, options: Ledger.Options(readOnly: true)) }
        } else {
            var ledgerOptions = Ledger.Options()
            ledgerOptions.initialMapSizeBytes = 1 << 30
            opened = try failing { try Ledger(directory: scratch.sub("ledger"), options: ledgerOptions) }
            var log = SyntheticLog(seed: 1, payloadBytes: 256)
            var loaded = 0
            while loaded < events {
                let appends = log.appends(events: min(10_000, events - loaded))
                for result in await opened.append(appends, durability: .deferred) { _ = try failing { try result.get() } }
                loaded += appends.reduce(0) { $0 + $1.events.count }
                if !options.json && loaded % 1_000_000 < 10_000 { printError("loaded \(loaded)") }
            }
            try failing { try opened.flush() }
        }
        defer { opened.close() }
        let (size, root) = try failing { try opened.treeRoot() }
        guard size > 1 else { throw ValidationError("the log has \(size) records; proofs need two or more") }
        var generator = SystemRandomNumberGenerator()
        var inclusion: [Double] = []
        var consistency: [Double] = []
        var roots: [UInt64: TreeHash] = [:]
        for _ in 0..<proofs {
            let position = UInt64.random(in: 1...size, using: &generator)
            let start = monotonicSeconds()
            let proof = try failing { try opened.inclusionProof(position: position, size: size) }
            inclusion.append(monotonicSeconds() - start)
            guard proof.root == root else { throw ValidationError("the inclusion proof of \(position) does not verify") }

            let from = UInt64.random(in: 1..<size, using: &generator)
            let begin = monotonicSeconds()
            let steps = try failing { try opened.consistencyProof(from: from, to: size) }
            consistency.append(monotonicSeconds() - begin)
            if roots.count < 100 {
                let old = try failing { try opened.treeRoot(size: from).root }
                roots[from] = old
                guard ProofVerification.verifyConsistency(steps.hashes, from: from, to: size, fromRoot: old, toRoot: root) else {
                    throw ValidationError("the consistency proof from \(from) does not verify")
                }
            }
        }
        struct Latency: Encodable { let proofs: Int, meanMs: Double, p50Ms: Double, p99Ms: Double, maxMs: Double }
        func latency(_ samples: [Double]) -> Latency {
            let sorted = samples.sorted()
            return Latency(proofs: sorted.count, meanMs: sorted.reduce(0, +) / Double(sorted.count) * 1_000,
                           p50Ms: sorted[sorted.count / 2] * 1_000, p99Ms: sorted[sorted.count * 99 / 100] * 1_000, maxMs: sorted.last! * 1_000)
        }
        struct Report: Encodable { let records: UInt64, inclusion: Latency, consistency: Latency, shaExtensions: Bool }
        let report = Report(records: size, inclusion: latency(inclusion), consistency: latency(consistency), shaExtensions: SHA256Stream.usesSHAExtensions)
        if options.json {
            print(jsonLine(report))
        } else {
            for (name, value) in [("inclusion", report.inclusion), ("consistency", report.consistency)] {
                print("\(name) proofs in a tree of \(size): mean \(String(format: "%.3f", value.meanMs)) ms, p50 \(String(format: "%.3f", value.p50Ms)) ms, p99 \(String(format: "%.3f", value.p99Ms)) ms, max \(String(format: "%.3f", value.maxMs)) ms")
            }
        }
    }
}
