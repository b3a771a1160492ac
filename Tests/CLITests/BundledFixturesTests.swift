import Foundation
import Testing
import TestSupport

/// The binary carries the calendar, the default policy and the demo scenarios of Fixtures/, so that it works
/// from any folder; what it carries is what Fixtures/ holds (`tools/embed-fixtures` writes it).
@Suite struct BundledFixturesTests {
    let cli = CLITests()

    @Test func commandsRunFromAFolderWithNoRepositoryInIt() throws {
        let directory = try TemporaryDirectory()
        // Neither $FANGXIN_CALENDAR, $FANGXIN_POLICY nor $FANGXIN_SCENARIOS: only what is built in.
        let run = { (arguments: [String]) throws -> CLITests.Run in
            try cli.fangxin(arguments, clearing: ["FANGXIN_CALENDAR", "FANGXIN_POLICY", "FANGXIN_SCENARIOS"], in: directory.path)
        }
        let generated = try run(["generate", "--merchants", "20", "--events", "400", "--seed", "3", "--out", "province.jsonl"])
        #expect(generated.status == 0, "\(generated.error)")
        let imported = try run(["import", "province.jsonl", "--data", "ledger", "--json"])
        #expect(imported.status == 0, "\(imported.error)")
        #expect(imported.output.contains(#""failed":0"#), "\(imported.output)")
        let demo = try run(["demo", "--data", "demo-ledger"])
        #expect(demo.status == 0 && demo.output.contains(" 0 failed"), "\(demo.output) \(demo.error)")
        let due = try run(["calendar", "due", "2025-09-30", "--working-days", "7"])
        #expect(due.status == 0 && due.output.contains("2025-10-16"), "\(due.output) \(due.error)")
        // A file named on the command line still wins, and a missing one is named.
        let missing = try run(["import", "province.jsonl", "--data", "other", "--policy", "nowhere.json"])
        #expect(missing.status == 2 && missing.error.contains("no policy file at nowhere.json"))
        // A policy is held to what a recorded policy may say before anything is recorded.
        let policy = try String(contentsOf: fixturesDirectory.appendingPathComponent("policy/default.json"), encoding: .utf8)
            .replacingOccurrences(of: #""complaintWindowDays": 90"#, with: #""complaintWindowDays": -5"#)
        try policy.write(toFile: directory.path + "/bad-policy.json", atomically: true, encoding: .utf8)
        let bad = try run(["import", "province.jsonl", "--data", "third", "--policy", "bad-policy.json"])
        #expect(bad.status == 2 && bad.error.contains("bad-policy.json: tiers.complaintWindowDays: -5 is outside 0...36500"), "\(bad.error)")
    }

    @Test func theBuiltInFilesAreWhatFixturesHolds() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", fixturesDirectory.deletingLastPathComponent().appendingPathComponent("tools/embed-fixtures").path, "--check"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
    }
}
