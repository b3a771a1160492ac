import Foundation
import Testing
import TestSupport

/// The crash explorer (tools/crash-explore) in the test suite: every crash state of a small synced workload holds,
/// and a workload that acknowledges before the disk has its appends is caught.
@Suite struct CrashExplorationTests {
    private static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    private static let products = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()

    @Test func everyCrashStateOfDurableAppendsOpensVerifiesAndKeepsWhatWasAcknowledged() async throws {
        let run = try await explore(["--appends", "24"])
        print(run.output)   // the count of states checked, in the CI log
        #expect(run.status == 0, "\(run.output)\n\(run.errors)")
        let checked = try #require(Self.number(in: run.output, after: "crash exploration: all "), "\(run.output)")
        // Each of ~20 group commits gives in-order, reordered and torn states; far fewer would mean states went unexplored.
        #expect(checked >= 200, "\(run.output)")
        #expect(run.output.contains("torn") && run.output.contains("reordered"))
    }

    /// The vault under crashes: a new person's key is kept (written, synced) before the event sealed with it is
    /// appended, as the service and the import do, so no crash state holds an acknowledged event its vault cannot
    /// open; the wrong order is caught. And `fangxin import`'s batches, with their sealed names.
    @Test func everyCrashStateOfSealedRecordsKeepsTheKeysTheirEventsNeed() async throws {
        let sealed = try await explore(["--workload", "sealed", "--appends", "8"])
        print(sealed.output)
        #expect(sealed.status == 0, "\(sealed.output)\n\(sealed.errors)")
        #expect(try #require(Self.number(in: sealed.output, after: "crash exploration: all "), "\(sealed.output)") >= 100, "\(sealed.output)")
        let keyLast = try await explore(["--workload", "sealed-key-last", "--appends", "3", "--tears-max", "2"])
        #expect(keyLast.status == 1 && keyLast.output.contains("that its vault cannot open"), "\(keyLast.output)\n\(keyLast.errors)")
        let imported = try await explore(["--workload", "import", "--appends", "12", "--tears-max", "2"])
        print(imported.output)
        #expect(imported.status == 0, "\(imported.output)\n\(imported.errors)")
        #expect(try #require(Self.number(in: imported.output, after: "crash exploration: all "), "\(imported.output)") >= 50, "\(imported.output)")
    }

    @Test func acknowledgingBeforeTheDiskHasTheAppendIsCaught() async throws {
        // Deferred appends are acknowledged before any sync: a crash that loses unsynced pages loses them. How it
        // shows depends on the order the writes reach the disk, which varies with how the appends fell into
        // commits: fewer records than were acknowledged, or a ledger that no longer opens to append.
        let run = try await explore(["--appends", "4", "--durability", "deferred", "--tears-max", "2"])
        #expect(run.status == 1, "\(run.output)\n\(run.errors)")
        #expect(run.output.contains("was acknowledged") || run.output.contains("reopening to append failed"), "\(run.output)")
        #expect(!run.output.contains("killed by signal"), "a damaged state must be refused with a message, not a trap:\n\(run.output)")
    }

    @Test(arguments: [["--appends", "0"], ["--appends", "9223372036854775807"], ["--tears-max", "-1"], ["--subsets-max", "13"],
                      ["--jobs", "0"], ["--index-batch", "0"], ["--durability", "lazy"], ["--appends", ""], ["--workload", "deletes"]])
    func optionsOutOfBoundsAreRefusedBeforeAnythingRuns(arguments: [String]) async throws {
        let work = try TemporaryDirectory()
        let run = try await Self.run(Self.products.appendingPathComponent("crash-explorer"), [
            "--recorder", "none", "--writer", "none", "--fangxin", "none", "--work", work.path + "/work"] + arguments)
        #expect(run.status == 64, "\(arguments): \(run.errors)")
        #expect(run.errors.contains(arguments[0]) || run.errors.contains(String(arguments[0].dropFirst(2))), "\(run.errors)")
        #expect(!FileManager.default.fileExists(atPath: work.path + "/work"), "nothing is written before the options hold")
    }

    private func explore(_ arguments: [String]) async throws -> (status: Int32, output: String, errors: String) {
        let work = try TemporaryDirectory()
        let recorder = work.path + "/recorder.so"
        let compile = try await Self.run(URL(fileURLWithPath: "/usr/bin/env"), [Self.compiler, "-shared", "-fPIC", "-O2", "-o", recorder,
                                   Self.repository.appendingPathComponent("tools/crash-explorer/recorder.c").path, "-ldl"])
        try #require(compile.status == 0, "cannot build the crash recorder with \(Self.compiler): \(compile.errors)")
        return try await Self.run(Self.products.appendingPathComponent("crash-explorer"), [
            "--recorder", recorder, "--writer", Self.products.appendingPathComponent("ledger-crash-writer").path,
            "--fangxin", Self.products.appendingPathComponent("fangxin").path, "--work", work.path + "/work",
        ] + arguments)
    }

    /// A C compiler: Debian's cc when there, else the Swift toolchain's clang.
    private static var compiler: String {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/cc") ? "cc" : "clang"
    }

    private static func number(in text: String, after prefix: String) -> Int? {
        guard let range = text.range(of: prefix) else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    private static func run(_ executable: URL, _ arguments: [String]) async throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let errorsRead = Task.detached { errors.fileHandleForReading.readDataToEndOfFile() }
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errorBytes = await errorsRead.value
        return (process.terminationStatus, String(decoding: printed, as: UTF8.self), String(decoding: errorBytes, as: UTF8.self))
    }
}
