import Foundation
import Ledger
import Testing
import TestSupport

/// `fangxin import` in batches: whatever the batch size, the same lines decide the same; a line given twice is
/// recorded once; and a process killed at any moment loses nothing it had counted, so that importing the file
/// again completes it.
@Suite struct BatchImportTests {
    let cli = CLITests()

    /// A generated province as an import file, its stats once imported whole, and where they are.
    func province(_ directory: TemporaryDirectory) throws -> (file: String, lines: Int) {
        let file = directory.sub("province.jsonl")
        let generated = try cli.fangxin(["generate", "--merchants", "40", "--events", "3000", "--seed", "5", "--out", file], environment: CLITests.fixtures)
        #expect(generated.status == 0, "\(generated.error)")
        return (file, try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").count)
    }

    func statistics(_ data: String) throws -> String {
        let run = try cli.fangxin("stats", "--by", "month", "--json", "--data", data)
        let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
        return String(decoding: try JSONSerialization.data(withJSONObject: object?["groups"] ?? [], options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func everyBatchSizeDecidesTheSame() throws {
        let directory = try TemporaryDirectory()
        let (file, lines) = try province(directory)
        for batch in ["1", "7", "100000"] {
            let run = try cli.fangxin(["import", file, "--batch", batch, "--json", "--data", directory.sub("ledger-\(batch)")], environment: CLITests.fixtures)
            #expect(run.output == "{\"alreadyRecorded\":0,\"failed\":0,\"lines\":\(lines),\"recorded\":\(lines)}\n", "--batch \(batch): \(run.error.prefix(300))")
        }
        #expect(try statistics(directory.sub("ledger-1")) == statistics(directory.sub("ledger-7")))
        #expect(try statistics(directory.sub("ledger-7")) == statistics(directory.sub("ledger-100000")))
        for batch in ["0", "-1", "100001", "9223372036854775807"] {
            let refused = try cli.fangxin(["import", file, "--batch", batch, "--data", directory.sub("none")])
            #expect(refused.status == 64 && refused.error.contains("--batch"), "--batch \(batch): \(refused.error)")
        }
    }

    /// The same line twice is one command, in one batch or in two (the first still committing when the second is
    /// decided): the second is its retry. A line with the same id and another request, or the same request from
    /// another actor, is refused, naming its line.
    @Test(arguments: ["1", "5000"]) func aLineGivenTwiceIsRecordedOnce(batch: String) throws {
        let directory = try TemporaryDirectory()
        let line = #"{"id": "m-1", "actor": {"id": "amr-330522", "role": "regulator"}, "merchant": "91330522MA2B3C4D57", "apply": {"on": "2025-03-03", "name": "长兴放心超市", "region": "330522", "industry": "零售", "address": "长兴县", "route": "self-declared"}}"#
        let other = line.replacingOccurrences(of: "零售", with: "餐饮")
        let otherActor = line.replacingOccurrences(of: "amr-330522", with: "amr-330523")
        try [line, line, other, otherActor].joined(separator: "\n").write(toFile: directory.sub("twice.jsonl"), atomically: true, encoding: .utf8)
        let run = try cli.fangxin(["import", directory.sub("twice.jsonl"), "--batch", batch, "--json", "--data", directory.sub("ledger")],
                                  environment: CLITests.fixtures)
        #expect(run.output == "{\"alreadyRecorded\":1,\"failed\":2,\"lines\":4,\"recorded\":1}\n", "\(run.error)")
        #expect(run.error.contains("twice.jsonl:3: ") && run.error.contains("twice.jsonl:4: ") && run.error.contains("another request"))
    }

    /// Hostile lines among good ones: a 4 MiB line, one of blanks, a correction of position Int64.max, an extension
    /// of 2^63 days and one dated 9999-12-31 are refused, each naming its line; the good lines around them import.
    @Test func hostileLinesAreRefusedByLineAndTheRestImports() throws {
        let directory = try TemporaryDirectory()
        let apply = #"{"id": "m-1", "actor": {"id": "amr-330522", "role": "regulator"}, "merchant": "91330522MA2B3C4D57", "apply": {"on": "2025-03-03", "name": "长兴放心超市", "region": "330522", "industry": "零售", "address": "长兴县", "route": "self-declared"}}"#
        let huge = #"{"id": "m-2", "actor": {"id": "a", "role": "regulator"}, "merchant": "91330522MA2B3C4D57", "rectify": {"on": "2025-03-04", "description": ""# + String(repeating: "长", count: 1_400_000) + #""}}"#
        let lines = [
            apply, huge, "   \t ",
            #"{"id": "c-1", "actor": {"id": "a", "role": "regulator"}, "complaint": "x", "correct": {"on": "2025-03-05", "corrects": 9223372036854775807, "reason": "r", "void": true}}"#,
            #"{"id": "r-1", "actor": {"id": "a", "role": "regulator"}, "report": "y", "extendCase": {"on": "2025-03-05", "days": 9223372036854775807, "approval": "a"}}"#,
            #"{"id": "r-2", "actor": {"id": "a", "role": "regulator"}, "report": "y", "notifyReporter": {"on": "9999-12-31"}}"#,
            apply.replacingOccurrences(of: "m-1", with: "m-3").replacingOccurrences(of: "apply", with: "pledge")
                .replacingOccurrences(of: #""name": "长兴放心超市", "region": "330522", "industry": "零售", "address": "长兴县", "route": "self-declared""#,
                                      with: #""kind": "reassured-consumption""#),
        ]
        #expect(huge.utf8.count > 4 << 20)
        try lines.joined(separator: "\n").write(toFile: directory.sub("hostile.jsonl"), atomically: true, encoding: .utf8)
        let run = try cli.fangxin(["import", directory.sub("hostile.jsonl"), "--json", "--data", directory.sub("ledger")], environment: CLITests.fixtures)
        #expect(run.output == "{\"alreadyRecorded\":0,\"failed\":4,\"lines\":6,\"recorded\":2}\n", "\(run.error.prefix(2_000))")
        for number in [2, 4, 5, 6] { #expect(run.error.contains("hostile.jsonl:\(number): "), "line \(number)") }
        #expect(try cli.fangxin("verify", "--data", directory.sub("ledger")).status == 0)
    }

    /// Killed with SIGKILL while it imports in small batches, the ledger holds whole batches and verifies; the
    /// same file imported again records the rest, and the figures are those of an import never interrupted.
    @Test func aKilledImportResumesWithoutLossOrRepeat() throws {
        let directory = try TemporaryDirectory()
        let (file, lines) = try province(directory)
        let whole = try cli.fangxin(["import", file, "--data", directory.sub("whole")], environment: CLITests.fixtures)
        #expect(whole.status == 0)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("fangxin")
        process.arguments = ["import", file, "--batch", "2", "--data", directory.sub("killed")]
        process.environment = ProcessInfo.processInfo.environment.merging(CLITests.fixtures) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Kill it once some batches are in: the head moves past the rules and calendar a new ledger records first.
        // Read here, not by another process, so that a loaded machine still catches it in the middle.
        for _ in 0..<2_000 {
            if let ledger = try? Ledger(directory: directory.sub("killed"), options: .init(readOnly: true)) {
                let position = (try? ledger.head().position) ?? 0
                ledger.close()
                if position > 200 { break }
            }
            usleep(5_000)   // blocking: a busy test run may not resume a suspended task in time
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the import finished before it was killed")
        #expect(try cli.fangxin("verify", "--data", directory.sub("killed")).status == 0)

        let again = try cli.fangxin(["import", file, "--json", "--data", directory.sub("killed")], environment: CLITests.fixtures)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(again.output.utf8)) as? [String: Int], "\(again.error)")
        #expect(summary["failed"] == 0 && summary["lines"] == lines && summary["recorded"]! + summary["alreadyRecorded"]! == lines)
        #expect(summary["alreadyRecorded"]! > 0 && summary["recorded"]! > 0)
        #expect(try statistics(directory.sub("killed")) == statistics(directory.sub("whole")))
    }
}
