import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Crypto
import Testing
import TestSupport

/// `fangxin replicate` and `fangxin serve --replica` against a real primary `fangxin serve`, as separate processes.
@Suite(.serialized) struct ReplicaCommandTests {
    let cli = CLITests()
    typealias Server = ServeCommandTests.Server

    func get(_ url: String, token: String? = nil) async throws -> (Int, String) {
        try await ServeCommandTests().get(url, token: token)
    }

    func post(_ url: String, token: String, key: String, body: String) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue(key, forHTTPHeaderField: "Idempotency-Key")
        request.httpBody = Data(body.utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, String(decoding: data, as: UTF8.self))
    }

    /// Waits until `check` holds, for at most 15 s.
    func eventually(_ check: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<300 {
            if (try? await check()) == true { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// A value of the Prometheus exposition, by metric name.
    static func metric(_ name: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ")[1]) }
    }

    @Test func aReplicaCopiesAPrimaryFollowsItAndServesItsReads() async throws {
        let directory = try TemporaryDirectory()
        let (primaryPort, replicaPort) = (ServeCommandTests.freePort(), ServeCommandTests.freePort() + 1)
        let primaryURL = "http://127.0.0.1:\(primaryPort)"
        let primary = try Server(["serve", "--demo", "--port", String(primaryPort), "--data", directory.path + "/primary"])
        defer { _ = primary.terminate() }
        let auditor = try #require(primary.line(startingWith: "auditor")?.split(separator: " ").last.map(String.init))
        let regulator = try #require(primary.line(startingWith: "regulator")?.split(separator: " ").last.map(String.init))
        let key = try #require(primary.line(startingWith: "checkpoints signed by")?.split(separator: " ").last.map(String.init))
        #expect(try await eventually { try await get(primaryURL + "/checkpoint").0 == 200 })
        let replicaData = directory.path + "/replica"

        // Refused before anything is written: no token, a URL of another scheme, another log's key.
        let noToken = try cli.fangxin(["replicate", "--from", primaryURL, "--key", key, "--data", replicaData, "--once"], clearing: ["FANGXIN_TOKEN"])
        #expect(noToken.status == 64 && noToken.error.contains("--token"), "\(noToken.error)")
        let ftp = try cli.fangxin("replicate", "--from", "ftp://127.0.0.1", "--token", auditor, "--key", key, "--data", replicaData)
        #expect(ftp.status == 64 && ftp.error.contains("--from ftp://127.0.0.1"), "\(ftp.error)")
        let otherKey = try cli.fangxin("keys", "generate", "--name", "fangxin.example/demo", "--out", directory.path + "/other.key")
        let stranger = otherKey.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let unsigned = try cli.fangxin("replicate", "--from", primaryURL, "--token", auditor, "--key", stranger, "--data", replicaData, "--once")
        #expect(unsigned.status == 6 && unsigned.error.contains("the checkpoint"), "\(unsigned.error)")
        let merchantToken = try #require(primary.line(startingWith: "merchant")?.split(separator: " ").last.map(String.init))
        let denied = try cli.fangxin("replicate", "--from", primaryURL, "--token", merchantToken, "--key", key, "--data", replicaData, "--once")
        #expect(denied.status == 6 && denied.error.contains("refused the token"), "\(denied.error)")
        let nothing = try cli.fangxin("head", "--data", replicaData)
        #expect(nothing.output.contains("position 0"), "\(nothing.output)")

        // Caught up once: the copy is the primary's log, byte for byte.
        let once = try cli.fangxin(["replicate", "--from", primaryURL, "--key", key, "--data", replicaData, "--once", "--json"],
                                   environment: ["FANGXIN_TOKEN": auditor])
        #expect(once.status == 0, "\(once.error)")
        let primaryHead = try cli.fangxin("head", "--data", directory.path + "/primary").output
        #expect(try cli.fangxin("head", "--data", replicaData).output == primaryHead)
        #expect(once.output.contains("\"copied\":") && once.output.contains("\"primarySize\":"), "\(once.output)")
        #expect(try cli.fangxin("verify", "--data", replicaData).status == 0)
        // Nothing but replication writes a replica.
        let written = try cli.fangxin("close-day", "2026-01-05", "--data", replicaData)
        #expect(written.status == 2 && written.error.contains("is a read replica"), "\(written.error)")

        // Following, served read-only beside it.
        let tokens = directory.path + "/tokens.json"
        let digest = { (token: String) in SHA256.hash(data: Array(token.utf8)).map { String(format: "%02x", $0) }.joined() }
        try Data(#"{"tokens":[{"sha256":"\#(digest("auditor-token"))","actor":"a1","role":"auditor"},{"sha256":"\#(digest("regulator-token"))","actor":"r1","role":"regulator","region":"330000"}]}"#.utf8)
            .write(to: URL(fileURLWithPath: tokens))
        let follower = try Server(["replicate", "--from", primaryURL, "--key", key, "--data", replicaData, "--interval", "0.2", "--token", auditor])
        defer { _ = follower.terminate() }
        let replica = try Server(["serve", "--replica", "--data", replicaData, "--port", String(replicaPort), "--tokens", tokens])
        defer { _ = replica.terminate() }
        let replicaURL = "http://127.0.0.1:\(replicaPort)"
        #expect(replica.line(startingWith: "a read replica of")?.contains(primaryURL) == true)
        #expect(try await eventually { try await get(replicaURL + "/ready").0 == 200 })
        let tiersThere = try await get(primaryURL + "/v1/tiers", token: auditor)
        let tiersHere = try await get(replicaURL + "/v1/tiers", token: "auditor-token")
        #expect(tiersHere.0 == 200 && tiersHere.1 == tiersThere.1, "\(tiersHere) \(tiersThere)")

        // A command sent to the replica is refused, naming where to send it.
        let body = #"{"on": "2026-06-01", "method": "undercover", "passed": true}"#
        let path = "/v1/merchants/91330421MA28JJY015/inspect"
        let misdirected = try await post(replicaURL + path, token: "regulator-token", key: "replica-test-1", body: body)
        #expect(misdirected.0 == 421 && misdirected.1.contains("send this request to \(primaryURL)\(path)"), "\(misdirected)")
        // Sent to the primary, it reaches the replica's read models.
        let recorded = try await post(primaryURL + path, token: regulator, key: "replica-test-1", body: body)
        #expect(recorded.0 == 201, "\(recorded)")
        let answer = try JSONSerialization.jsonObject(with: Data(recorded.1.utf8)) as? [String: Any]
        let position = try #require((answer?["positions"] as? [String: Any])?["last"] as? Int)
        #expect(try await eventually {
            let metrics = try await get(replicaURL + "/metrics").1
            return Self.metric("fangxin_projection_position", in: metrics) == Double(position)
                && Self.metric("fangxin_replica_lag_records", in: metrics) == 0
                && Self.metric("fangxin_replica_primary_size", in: metrics) == Double(position)
        })
        // The writer's lock names the process and its command, never the token it was given.
        let lock = try String(contentsOfFile: replicaData + "/writer.lock", encoding: .utf8)
        #expect(lock.hasPrefix("pid ") && lock.hasSuffix(": fangxin replicate\n") && !lock.contains(auditor), "\(lock)")
        // The replica mirrors the primary's checkpoint of what it holds, with the tiles under it.
        let mirrored = try await get(replicaURL + "/checkpoint")
        #expect(mirrored.0 == 200 && mirrored.1.hasPrefix("fangxin.example/demo\n\(position)\n") && mirrored.1.contains("\n— fangxin.example/demo "), "\(mirrored)")
        let sign = try await post(replicaURL + "/v1/checkpoint", token: "auditor-token", key: "unused", body: "")
        #expect(sign.0 == 421 && sign.1.contains("send this request to \(primaryURL)/v1/checkpoint"), "\(sign)")
        let tile = try await get(replicaURL + "/tile/0/000", token: "auditor-token")
        #expect(tile == (try await get(primaryURL + "/tile/0/000", token: auditor)))
        let merchantThere = try await get(primaryURL + "/v1/merchants/91330421MA28JJY015?asOf=\(position)", token: auditor)
        let merchantHere = try await get(replicaURL + "/v1/merchants/91330421MA28JJY015?asOf=\(position)", token: "auditor-token")
        #expect(merchantHere.0 == 200 && merchantHere.1 == merchantThere.1 && merchantHere.1.contains("\(position)"), "\(merchantHere)")
        let (status, error) = replica.terminate()
        #expect(status == 0, "\(error)")
        _ = follower.terminate()

        // Another history signed with the primary's key: replication stops with exit code 7, keeping the evidence.
        let forgerPort = ServeCommandTests.freePort() + 2
        let forger = try Server(["serve", "--port", String(forgerPort), "--data", directory.path + "/forger",
                                 "--signing-key", directory.path + "/primary/demo-log.key", "--tokens", tokens])
        defer { _ = forger.terminate() }
        #expect(try await eventually { try await get("http://127.0.0.1:\(forgerPort)/checkpoint").0 == 200 })
        let forked = try cli.fangxin("replicate", "--from", "http://127.0.0.1:\(forgerPort)", "--token", "auditor-token", "--key", key, "--data", replicaData, "--once")
        #expect(forked.status == 7 && forked.error.contains("replication stopped, the evidence is in \(replicaData)/replica/evidence/"), "\(forked.error)")
        let evidence = try FileManager.default.contentsOfDirectory(atPath: replicaData + "/replica/evidence")
        #expect(evidence.count == 1)
        let files = try FileManager.default.contentsOfDirectory(atPath: replicaData + "/replica/evidence/" + evidence[0]).sorted()
        #expect(files == ["REASON.txt", "held-checkpoint.txt", "proof.txt", "received-checkpoint.txt"])
        #expect(try cli.fangxin("head", "--data", replicaData).output.contains("position \(position)"))
    }

    @Test func replicateRefusesBadOptionsNamingThem() throws {
        let directory = try TemporaryDirectory()
        let key = "fangxin.example/zhejiang+cd6a14e3+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4"
        let base = ["replicate", "--key", key, "--data", directory.path + "/r", "--token", "t"]
        for (arguments, named) in [
            (["--from", "http://127.0.0.1:9", "--interval", "0"], "--interval 0.0"),
            (["--from", "http://127.0.0.1:9", "--interval", "nan"], "--interval nan"),
            (["--from", "http://127.0.0.1:9", "--batch", "0"], "--batch 0"),
            (["--from", "http://127.0.0.1:9", "--batch", "9223372036854775807"], "--batch 9223372036854775807"),
            (["--from", "http://127.0.0.1:9/?a=1"], "without a query"),
            (["--from", "http://" + String(repeating: "x", count: 3_000)], "--from http://xxx"),
            (["--from", "127.0.0.1:9"], "--from 127.0.0.1:9"),
            (["--from", "http://127.0.0.1:9", "--token", "a\u{7}b"], "--token"),
            (["--from", "https://auditor:s3cret@127.0.0.1:9"], "without a user or password"),
        ] {
            let run = try cli.fangxin(base + arguments)
            #expect(run.status == 64 && run.error.contains(named), "\(arguments): \(run.error)")
        }
        // A token from the environment is never printed, not even as the option's default in the help.
        let help = try cli.fangxin(["replicate", "--help"], environment: ["FANGXIN_TOKEN": "secret-token-1234"])
        #expect(help.status == 0 && help.output.contains("--token") && !help.output.contains("secret-token-1234"))
        let badKey = try cli.fangxin("replicate", "--key", "not a key", "--from", "http://127.0.0.1:9", "--token", "t", "--data", directory.path + "/r")
        #expect(badKey.status == 64 && badKey.error.contains("not a key"), "\(badKey.error)")
        // Nobody listening: exit 6 with --once, and nothing written but an empty ledger.
        let unreachable = try cli.fangxin(base + ["--from", "http://127.0.0.1:9", "--once"])
        #expect(unreachable.status == 6 && unreachable.error.contains("could not be reached"), "\(unreachable.error)")
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/r/replica/state.json"))
    }

    @Test func serveReplicaTakesOnlyAReplica() throws {
        let directory = try TemporaryDirectory()
        let demo = try cli.fangxin("serve", "--replica", "--demo", "--data", directory.path)
        #expect(demo.status == 64 && demo.error.contains("--replica cannot take --demo"), "\(demo.error)")
        let signing = try cli.fangxin("serve", "--replica", "--signing-key", directory.path + "/k", "--data", directory.path)
        #expect(signing.status == 64 && signing.error.contains("--signing-key"), "\(signing.error)")
        let none = try cli.fangxin("serve", "--replica", "--data", directory.path + "/nothing", "--port", String(ServeCommandTests.freePort()))
        #expect(none.status == 2 && none.error.contains("is not a replica"), "\(none.error)")
    }
}
