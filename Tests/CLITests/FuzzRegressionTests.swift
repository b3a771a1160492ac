import Foundation
import Testing
import TestSupport

/// The fuzz harness built plainly (tools/fuzzer): each target's seeds, and every input a fuzzing run ever found
/// crashing (kept in Fixtures/fuzz/TARGET/), go through their target without a trap.
@Suite struct FuzzRegressionTests {
    static let harness = CLITests.fangxinExecutable.deletingLastPathComponent().appendingPathComponent("fangxin-fuzz")
    static let found = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz")

    @Test func everySeedAndEveryInputFoundCrashingRunsThroughItsTarget() throws {
        let directory = try TemporaryDirectory()
        let targets = try CLITests.run(Self.harness, ["targets"]).output.split(separator: "\n").map(String.init)
        #expect(targets.count == 17, "\(targets)")
        let seeds = try CLITests.run(Self.harness, ["seeds", directory.path])
        try #require(seeds.status == 0, "\(seeds.error)")
        for target in targets {
            var inputs = try FileManager.default.contentsOfDirectory(atPath: directory.path + "/" + target).map { directory.path + "/" + target + "/" + $0 }
            #expect(!inputs.isEmpty, "\(target) has no seed")
            let kept = Self.found.appendingPathComponent(target).path
            inputs += ((try? FileManager.default.contentsOfDirectory(atPath: kept)) ?? []).map { kept + "/" + $0 }
            let run = try CLITests.run(Self.harness, ["run", target] + inputs)
            #expect(run.status == 0 && run.output.contains("\(inputs.count) inputs run through \(target)"), "\(target): \(run.error)")
        }
    }
}
