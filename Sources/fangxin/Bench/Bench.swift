import ArgumentParser

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the ledger on this machine: bulk appends, durable appends, full scans.",
        discussion: """
            Each benchmark works in a scratch ledger of its own (never the one --data names), which it removes \
            afterwards unless --keep is given. Build with -c release before measuring; BENCHMARKS.md records figures.

            Examples:
              swift run -c release fangxin bench append --events 1000000 --batch 10000 --json
              swift run -c release fangxin bench durable --writers 64 --json
              swift run -c release fangxin bench scan --json
            """,
        subcommands: [BenchAppend.self, BenchDurable.self, BenchScan.self, BenchDecode.self, BenchProofs.self, BenchFollow.self])
}

/// Options every benchmark takes.
struct BenchOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The scratch directory (default: ./fangxin-bench-PID).", valueName: "dir"))
    var scratch: String?
    @Flag(help: "Keep the scratch directory afterwards.") var keep = false
    @Flag(help: "Print one JSON object.") var json = false
}
