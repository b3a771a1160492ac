import Foundation
import Testing
import TestSupport

/// Files from outside are read only up to what their kind can be: a larger one is refused unread, naming it, and
/// an import line longer than any command is refused while the lines after it are recorded.
@Suite struct OutsideFileTests {
    let cli = CLITests()
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A file of `count` bytes of `byte`.
    func file(_ path: String, _ count: Int, of byte: UInt8 = UInt8(ascii: "x")) throws -> String {
        try Data(repeating: byte, count: count).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aFileLargerThanItsKindCanBeIsRefusedUnread() throws {
        let directory = try TemporaryDirectory()
        let huge = try file(directory.path + "/huge", 17 << 20)
        let data = ["--data", directory.path + "/ledger"]
        let cases: [(arguments: [String], says: String)] = [
            (["evidence", "verify", huge, "--key", huge], "a verifier key"),
            (["evidence", "verify", huge, "--key", try file(directory.path + "/big-key", 65 << 10)], "a verifier key"),
            (["witness", "add-checkpoint", "--key", huge, "--state", directory.path + "/w", "--log", "x", "--request", huge], "a key file"),
            (["import", huge, "--policy", huge] + data, "a policy file"),
            (["import", huge, "--calendar", huge] + data, "a calendar file"),
            (["serve", "--tokens", huge, "--port", "9"] + data, "larger than"),
        ]
        for (arguments, says) in cases {
            let run = try cli.fangxin(arguments)
            #expect(run.status != 0 && run.error.contains("huge") || run.error.contains("big-key"), "\(arguments.prefix(2)): \(run.error)")
            #expect(run.error.contains(says), "\(arguments.prefix(2)): \(run.error)")
        }
    }

    @Test func anImportLineLongerThanAnyCommandIsRefusedAndTheNextIsRecorded() throws {
        let directory = try TemporaryDirectory()
        let good = #"{"id":"1","actor":{"id":"a","role":"r"},"complaint":"K","receive":{"channel":"visit","consumer":"c","merchantName":"m","category":"goods","subcategory":"s","amountInDisputeFen":1,"receivedRegion":"330522","merchantRegion":"330522","receivedOn":"2025-09-26"}}"#
        var bytes = Data(repeating: UInt8(ascii: "x"), count: 3 << 20)
        bytes.append(Data(("\n" + good + "\n").utf8))
        let path = directory.path + "/lines.jsonl"
        try bytes.write(to: URL(fileURLWithPath: path))
        let environment = ["FANGXIN_CALENDAR": root.appendingPathComponent("Fixtures/calendar").path, "FANGXIN_DATA": directory.path + "/ledger"]
        let run = try cli.fangxin(["import", path, "--json"], environment: environment)
        #expect(run.status == 4, "\(run.error)")
        #expect(run.error.contains("lines.jsonl:1: the line is longer than 1048576 bytes"), "\(run.error)")
        #expect(run.output == "{\"alreadyRecorded\":0,\"failed\":1,\"lines\":2,\"recorded\":1}\n", "\(run.output)")
    }
}
