import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport

/// `fangxin backup`, `restore` and `promote` as an operator runs them: against a served primary, with their exit
/// codes and messages when they refuse.
@Suite(.serialized) struct StandbyCommandTests {
    let cli = CLITests()
    typealias Server = ServeCommandTests.Server

    static func digest(_ token: String) -> String { SHA256.hash(data: Array(token.utf8)).map { String(format: "%02x", $0) }.joined() }

    @Test func aBackupTakenWhileServedRestoresAndAStandbyBehindItsCheckpointIsNotPromoted() async throws {
        let directory = try TemporaryDirectory()
        let data = directory.path + "/primary"
        let keyFile = directory.path + "/log.key"
        let vkey = try cli.fangxin("keys", "generate", "--name", "fangxin.example/ops", "--out", keyFile).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let tokens = directory.path + "/tokens.json"
        try Data(#"{"tokens":[{"sha256":"\#(Self.digest("standby-token"))","actor":"s1","role":"replica"},{"sha256":"\#(Self.digest("regulator-token"))","actor":"r1","role":"regulator","region":"330000"}]}"#.utf8)
            .write(to: URL(fileURLWithPath: tokens))
        let port = ServeCommandTests.freePort()
        let url = "http://127.0.0.1:\(port)"
        let primary = try Server(["serve", "--data", data, "--port", String(port), "--tokens", tokens, "--signing-key", keyFile])
        defer { _ = primary.terminate() }
        #expect(primary.line(startingWith: "checkpoints signed by") != nil)
        #expect(try await ReplicaCommandTests().eventually { try await ServeCommandTests().get(url + "/checkpoint").0 == 200 })

        // Backed up while served, twice: the second adds nothing, and both restore.
        let backups = directory.path + "/backups"
        let first = try cli.fangxin("backup", "--data", data, "--out", backups, "--json")
        #expect(first.status == 0 && first.output.contains(#""added":"#), "\(first.error)")
        let again = try cli.fangxin("backup", "--data", data, "--out", backups, "--json")
        #expect(again.status == 0 && again.output.contains(#""added":0"#), "\(again.output)")
        let restored = try cli.fangxin("restore", backups, "--data", directory.path + "/restored", "--json")
        #expect(restored.status == 0 && restored.output.contains(#""records":"#), "\(restored.error)")
        #expect(try cli.fangxin("head", "--data", directory.path + "/restored").output == cli.fangxin("head", "--data", data).output)
        #expect(try cli.fangxin("verify", "--data", directory.path + "/restored").status == 0)
        // Into a folder that is not empty: refused; another ledger into the same backups: refused.
        let full = try cli.fangxin("restore", backups, "--data", directory.path + "/restored")
        #expect(full.status == 9 && full.error.contains("is not empty"), "\(full.error)")
        _ = try cli.fangxin("generate", "--merchants", "3", "--events", "40", "--seed", "5", "--data", directory.path + "/other")
        let other = try cli.fangxin("backup", "--data", directory.path + "/other", "--out", backups)
        #expect(other.status == 9 && other.error.contains("another log"), "\(other.error)")
        // A changed byte: refused, and nothing made.
        let segment = try #require(try FileManager.default.contentsOfDirectory(atPath: backups + "/records").first)
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: backups + "/records/" + segment))
        try handle.seek(toOffset: 20)
        try handle.write(contentsOf: Data([0x5A]))
        try handle.close()
        let altered = try cli.fangxin("restore", backups, "--data", directory.path + "/altered")
        #expect(altered.status == 10 && altered.error.contains("does not verify"), "\(altered.error)")
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/altered"))

        // A standby, caught up; then told of a checkpoint it holds fewer records than: promotion refused, or forced.
        let standby = directory.path + "/standby"
        let copied = try cli.fangxin(["replicate", "--from", url, "--key", vkey, "--data", standby, "--once"], environment: ["FANGXIN_TOKEN": "standby-token"])
        #expect(copied.status == 0 && copied.error.contains("a standby of"), "\(copied.error)")
        #expect(try cli.fangxin("promote", "--data", data, "--signing-key", keyFile).status == 2)
        primary.process.interrupt()
        primary.process.waitUntilExit()
        _ = try cli.fangxin("close-day", "2026-01-05", "--data", data)
        let later = try cli.fangxin("checkpoint", "--key", keyFile, "--data", data).output
        let statePath = standby + "/replica/state.json"
        var state = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: statePath))) as? [String: Any])
        state["checkpoint"] = later
        try JSONSerialization.data(withJSONObject: state).write(to: URL(fileURLWithPath: statePath))
        let behind = try cli.fangxin("promote", "--data", standby, "--signing-key", keyFile)
        #expect(behind.status == 8 && behind.error.contains("fewer than the") && behind.error.contains("--force"), "\(behind.error)")
        let forced = try cli.fangxin("promote", "--data", standby, "--signing-key", keyFile, "--force", "--json")
        #expect(forced.status == 0 && forced.output.contains(#""keyRotated":false"#), "\(forced.output)\(forced.error)")
        #expect(try cli.fangxin("events", "--data", standby, "--stream", "ledger").output.contains("ledger.promoted"))
        // It is a primary now: another promotion finds no replica, and it takes commands.
        #expect(try cli.fangxin("promote", "--data", standby, "--signing-key", keyFile).status == 2)
        #expect(try cli.fangxin("close-day", "2026-01-06", "--data", standby).status != 2)
    }

    @Test func badAcknowledgementOptionsAreRefusedByName() throws {
        let directory = try TemporaryDirectory()
        for (options, named) in [(["--ack-replicas", "-1"], "--ack-replicas"), (["--ack-replicas", "10"], "--ack-replicas"),
                                 (["--ack-replicas", "9223372036854775807"], "--ack-replicas"), (["--ack-replicas", ""], "--ack-replicas"),
                                 (["--ack-timeout", "nan"], "--ack-timeout"), (["--ack-timeout", "0"], "--ack-timeout"),
                                 (["--ack-timeout", "-5"], "--ack-timeout"), (["--ack-timeout", "61"], "--ack-timeout"),
                                 (["--ack-timeout", String(repeating: "9", count: 1 << 16)], "--ack-timeout"),
                                 (["--replica", "--ack-replicas", "1"], "--ack-replicas")] {
            let refused = try cli.fangxin(["serve", "--data", directory.path + "/never"] + options)
            #expect(refused.status == 64 && refused.error.contains(named), "\(options.map { $0.prefix(30) }): \(refused.error.prefix(300))")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/never"))
        // backup and restore: a folder with no backup, and a checkpoint without its key.
        let none = try cli.fangxin("restore", directory.path, "--data", directory.path + "/restored")
        #expect(none.status == 9 && none.error.contains("holds no backup"), "\(none.error)")
        let alone = try cli.fangxin("restore", directory.path, "--data", directory.path + "/restored", "--checkpoint", "c.txt")
        #expect(alone.status == 64 && alone.error.contains("--key"), "\(alone.error)")
    }
}
