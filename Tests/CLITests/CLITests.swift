import Foundation
import Testing
import TestSupport
import Ledger
import Domain

/// Runs the built `fangxin` as an operator would and checks what it prints and how it exits.
@Suite struct CLITests {
    struct Run {
        var status: Int32
        var output: String
        var error: String
    }

    func fangxin(_ arguments: String..., environment: [String: String] = [:]) throws -> Run {
        try fangxin(arguments, environment: environment)
    }

    /// The built `fangxin`, beside the test runner.
    static let fangxinExecutable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("fangxin")

    /// Runs `fangxin` with `arguments`, in `directory` when given (else the test's working directory).
    func fangxin(_ arguments: [String], environment: [String: String] = [:], clearing cleared: [String] = [], in directory: String? = nil) throws -> Run {
        try Self.run(Self.fangxinExecutable, arguments, environment: environment, clearing: cleared, in: directory)
    }

    /// Runs `executable` with `arguments` to its end: its exit status and what it printed.
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:], clearing cleared: [String] = [],
                    in directory: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }.filter { !cleared.contains($0.key) }
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self), error: String(decoding: err, as: UTF8.self))
    }


    /// Where the fixtures are, whatever the working directory.
    static var fixtures: [String: String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return ["FANGXIN_CALENDAR": root.appendingPathComponent("Fixtures/calendar").path,
                "FANGXIN_POLICY": root.appendingPathComponent("Fixtures/policy/default.json").path,
                "FANGXIN_SCENARIOS": root.appendingPathComponent("Fixtures/scenarios").path]
    }

    @Test func demoThenHeadEventsAndVerifyAgree() throws {
        let directory = try TemporaryDirectory()
        let data = directory.path + "/ledger"
        let demo = try fangxin(["demo", "--data", data], environment: Self.fixtures)
        #expect(demo.status == 0, "\(demo.error)")
        #expect(demo.output.contains("0 failed"))
        let head = try fangxin(["head", "--json", "--data", data])
        #expect(head.status == 0)
        let decoded = try JSONSerialization.jsonObject(with: Data(head.output.utf8)) as? [String: Any]
        let position = try #require(decoded?["position"] as? Int)
        let hash = try #require(decoded?["hash"] as? String)
        #expect(position > 500 && hash.count == 64)

        let events = try fangxin(["events", "--json", "--data", data])
        let lines = events.output.split(separator: "\n")
        #expect(lines.count == position)
        let last = try JSONSerialization.jsonObject(with: Data(lines[position - 1].utf8)) as? [String: Any]
        #expect(last?["chainHash"] as? String == hash)

        // The Changzhou restaurant's complaint (seed 000), from its second event on.
        let story = try fangxin(["events", "--stream", "complaint-2022-WJ-0001", "--from", "2", "--json", "--data", data])
        let types = story.output.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["type"] as? String
        }
        #expect(types == ["complaint.assigned", "complaint.accepted", "complaint.compensated", "complaint.mediation-started",
                          "complaint.mediation-ended", "complaint.closed", "complaint.feedback-given", "complaint.satisfaction-rated"])

        // The first event, decoded for people: names as in the import format, personal data still sealed.
        let received = try fangxin(["events", "--stream", "complaint-2022-WJ-0001", "--limit", "1", "--json", "--data", data])
        let receivedData = try #require((try JSONSerialization.jsonObject(with: Data(received.output.utf8)) as? [String: Any])?["data"] as? [String: Any])
        #expect(receivedData["channel"] as? String == "12315-online")
        #expect(receivedData["amountInDisputeFen"] as? Int == 100_000 && receivedData["receivedOn"] as? String == "2025-06-03")
        #expect((receivedData["consumerName"] as? [String: Any])?["sealed"] as? Bool == true)
        #expect(!received.output.contains("武进某餐馆负责人"))

        let verify = try fangxin(["verify", "--data", data])
        #expect(verify.status == 0)
        #expect(verify.output.hasPrefix("ok: \(position) records"))
        // Running it again records nothing new.
        #expect(try fangxin(["demo", "--data", data], environment: Self.fixtures).output.contains(" 0 recorded"))
        #expect(try fangxin(["head", "--json", "--data", data]).output == head.output)
    }

    @Test func theDataDirectoryComesFromTheEnvironmentWhenNotGiven() throws {
        let directory = try TemporaryDirectory()
        let data = directory.path + "/from-env"
        #expect(try fangxin(["demo"], environment: Self.fixtures.merging(["FANGXIN_DATA": data]) { $1 }).status == 0)
        #expect(FileManager.default.fileExists(atPath: data + "/data.mdb"))
        #expect(try fangxin(["head"], environment: ["FANGXIN_DATA": data]).output.hasPrefix("position "))
    }

    @Test func verifyFailsNamingThePositionOfAFlippedByte() async throws {
        let directory = try TemporaryDirectory()
        let original = directory.path + "/original", copy = directory.path + "/copy"
        do {
            let ledger = try Ledger(directory: original)
            for index in 1...9 {
                _ = try await ledger.append(Append(stream: "s-\(index % 3)", actor: Actor(id: "a", role: "r"), events: [
                    NewEvent(type: "t", occurredAt: Timestamp(rawValue: 0), payload: Array("event \(index)".utf8))]))
            }
            let marked = "MARKED-RECORD" + String(repeating: "~", count: 3_000)
            _ = try await ledger.append(Append(stream: "s-x", actor: Actor(id: "a", role: "r"), events: [
                NewEvent(type: "t", occurredAt: Timestamp(rawValue: 0), payload: Array(marked.utf8))]))
            ledger.close()
        }
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: original + "/data.mdb"))
        // LMDB leaves stale copies of pages in its free space: alter every copy, so the live one is among them.
        var searchFrom = bytes.startIndex
        while let marker = bytes[searchFrom...].range(of: Data("MARKED-RECORD".utf8)) {
            bytes[marker.lowerBound + 100] ^= 0x20
            searchFrom = marker.upperBound
        }
        try bytes.write(to: URL(fileURLWithPath: copy + "/data.mdb"))

        #expect(try fangxin("verify", "--data", original).status == 0)
        let run = try fangxin("verify", "--data", copy)
        #expect(run.status == 1)
        #expect(run.error.contains("verify failed: records, position 10: chain hash mismatch"))
        let json = try fangxin("verify", "--json", "--data", copy)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        #expect(decoded?["ok"] as? Bool == false && decoded?["position"] as? Int == 10)
    }

    @Test func aMissingLedgerIsAClearErrorWithExitCodeTwo() throws {
        let directory = try TemporaryDirectory()
        let run = try fangxin("head", "--data", directory.path + "/nothing-here")
        #expect(run.status == 2)
        #expect(run.error.contains("is not a Fangxin ledger: it has no data.mdb"))
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/nothing-here"))
    }

    @Test func badArgumentsExitWithUsage() throws {
        let run = try fangxin("events", "--from", "0")
        #expect(run.status == 64)
        #expect(run.error.contains("--from counts from 1"))
    }

    @Test func everyCommandHasHelpWithExamples() throws {
        for command in ["demo", "import", "close-day", "head", "events", "verify", "calendar due", "bench append", "bench durable", "bench scan", "bench decode", "bench follow"] {
            let run = try fangxin(command.split(separator: " ").map(String.init) + ["--help"])
            #expect(run.status == 0, "\(command)")
            #expect(run.output.contains("Example"), "\(command) --help has no example")
        }
    }

    /// Scripts act on exit codes: the root help lists every one `fangxin` ends with, and a failure ends with the
    /// code the list gives its kind.
    @Test func theRootHelpListsEveryExitCode() throws {
        let run = try fangxin("--help")
        #expect(run.status == 0)
        // The section runs to the first empty line; a meaning the help wraps goes on over the lines below its code.
        let section = run.output.split(separator: "Exit codes:").last?.split(separator: "\n\n").first ?? ""
        var listed: [(Int32, String)] = []
        for line in section.split(separator: "\n") {
            let words = line.split(separator: " ")
            if line.hasPrefix("  "), let first = words.first, let code = Int32(first) {
                listed.append((code, words.dropFirst().joined(separator: " ")))
            } else if !listed.isEmpty {
                listed[listed.count - 1].1 += " " + words.joined(separator: " ")
            }
        }
        #expect(listed.map(\.0) == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 64], "\(run.output)")
        let directory = try TemporaryDirectory()
        try "not a ledger".write(toFile: directory.path + "/data.mdb", atomically: true, encoding: .utf8)
        let unreadable = try fangxin("head", "--data", directory.path)
        #expect(unreadable.status == 2 && listed.first { $0.0 == 2 }?.1.contains("could not be opened or read") == true, "\(unreadable.error)")
        let wrong = try fangxin("head", "--no-such-option")
        #expect(wrong.status == 64 && listed.first { $0.0 == 64 }?.1 == "the command line was wrong")
    }

    @Test func theAppendBenchmarkPrintsComparableJSON() throws {
        let directory = try TemporaryDirectory()
        let run = try fangxin("bench", "append", "--events", "2000", "--batch", "500", "--json", "--scratch", directory.path + "/bench")
        #expect(run.status == 0, "\(run.error)")
        let report = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
        #expect(report?["events"] as? Int == 2000)
        #expect((report?["seconds"] as? Double ?? 0) > 0)
        #expect((report?["eventsPerSecond"] as? Double ?? 0) > 0)
        #expect((report?["baseline"] as? [String: Any])?["events"] as? Int == 2000)
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/bench"))
    }

    /// The read-model benchmarks on an operator's ledger, which they only read: a scan of every record, and the
    /// models following a copy of it piece by piece. Bad values are refused, and nothing left to follow is a rate
    /// of 0, not a division by zero.
    @Test func theBenchmarksOnALedgerReadItAndReportItsSize() throws {
        let directory = try TemporaryDirectory()
        let data = directory.sub("ledger")
        #expect(try fangxin(["demo", "--data", data], environment: Self.fixtures).status == 0)
        let head = try #require(try fangxin("head", "--data", data).output.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }.first)
        func json(_ arguments: String...) throws -> [String: Any] {
            let run = try fangxin(Array(arguments) + ["--json", "--data", data])
            #expect(run.status == 0, "\(arguments) \(run.error)")
            return try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: data + "/data.mdb"))
        let scan = try json("bench", "scan", "--scratch", directory.sub("scan"))
        #expect(scan["events"] as? Int == head && scan["baseline"] == nil)
        let follow = try json("bench", "follow", "--from", "1000", "--piece", "300", "--scratch", directory.sub("follow"))
        #expect(follow["events"] as? Int == head - 1000 && (follow["pieces"] as? Int ?? 0) >= (head - 1000) / 400)
        #expect((follow["catchUpEventsPerSecond"] as? Double ?? 0) > 0)
        let nothing = try json("bench", "follow", "--from", "18446744073709551615", "--scratch", directory.sub("nothing"))
        #expect(nothing["events"] as? Int == 0 && nothing["eventsPerSecond"] as? Double == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: data + "/data.mdb")) == before)
        #expect(try fangxin("bench", "follow", "--piece", "0", "--data", data).status == 64)
        #expect(try fangxin("bench", "follow", "--from", "-1", "--data", data).status == 64)
        #expect(try fangxin("bench", "scan", "--data", directory.sub("nothing-here"), "--scratch", directory.sub("none")).status == 2)
        #expect(!FileManager.default.fileExists(atPath: directory.sub("follow")) && !FileManager.default.fileExists(atPath: directory.sub("none")))
    }

}

@Suite struct CalendarCommandTests {
    let cli = CLITests()
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/calendar").path

    @Test func printsTheDueDate() throws {
        let run = try cli.fangxin(["calendar", "due", "2025-09-26", "--working-days", "7", "--calendar", fixtures])
        #expect(run.status == 0 && run.output == "2025-10-13\n")
        let json = try cli.fangxin(["calendar", "due", "2026-04-15", "--working-days", "45", "--json"], environment: ["FANGXIN_CALENDAR": fixtures])
        #expect(json.output == "{\"due\":\"2026-06-22\",\"from\":\"2026-04-15\",\"workingDays\":45}\n")
    }

    @Test func saysPlainlyWhenAYearIsNotPublished() throws {
        let run = try cli.fangxin(["calendar", "due", "2026-12-28", "--working-days", "5", "--calendar", fixtures])
        #expect(run.status == 3)
        #expect(run.error.contains("the working calendar of 2027 has not been published"))
        #expect(run.error.contains("counting Monday to Friday there, it would fall due on 2027-01-04 (provisional)"))
        #expect(run.output.isEmpty)
    }

    @Test func aBrokenCalendarFileIsNamedWithItsFault() throws {
        let directory = try TemporaryDirectory()
        let file = directory.path + "/bad.json"
        try Data(#"{"years":[{"year":2027,"source":"x","holidays":[{"name":"元旦","from":"2027-1-1","to":"2027-01-01"}],"workdays":[]}]}"#.utf8)
            .write(to: URL(fileURLWithPath: file))
        let run = try cli.fangxin(["calendar", "due", "2027-01-04", "--working-days", "1", "--calendar", file])
        #expect(run.status == 2)
        #expect(run.error.contains("bad.json: years[0].holidays[0].from: \"2027-1-1\" is not a date written YYYY-MM-DD"))
    }
}

@Suite struct ImportCommandTests {
    let cli = CLITests()
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theScenarioImportsOnceAndAgainRecordsNothing() throws {
        let directory = try TemporaryDirectory()
        let scenario = root.appendingPathComponent("Fixtures/scenarios/complaints-2023-2026.jsonl").path
        let lines = try String(contentsOfFile: scenario, encoding: .utf8).split(separator: "\n").count
        #expect(lines >= 300)   // a few hundred commands, as the fixtures promise
        let environment = ["FANGXIN_CALENDAR": root.appendingPathComponent("Fixtures/calendar").path, "FANGXIN_DATA": directory.path + "/ledger"]
        let first = try cli.fangxin(["import", scenario, "--json"], environment: environment)
        #expect(first.status == 0, "\(first.error)")
        #expect(first.output == "{\"alreadyRecorded\":0,\"failed\":0,\"lines\":\(lines),\"recorded\":\(lines)}\n")
        let again = try cli.fangxin(["import", scenario, "--json"], environment: environment)
        #expect(again.output == "{\"alreadyRecorded\":\(lines),\"failed\":0,\"lines\":\(lines),\"recorded\":0}\n")
        #expect(try cli.fangxin(["verify"], environment: environment).status == 0)
        // Consumers' names reached the log sealed, never in clear.
        let merchants = root.appendingPathComponent("Fixtures/scenarios/merchants-reports-credit-2023-2026.jsonl").path
        let merchantLines = try String(contentsOfFile: merchants, encoding: .utf8).split(separator: "\n").count
        let second = try cli.fangxin(["import", merchants, "--json"], environment: environment)
        #expect(second.output == "{\"alreadyRecorded\":0,\"failed\":0,\"lines\":\(merchantLines),\"recorded\":\(merchantLines)}\n", "\(second.error)")
        let log = try Data(contentsOf: URL(fileURLWithPath: directory.path + "/ledger/data.mdb"))
        for secret in ["张三", "13800138000", "李四", "13912345678"] { #expect(log.range(of: Data(secret.utf8)) == nil, "\(secret)") }
    }

    @Test func theDefaultPolicyFixtureIsWhatANewLedgerRecords() throws {
        let directory = try TemporaryDirectory()
        let file = directory.path + "/one.jsonl"
        try Data(#"{"id":"1","actor":{"id":"a","role":"r"},"complaint":"K","receive":{"channel":"visit","consumer":"c","merchantName":"m","category":"goods","subcategory":"s","amountInDisputeFen":1,"receivedRegion":"330522","merchantRegion":"330522","receivedOn":"2025-09-26"}}"#.utf8)
            .write(to: URL(fileURLWithPath: file))
        let environment = ["FANGXIN_CALENDAR": root.appendingPathComponent("Fixtures/calendar").path, "FANGXIN_DATA": directory.path + "/ledger",
                           "FANGXIN_POLICY": root.appendingPathComponent("Fixtures/policy/default.json").path]
        #expect(try cli.fangxin(["import", file], environment: environment).status == 0)
        let ledger = try Ledger(directory: directory.path + "/ledger", options: Ledger.Options(readOnly: true))
        let policy = try ledger.readStream("policy")
        #expect(policy.map(\.type).suffix(2) == ["policy.deadlines-adopted", "policy.tier-policy-adopted"])
        // The fixture and the documented defaults (DeadlinePolicy.standard, TierPolicy.standard) say the same.
        #expect(policy[policy.count - 2].payload == PolicyEvent.deadlinesAdopted(.standard).encoded())
        #expect(policy[policy.count - 1].payload == PolicyEvent.tierPolicyAdopted(.standard).encoded())
    }

    @Test func aLineMustNameOneTargetAndACommandOfItsKind() throws {
        let directory = try TemporaryDirectory()
        let file = directory.path + "/mixed.jsonl"
        let actor = #""actor":{"id":"a","role":"regulator"}"#
        try Data([
            #"{"id":"1",\#(actor),"merchant":"91330522MA2B3C4D57","accept":{"on":"2025-09-30"}}"#,
            #"{"id":"2",\#(actor),"merchant":"91330522MA2B3C4D57","report":"R","rectify":{"on":"2025-09-30","description":"d"}}"#,
            #"{"id":"3",\#(actor),"merchant":"91330522MA2B3C4D58","rectify":{"on":"2025-09-30","description":"d"}}"#,
            #"{"id":"4",\#(actor),"merchant":"91330522MA2B3C4D57","evaluate":{"on":"2025-09-30","score":90,"stars":3}}"#,
        ].joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: file))
        let run = try cli.fangxin(["import", file], environment: [
            "FANGXIN_CALENDAR": root.appendingPathComponent("Fixtures/calendar").path, "FANGXIN_DATA": directory.path + "/ledger"])
        #expect(run.status == 4)
        #expect(run.error.contains("mixed.jsonl:1: accept is a complaint command, but the line names a merchant"))
        #expect(run.error.contains("mixed.jsonl:2: names 2 targets (merchant, report): one line, one target"))
        #expect(run.error.contains("mixed.jsonl:3: merchant: \"91330522MA2B3C4D58\" ends in \"8\", but its check character is \"7\""))
        #expect(run.error.contains("mixed.jsonl:4: there is no such merchant: it must apply first"))
    }

    @Test func badLinesAreNamedAndTheOthersStillImport() throws {
        let directory = try TemporaryDirectory()
        let file = directory.path + "/commands.jsonl"
        let actor = #""actor":{"id":"a","role":"regulator"}"#
        let receive = #""receive":{"channel":"12315-hotline","consumer":"c1","merchantName":"m","category":"goods","subcategory":"s","amountInDisputeFen":100,"receivedRegion":"330522","merchantRegion":"330522","receivedOn":"2025-09-26"}"#
        let lines = [
            #"{"id":"1",\#(actor),"complaint":"K1",\#(receive)}"#,
            #"{"id":"2",\#(actor),"complaint":"K1","accept":{"on":"2025-9-30"}}"#,
            #"{"id":"3",\#(actor),"complaint":"K1","accept":{"on":"2025-09-30"},"close":{"on":"2025-09-30"}}"#,
            #"{"id":"4",\#(actor),"complaint":"K2","accept":{"on":"2025-09-30"}}"#,
            #"{"id":"5",\#(actor),"complaint":"K1","compensate":{"on":"2025-09-30","amountFen":100,"payer":"bank","kind":"refund"}}"#,
            #"not json"#,
            "",
            #"{"id":"6",\#(actor),"complaint":"K1","accept":{"on":"2025-09-30"}}"#,
        ]
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: file))
        let run = try cli.fangxin(["import", file], environment: [
            "FANGXIN_CALENDAR": root.appendingPathComponent("Fixtures/calendar").path, "FANGXIN_DATA": directory.path + "/ledger"])
        #expect(run.status == 4)
        #expect(run.output == "7 lines: 2 recorded, 0 already recorded, 5 failed\n")
        #expect(run.error.contains("commands.jsonl:2: accept.on: \"2025-9-30\" is not a date written YYYY-MM-DD"))
        #expect(run.error.contains("commands.jsonl:3: names 2 commands (accept, close): one line, one command"))
        #expect(run.error.contains("commands.jsonl:4: there is no such complaint: it must be received first"))
        #expect(run.error.contains("commands.jsonl:5: compensate.payer: \"bank\" is not one of merchant, platform, prior-compensation-fund"))
        #expect(run.error.contains("commands.jsonl:6: not valid JSON"))
    }
}

@Suite struct CloseDayCommandTests {
    let cli = CLITests()

    @Test func daysCloseOnceAndInOrder() throws {
        let directory = try TemporaryDirectory()
        let data = ["FANGXIN_DATA": directory.path + "/ledger"]
        #expect(try cli.fangxin(["close-day", "2026-04-14"], environment: data).output == "closed 2026-04-14 at position 1\n")
        #expect(try cli.fangxin(["close-day", "2026-04-14"], environment: data).output == "2026-04-14 was already closed\n")
        let late = try cli.fangxin(["close-day", "2026-04-13"], environment: data)
        #expect(late.status == 1 && late.error.contains("cannot close 2026-04-13: days up to 2026-04-14 are already closed"))
        #expect(try cli.fangxin(["close-day"], environment: data).status == 0)   // yesterday, by the wall clock at the edge
    }
}
