import Foundation
import Testing
import TestSupport

/// The PostgreSQL in FANGXIN_POSTGRES_URL, which tools/with-postgres starts (`.ci/run` runs the tests under it).
let postgresURL = ProcessInfo.processInfo.environment["FANGXIN_POSTGRES_URL"]

/// `fangxin sink postgres` against a real PostgreSQL: every record lands once, in order, with its checkpoint in
/// the same transaction, so that a sink killed at any moment resumes without a gap or a row twice; a database
/// holding another ledger's history under the same origin is refused.
@Suite(.enabled(if: postgresURL != nil, "FANGXIN_POSTGRES_URL is not set: run the tests under tools/with-postgres"))
struct SinkPostgresTests {
    let cli = CLITests()
    let directory: TemporaryDirectory
    /// A database of this test's own on the server.
    let database: String

    init() throws {
        directory = try TemporaryDirectory()
        let name = "fangxin_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        _ = try Self.psql(postgresURL!, "CREATE DATABASE \(name)")
        database = postgresURL!.replacingOccurrences(of: #"/[^/]*$"#, with: "/" + name, options: .regularExpression)
    }

    /// What `sql` prints, unaligned, one row a line.
    static func psql(_ url: String, _ sql: String) throws -> String {
        let candidates = ["/usr/bin/psql"] + ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).map { "/usr/lib/postgresql/\($0)/bin/psql" }
        let psql = URL(fileURLWithPath: candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? "psql")
        let run = try CLITests.run(psql, [url, "-v", "ON_ERROR_STOP=1", "-Atqc", sql])
        guard run.status == 0 else { throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: run.error]) }
        return run.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func sql(_ query: String) throws -> String { try Self.psql(database, query) }

    /// A ledger with the complaints scenario imported.
    func ledger(_ name: String, scenario: String = "complaints-2023-2026.jsonl") throws -> String {
        let data = directory.sub(name)
        let file = CLITests.fixtures["FANGXIN_SCENARIOS"]! + "/" + scenario
        let run = try cli.fangxin(["import", file, "--data", data], environment: CLITests.fixtures)
        #expect(run.status == 0, "\(run.error)")
        return data
    }

    func head(_ data: String) throws -> (position: String, hash: String) {
        let run = try cli.fangxin("head", "--json", "--data", data)
        let head = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as! [String: Any]
        return ("\(head["position"]!)", head["hash"] as! String)
    }

    /// A generated province of 60 merchants, imported.
    func province() throws -> String {
        let data = directory.sub("province")
        let file = directory.sub("province.jsonl")
        #expect(try cli.fangxin(["generate", "--merchants", "60", "--events", "4000", "--seed", "3", "--out", file], environment: CLITests.fixtures).status == 0)
        #expect(try cli.fangxin(["import", file, "--data", data], environment: CLITests.fixtures).status == 0)
        return data
    }

    /// A sink of origin `zj` started in the background with `arguments`.
    func started(_ arguments: [String], standardError: Any = FileHandle.nullDevice) throws -> Process {
        let process = Process()
        process.executableURL = CLITests.fangxinExecutable
        process.arguments = ["sink", "postgres", "--url", database, "--origin", "zj"] + arguments
        process.standardError = standardError
        try process.run()
        return process
    }

    func sink(_ data: String, origin: String = "zj", _ extra: [String] = ["--once"]) throws -> CLITests.Run {
        try cli.fangxin(["sink", "postgres", "--url", database, "--origin", origin, "--data", data, "--json"] + extra)
    }

    /// Every record once, in order, keyed by origin and position, its chain hash as the log has it; the
    /// checkpoint at the head. A second run writes nothing; records appended later follow, without a gap.
    @Test func everyRecordLandsOnceAndLaterOnesFollow() throws {
        let data = try ledger("ledger")
        let first = try sink(data)
        #expect(first.status == 0, "\(first.error)")
        let head = try head(data)
        #expect(first.output == "{\"origin\":\"zj\",\"position\":\(head.position),\"rowsWritten\":\(head.position)}\n")
        #expect(try sql("SELECT count(*), min(position), max(position), count(DISTINCT position) FROM events WHERE origin = 'zj'")
                == "\(head.position)|1|\(head.position)|\(head.position)")
        #expect(try sql("SELECT position, chain_hash FROM fangxin_sink WHERE origin = 'zj'") == "\(head.position)|\(head.hash)")
        #expect(try sql("SELECT chain_hash FROM events WHERE origin = 'zj' AND position = \(head.position)") == head.hash)
        // Each record as the CLI lists it: its stream, version and type, in the log's order.
        let listed = try cli.fangxin("events", "--json", "--data", data).output.split(separator: "\n").map { line in
            let event = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return "\(event["position"]!)|\(event["stream"]!)|\(event["streamVersion"]!)|\(event["type"]!)"
        }
        #expect(try sql("SELECT position || '|' || stream || '|' || stream_version || '|' || type FROM events ORDER BY position")
                    .split(separator: "\n").map(String.init) == listed)
        // Decoded data, personal data sealed: a receipt's amount is there, a consumer's name is not.
        #expect(try sql("SELECT count(*) FROM events WHERE type = 'complaint.received' AND data ? 'amountInDisputeFen'") != "0")
        #expect(try sql("SELECT count(*) FROM events WHERE data::text LIKE '%13800%'") == "0")

        let again = try sink(data)
        #expect(again.output == "{\"origin\":\"zj\",\"position\":\(head.position),\"rowsWritten\":0}\n", "\(again.error)")
        let more = try cli.fangxin(["import", CLITests.fixtures["FANGXIN_SCENARIOS"]! + "/merchants-reports-credit-2023-2026.jsonl", "--data", data],
                                   environment: CLITests.fixtures)
        #expect(more.status == 0, "\(more.error)")
        let later = try self.head(data)
        #expect(try sink(data).status == 0)
        #expect(try sql("SELECT count(*), max(position), count(DISTINCT position) FROM events") == "\(later.position)|\(later.position)|\(later.position)")
    }

    /// Each model's rows in SQL, in key order, are its export's lines, at the ledger's head.
    func expectModelsAreExported(_ data: String, _ when: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for model in ["tiers", "stats", "credit", "trail", "supervision"] {
            let export = try cli.fangxin("export", model, "--data", data)
            #expect(export.status == 0, "\(export.error)", sourceLocation: sourceLocation)
            let expected = try export.output.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! NSDictionary }
            let rows = try sql("SELECT row FROM model_rows WHERE origin = 'zj' AND model = '\(model)' ORDER BY key")
            let got = try rows.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! NSDictionary }
            #expect(got == expected, "\(model) \(when): \(got.count) rows in SQL, \(expected.count) exported", sourceLocation: sourceLocation)
        }
    }

    /// Events first, at COPY's speed, without the models; then a run with them writes them afresh at the
    /// checkpoint. A run without them again removes them, so that none is left behind the checkpoint unseen.
    @Test func eventsFirstThenTheModels() throws {
        let data = try ledger("ledger")
        #expect(try sink(data, ["--once", "--no-models"]).status == 0)
        #expect(try sql("SELECT (SELECT count(*) FROM model_rows) || '|' || (SELECT count(*) FROM fangxin_models) || '|' || (SELECT count(*) FROM events)")
                == "0|0|\(try head(data).position)")
        // Written afresh in one transaction, folded 50 events a stretch: each stretch's changes sorted aside, and
        // merged (past the 64 runs one merge reads) into each row once.
        #expect(try sink(data, ["--once", "--batch", "50"]).status == 0)
        try expectModelsAreExported(data, "once written afresh")
        #expect(try sink(data, ["--once", "--no-models"]).status == 0)
        #expect(try sql("SELECT (SELECT count(*) FROM model_rows) || '|' || (SELECT count(*) FROM fangxin_models)") == "0|0")
    }

    /// The read models in SQL are the CLI's, row for row: each model's rows in key order are its export's lines;
    /// and the statistics, libraries and credit a BI user would ask of the views are what `--json` answers at
    /// the same position. After more is appended, the rows it changed follow.
    @Test func theReadModelsInSQLAreTheCLIs() throws {
        let data = try ledger("ledger")
        for step in 0..<3 {
            if step == 2 {
                // Rows written by another version of a model (here, as if): the next run writes that model afresh,
                // in one transaction, whatever its rows held.
                _ = try sql("UPDATE fangxin_models SET version = version + 100 WHERE origin = 'zj' AND model IN ('tiers', 'credit')")
                _ = try sql("DELETE FROM model_rows WHERE origin = 'zj' AND model = 'tiers' AND \"table\" = 'standing'")
                _ = try sql("INSERT INTO model_rows VALUES ('zj', 'credit', 'line', '\\x00ff', '{}', 1)")
                // The ledger's read models move past the sink's checkpoint: it continues from their history.
                #expect(try cli.fangxin("close-day", "2026-11-01", "--data", data).status == 0)
                #expect(try cli.fangxin("export", "stats", "--data", data).status == 0)
            }
            if step == 1 {
                let more = try cli.fangxin(["import", CLITests.fixtures["FANGXIN_SCENARIOS"]! + "/merchants-reports-credit-2023-2026.jsonl", "--data", data],
                                           environment: CLITests.fixtures)
                #expect(more.status == 0, "\(more.error)")
            }
            let run = try sink(data)
            #expect(run.status == 0, "\(run.error)")
            // Once `fangxin export` has built the ledger's read models, a sink continues from them at its checkpoint
            // instead of folding from the first event; a model of another version is written afresh.
            if step == 1 { #expect(run.error.contains("models tiers, stats, credit, trail, supervision continue from the read models at position"), "\(run.error)") }
            if step == 2 {
                #expect(run.error.contains("models stats, trail, supervision continue from the read models at position"), "\(run.error)")
                #expect(run.error.contains("models tiers, credit are written afresh"), "\(run.error)")
            }
            try expectModelsAreExported(data, "after step \(step)")
            let stats = try JSONSerialization.jsonObject(with: Data(try cli.fangxin("stats", "--json", "--data", data).output.utf8)) as! [String: Any]
            let all = (stats["groups"] as! [[String: Any]])[0]
            #expect(try sql("SELECT sum(received) || '|' || sum(accepted) || '|' || sum(closed) || '|' || sum(recovered_fen) FROM statistics_totals WHERE origin = 'zj'")
                    == "\(all["received"]!)|\(all["accepted"]!)|\(all["closed"]!)|\(all["recoveredFen"]!)")
            let tiers = try JSONSerialization.jsonObject(with: Data(try cli.fangxin("tiers", "--json", "--data", data).output.utf8)) as! [String: Any]
            let counts = (tiers["counts"] as! [String: Int]).filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            #expect(try sql("SELECT tier || '=' || count(*) FROM merchants WHERE origin = 'zj' AND tier IS NOT NULL GROUP BY tier ORDER BY tier")
                        .split(separator: "\n").map(String.init) == counts)
            let credit = try JSONSerialization.jsonObject(with: Data(try cli.fangxin("credit", "--json", "--data", data).output.utf8)) as! [String: Any]
            let banks = credit["byBank"] as! [[String: Any]]
            let active = (banks.map { $0["activeLines"] as! Int }.reduce(0, +), banks.map { $0["activeFen"] as! Int }.reduce(0, +))
            #expect(try sql("SELECT count(*) || '|' || coalesce(sum(amount_fen), 0) FROM credit_lines WHERE origin = 'zj' AND status = 'active'")
                    == "\(active.0)|\(active.1)")
            #expect(try sql("SELECT count(*) FROM credit_alerts WHERE origin = 'zj'") == "\((credit["alerts"] as! [Any]).count)")
        }
        // Each model's version is this build's again, not the one pretended above.
        #expect(try sql("SELECT count(*) || '|' || max(version) FROM fangxin_models WHERE origin = 'zj'") == "5|\(try sql("SELECT max(version) FROM fangxin_models WHERE origin = 'zj' AND version < 100"))")
    }

    /// Every query docs/SQL.md gives runs on what the sink wrote, and the ones about the fixtures find rows.
    @Test func theDocumentsQueriesRun() throws {
        let data = try ledger("ledger")
        #expect(try sink(data).status == 0)
        let document = try String(contentsOf: fixturesDirectory.deletingLastPathComponent().appendingPathComponent("docs/SQL.md"), encoding: .utf8)
        let blocks = document.components(separatedBy: "```sql\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        let statements = blocks.flatMap { $0.components(separatedBy: ";\n") }
            .map { $0.split(separator: "\n").filter { !$0.hasPrefix("--") }.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty && !$0.hasPrefix("SELECT create_distributed_table") }
        #expect(statements.count >= 5)
        for statement in statements {
            let answer = try sql(statement)
            if statement.contains("complaint.compensated") || statement.contains("complaint.received") || statement.contains("stream =") {
                #expect(!answer.isEmpty, "\(statement)")
            }
        }
    }

    /// Following, the sink finds what another process appends after it caught up, within its interval.
    @Test func aFollowingSinkTakesWhatIsAppendedLater() throws {
        let data = try ledger("ledger")
        let process = try started(["--data", data, "--interval", "0.1"])
        defer { process.terminate(); process.waitUntilExit() }
        func checkpoint(reaches position: String) -> Bool {
            for _ in 0..<600 {
                if (try? sql("SELECT position FROM fangxin_sink WHERE origin = 'zj'")) == position { return true }
                Thread.sleep(forTimeInterval: 0.05)
            }
            return false
        }
        #expect(checkpoint(reaches: try head(data).position))
        let more = try cli.fangxin(["import", CLITests.fixtures["FANGXIN_SCENARIOS"]! + "/merchants-reports-credit-2023-2026.jsonl", "--data", data],
                                   environment: CLITests.fixtures)
        #expect(more.status == 0, "\(more.error)")
        let later = try head(data).position
        #expect(checkpoint(reaches: later))
        #expect(try sql("SELECT count(*), max(position) FROM events") == "\(later)|\(later)")
    }

    /// Killed while following, batch by batch: the rows and the checkpoint agree at every commit, and a second
    /// run completes the log without a gap or a row twice.
    @Test func aSinkKilledMidwayResumesWithoutAGapOrARowTwice() throws {
        let data = try province()
        let head = try head(data)
        let process = try started(["--data", data, "--batch", "7"])
        // Until some batches are in, then without warning.
        for _ in 0..<200 {
            if let rows = Int((try? sql("SELECT position FROM fangxin_sink WHERE origin = 'zj'")) ?? ""), rows >= 200 { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let checkpoint = try sql("SELECT position FROM fangxin_sink WHERE origin = 'zj'")
        #expect(Int(checkpoint) ?? 0 >= 200)
        #expect(try sql("SELECT count(*), coalesce(max(position), 0) FROM events") == "\(checkpoint)|\(checkpoint)")
        let resumed = try sink(data)
        #expect(resumed.status == 0, "\(resumed.error)")
        #expect(try sql("SELECT count(*), max(position), count(DISTINCT position) FROM events") == "\(head.position)|\(head.position)|\(head.position)")
    }

    /// Two sinks of one origin at once: whichever finds the checkpoint moved under it stops, saying so, and
    /// writes nothing more; the rows and the checkpoint always agree, and a last run completes the log.
    @Test func twoSinksOfOneOriginNeverWriteARowTwice() throws {
        let data = try province()
        let runs = try [0, 1].map { _ in
            let error = Pipe()
            return (try started(["--data", data, "--batch", "5", "--once"], standardError: error), error)
        }
        var stopped = 0
        for (process, error) in runs {
            let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            if process.terminationStatus != 0 {
                stopped += 1
                #expect(process.terminationStatus == 5 && message.contains("another sink of the same origin"), "\(message.suffix(400))")
            }
        }
        #expect(stopped <= 1)
        let checkpoint = try sql("SELECT position FROM fangxin_sink WHERE origin = 'zj'")
        #expect(try sql("SELECT count(*), max(position) FROM events") == "\(checkpoint)|\(checkpoint)")
        #expect(try sink(data).status == 0)
        let head = try head(data).position
        #expect(try sql("SELECT count(*), max(position), count(DISTINCT position) FROM events") == "\(head)|\(head)|\(head)")
    }

    /// Several ledgers in one database, each under its origin; another ledger under an origin already taken is
    /// refused, naming the checkpoint, and writes nothing.
    @Test func originsKeepLedgersApartAndAForeignHistoryIsRefused() throws {
        let zhejiang = try ledger("zhejiang")
        let other = try ledger("other", scenario: "merchants-reports-credit-2023-2026.jsonl")
        #expect(try sink(zhejiang, origin: "zj").status == 0)
        // An origin with quotes, a backslash and CJK is a value like any other.
        let awkward = #"js'"\ 江苏"#
        #expect(try sink(other, origin: awkward).status == 0)
        let counts = try sql("SELECT origin || '=' || count(*) FROM events GROUP BY origin ORDER BY origin")
        #expect(counts == "\(awkward)=\(try head(other).position)\nzj=\(try head(zhejiang).position)")
        #expect(try sql("SELECT origin FROM fangxin_sink ORDER BY origin") == "\(awkward)\nzj")
        // A shorter ledger has no record at the checkpoint; a longer one has another record there.
        let longer = try ledger("longer", scenario: "merchants-reports-credit-2023-2026.jsonl")
        let more = try cli.fangxin(["import", CLITests.fixtures["FANGXIN_SCENARIOS"]! + "/complaints-2023-2026.jsonl", "--data", longer],
                                   environment: CLITests.fixtures)
        let (shortHead, longHead, zhejiangHead) = (Int(try head(other).position)!, Int(try head(longer).position)!, Int(try head(zhejiang).position)!)
        #expect(more.status == 0 && shortHead < zhejiangHead && longHead > zhejiangHead)
        for (foreign, reason) in [(other, "holds no record at that position"), (longer, "its chain hash there is")] {
            let refused = try sink(foreign, origin: "zj")
            #expect(refused.status == 5)
            #expect(refused.error.contains("another ledger's history") && refused.error.contains("\"zj\"") && refused.error.contains(reason), "\(refused.error)")
            #expect(try sql("SELECT origin || '=' || count(*) FROM events GROUP BY origin ORDER BY origin") == counts)
        }
    }

}

/// What an operator may mistype is refused before anything is opened, naming the option, and a password in a
/// URL is never printed. No server is needed.
@Suite struct SinkOptionsTests {
    let cli = CLITests()

    /// What an operator may mistype is refused before anything is opened, naming the option.
    @Test(arguments: [
        (["--url", "mysql://u@h/db"], "the scheme is mysql"), (["--url", "postgres://h/db"], "names no user"),
        (["--url", "postgres://u@h"], "names no database"), (["--url", "postgres://u:secret@h:70000/db"], "postgres://u:***@h:70000/db"), (["--url", "postgres://u:secret@/db"], "no host"),
        (["--url", "postgres://u@h/db?sslmode=verify-full"], "sslmode=verify-full"), (["--url", "postgres://u@h/db?x=1"], "parameter x"),
        (["--origin", ""], "1 to 100 characters"), (["--origin", String(repeating: "o", count: 101)], "1 to 100 characters"),
        (["--origin", "a\u{1}b"], "control character"), (["--batch", "0"], "--batch 0"), (["--batch", "1000001"], "--batch 1000001"), (["--batch", "9223372036854775807"], "--batch"),
        (["--interval", "0"], "--interval"), (["--interval", "nan"], "--interval"),
    ])
    func badOptionsAreRefusedByName(options: [String], message: String) throws {
        let directory = try TemporaryDirectory()
        var arguments = ["sink", "postgres", "--url", "postgres://u@127.0.0.1:1/db", "--origin", "zj", "--data", directory.sub("none"), "--once"]
        for pair in stride(from: 0, to: options.count, by: 2) {
            if let index = arguments.firstIndex(of: options[pair]) { arguments[index + 1] = options[pair + 1] } else { arguments += [options[pair], options[pair + 1]] }
        }
        let run = try cli.fangxin(arguments)
        #expect(run.status == 64, "\(options): \(run.error)")
        #expect(run.error.contains(message), "\(options): \(run.error)")
        #expect(!run.error.contains("secret"))
    }
}
