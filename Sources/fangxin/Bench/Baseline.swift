import Foundation

/// Runs tools/lmdb-baseline, built beside this executable, and reads its figures.
struct Baseline: Decodable {
    struct Rate: Codable { let events: Int; let seconds: Double; let eventsPerSecond: Double }
    let append: Rate
    let scan: Rate

    static func run(events: Int, batch: Int, valueBytes: Int, directory: String) throws -> Baseline {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("lmdb-baseline")
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw BenchError("the C baseline is not built at \(executable.path); run `swift build -c release` first")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--dir", directory, "--events", String(events), "--batch", String(batch), "--value-bytes", String(valueBytes)]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("lmdb-baseline exited with status \(process.terminationStatus)") }
        return try JSONDecoder().decode(Baseline.self, from: output)
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Seconds on the monotonic clock.
func monotonicSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
