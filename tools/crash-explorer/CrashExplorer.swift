import ArgumentParser
import Foundation
import Synchronization

/// Explores the crash states of a ledger under a small workload, as ALICE and CrashMonkey do for file systems.
@main
struct CrashExplorer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crash-explorer",
        abstract: "Record a workload's writes and syncs, build every file state a crash could leave, and check each one.",
        discussion: """
            Runs `ledger-crash-writer DIR synced APPENDS INDEX_BATCH` under the crash recorder (recorder.c, LD_PRELOAD), which \
            writes down every write, sync, truncation and creation the process makes in DIR, and the \
            acknowledgements it prints. For each point of that trace it builds the files as a crash there could \
            have left them (PersistenceModel: unsynced writes lost or kept in any order, a write in flight torn \
            at a sector, a new file's name lost until its directory is synced), and checks each distinct state: \
            `fangxin verify` passes and counts every acknowledged position, and the ledger reopened for writing \
            holds each acknowledged append at its position and takes another. Usually run by tools/crash-explore.
            """)

    @Option(help: "The crash recorder, built from recorder.c as a shared object.") var recorder: String
    @Option(help: "The workload: the ledger-crash-writer executable.") var writer: String
    @Option(help: "The fangxin executable, to verify each state.") var fangxin: String
    @Option(help: "Stop the workload after this many acknowledged appends.") var appends = 24
    @Option(help: "Write the indexes once this many events are unindexed, so that the trace holds index batches and their recovery.")
    var indexBatch = 16
    @Option(help: "The workload's durability: synced, or deferred (which acknowledges before the disk has it: the explorer must find the loss).")
    var durability = "synced"
    @Option(help: ArgumentHelp("The workload: appends (concurrent appends), sealed (a new person's name sealed, its key kept, then appended, as the service does), sealed-key-last (the key kept after the append: the explorer must find the loss), or import (the demo's complaint scenario lines, as `fangxin import` records them).", valueName: "kind"))
    var workload = "appends"
    @Option(help: "Explore every subset of the unsynced writes while there are at most this many.") var subsetsMax = 6
    @Option(help: "The most tear points tried in one write.") var tearsMax = 8
    @Option(help: "States checked at once.") var jobs = 2
    @Option(help: "A directory for the trace and the states (kept); by default a temporary one, removed when all hold.")
    var work: String?

    func validate() throws {
        guard (1...100_000).contains(appends) else { throw ValidationError("--appends must be 1 to 100000") }
        guard (1...1_000_000).contains(indexBatch) else { throw ValidationError("--index-batch must be 1 to 1000000") }
        guard ["synced", "deferred"].contains(durability) else { throw ValidationError("--durability is synced or deferred") }
        guard Self.workloads.contains(workload) else { throw ValidationError("--workload is one of \(Self.workloads.joined(separator: ", "))") }
        guard (0...12).contains(subsetsMax) else { throw ValidationError("--subsets-max must be 0 to 12") }
        guard (0...512).contains(tearsMax) else { throw ValidationError("--tears-max must be 0 to 512") }
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs must be 1 to 64") }
    }

    func run() throws {
        let manager = FileManager.default
        let workDirectory = work ?? manager.temporaryDirectory.appendingPathComponent("crash-explorer-\(UUID().uuidString)").path
        let recorded = URL(fileURLWithPath: workDirectory).appendingPathComponent("recorded").standardizedFileURL.resolvingSymlinksInPath().path
        try? manager.removeItem(atPath: recorded)
        try manager.createDirectory(atPath: recorded, withIntermediateDirectories: true)
        let directory = URL(fileURLWithPath: recorded).resolvingSymlinksInPath().path
        let tracePath = workDirectory + "/trace"

        try record(into: directory, trace: tracePath)
        let trace = try Trace(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: tracePath))), directory: directory)
        let acknowledged = Self.acknowledgements(trace)
        guard let lastCount = acknowledged.counts.last, lastCount >= appends else {
            throw WorkloadFailed("the workload acknowledged \(acknowledged.counts.last ?? 0) events for \(appends) appends: the recorder saw no acknowledgements on its standard output")
        }

        let model = PersistenceModel(trace: trace, ignored: Self.ignored, subsetsMax: subsetsMax, tearsMax: tearsMax)
        var distinct: [StateKey: (state: CrashState, acknowledged: Int)] = [:]
        var generated = 0, kinds: [String: Int] = [:]
        var builder = StateFiles(trace: trace, ignoring: Self.ignored)
        for point in 0...trace.operations.count {
            for state in model.states(at: point) {
                generated += 1
                let key = StateKey(builder.files(of: state))
                // The same files reached from a later point must hold that point's acknowledgements too.
                if let known = distinct[key], known.acknowledged >= acknowledged.counts[point] { continue }
                if distinct[key] == nil { kinds[state.kind, default: 0] += 1 }
                distinct[key] = (state, acknowledged.counts[point])
            }
        }
        let states = distinct.values.sorted { ($0.state.point, $0.state.kind) < ($1.state.point, $1.state.kind) }
        let summary = Self.describe(trace)
        print("trace: \(summary); \(lastCount) events acknowledged in \(appends)+ appends")
        print("crash states: \(generated) generated at \(trace.operations.count + 1) crash points, \(states.count) distinct (\(kinds.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")))")

        let check = StateCheck(fangxin: fangxin, writer: writer)
        let next = Mutex(0)
        let failures = Mutex<[(CrashState, String)]>([])
        let checked = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: jobs) { job in
            var builder = StateFiles(trace: trace, ignoring: Self.ignored)
            while true {
                let index = next.withLock { value -> Int in defer { value += 1 }; return value }
                guard index < states.count else { return }
                let (state, count) = states[index]
                let files = builder.files(of: state)
                let stateDirectory = workDirectory + "/state-\(job)"
                if let problem = check.problem(files: files, acknowledged: acknowledged.lines.prefix(count), in: stateDirectory) {
                    let kept = workDirectory + "/failure-\(index)"
                    try? FileManager.default.moveItem(atPath: stateDirectory, toPath: kept)
                    failures.withLock { $0.append((state, problem + " (state kept in \(kept))")) }
                }
                let done = checked.withLock { value -> Int in value += 1; return value }
                if done % 100 == 0 { FileHandle.standardError.write(Data("checked \(done) of \(states.count) states…\n".utf8)) }
            }
        }
        let found = failures.withLock { $0 }.sorted { $0.0.point < $1.0.point }
        for (state, problem) in found.prefix(20) {
            print("FAIL at crash point \(state.point) (\(state.kind), after \(Self.describe(trace, operation: state.point - 1))): \(problem)")
        }
        if found.count > 20 { print("… and \(found.count - 20) more") }
        guard found.isEmpty else {
            print("crash exploration: \(found.count) of \(states.count) crash states do not hold; trace and states in \(workDirectory)")
            throw ExitCode.failure
        }
        print("crash exploration: all \(states.count) distinct crash states hold: each opens, verifies and keeps every append acknowledged before its crash point")
        if work == nil { try? manager.removeItem(atPath: workDirectory) }
    }

    static let workloads = ["appends", "sealed", "sealed-key-last", "import"]

    /// LMDB's lock files (their reader tables, rebuilt by the first process to open an environment: the ledger's,
    /// the vault's index) and the writer's lock (the holder's name): none carries state, and all are left out of
    /// every crash state, wherever they lie.
    static let ignored: Set<String> = ["lock.mdb", "writer.lock"]

    private func record(into directory: String, trace: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: writer)
        process.arguments = workload == "appends" ? [directory, durability, String(appends), String(indexBatch)] : [directory, workload, String(appends)]
        var environment = ProcessInfo.processInfo.environment
        environment["LD_PRELOAD"] = URL(fileURLWithPath: recorder).standardizedFileURL.path
        environment["CRASH_RECORDER_DIRECTORY"] = directory
        environment["CRASH_RECORDER_TRACE"] = trace
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw WorkloadFailed("the workload (\(writer)) exited with status \(process.terminationStatus)")
        }
    }

    /// The acknowledgement lines in the order printed, and how many were printed before each crash point.
    static func acknowledgements(_ trace: Trace) -> (lines: [Acknowledgement], counts: [Int]) {
        var lines: [Acknowledgement] = [], counts = [0], pending: [UInt8] = []
        for operation in trace.operations {
            if case .output(let bytes) = operation {
                pending += bytes
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[..<newline], as: UTF8.self)
                    pending.removeSubrange(...newline)
                    let fields = line.split(separator: " ")
                    if fields.count == 4, fields[0] == "ack", let position = UInt64(fields[1]) {
                        lines.append(Acknowledgement(line: line, position: position))
                    }
                }
            }
            counts.append(lines.count)
        }
        return (lines, counts)
    }

    /// Whether a file of the trace is one of `ignored`, by its own name in whichever folder.
    static func isIgnored(_ name: String) -> Bool { ignored.contains(String(name.split(separator: "/").last ?? "")) }

    static func describe(_ trace: Trace) -> String {
        var writes = 0, synchronous = 0, syncs = 0, truncations = 0, bytes = 0
        for operation in trace.operations {
            switch operation {
            case let .write(file, _, written, isSynchronous) where !isIgnored(trace.files[file].name):
                writes += 1; bytes += written.count
                if isSynchronous { synchronous += 1 }
            case let .sync(file) where !isIgnored(trace.files[file].name): syncs += 1
            case let .truncate(file, _) where !isIgnored(trace.files[file].name): truncations += 1
            default: break
            }
        }
        return "\(trace.operations.count) operations: \(writes) writes (\(synchronous) O_DSYNC) of \(bytes) bytes, \(syncs) syncs, \(truncations) truncations"
    }

    static func describe(_ trace: Trace, operation index: Int) -> String {
        guard index >= 0 else { return "nothing" }
        func name(_ file: Int) -> String { trace.files[file].name.isEmpty ? "the directory" : trace.files[file].name }
        switch trace.operations[index] {
        case .open(let file): return "open \(name(file))"
        case let .write(file, offset, bytes, synchronous): return "\(synchronous ? "O_DSYNC " : "")write of \(bytes.count) bytes at \(offset) in \(name(file))"
        case .sync(let file): return "sync of \(name(file))"
        case let .truncate(file, size): return "truncation of \(name(file)) to \(size)"
        case .output(let bytes): return "output of \(bytes.count) bytes"
        case .unlink(let file): return "unlink of \(name(file))"
        }
    }
}

/// Files' names and contents, hashed twice with distinct salts: two states share a key only if equal.
struct StateKey: Hashable {
    let first: Int, second: Int

    init(_ files: [String: [UInt8]]) {
        var first = Hasher(), second = Hasher()
        first.combine(0)
        second.combine(1)
        for (name, bytes) in files.sorted(by: { $0.key < $1.key }) {
            first.combine(name); first.combine(bytes)
            second.combine(name); second.combine(bytes)
        }
        self.first = first.finalize()
        self.second = second.finalize()
    }
}

/// The workload did not run as the exploration needs.
struct WorkloadFailed: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
