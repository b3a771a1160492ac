import Foundation
import Testing
import TestSupport

/// The proof commands as an auditor runs them: keys, a checkpoint, proofs, verify against the checkpoint, a
/// witness over files, and an evidence bundle checked offline.
@Suite struct ProofCommandTests {
    let cli = CLITests()

    @Test func anAuditorsSessionFromKeysToEvidence() throws {
        let directory = try TemporaryDirectory()
        let data = directory.sub("ledger")
        #expect(try cli.fangxin(["demo", "--data", data], environment: CLITests.fixtures).status == 0)

        let generated = try cli.fangxin("keys", "generate", "--name", "fangxin.example/zhejiang", "--out", directory.sub("log.key"))
        #expect(generated.status == 0 && generated.output.hasPrefix("fangxin.example/zhejiang+"))
        let vkey = generated.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let mode = try FileManager.default.attributesOfItem(atPath: directory.sub("log.key"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let again = try cli.fangxin("keys", "generate", "--name", "x", "--out", directory.sub("log.key"))
        #expect(again.status != 0 && again.error.contains("a key is never overwritten"))

        let checkpoint = try cli.fangxin("checkpoint", "--data", data, "--key", directory.sub("log.key"))
        #expect(checkpoint.status == 0)
        try checkpoint.output.write(toFile: directory.sub("checkpoint.txt"), atomically: true, encoding: .utf8)
        let verified = try cli.fangxin("verify", "--data", data, "--checkpoint", directory.sub("checkpoint.txt"), "--key", vkey)
        #expect(verified.status == 0 && verified.output.contains("this ledger extends it"))
        // A checkpoint's second line is the tree size: one fewer, and the signature no longer holds.
        let size = try #require(Int(checkpoint.output.split(separator: "\n")[1]))
        let forged = checkpoint.output.replacingOccurrences(of: "\n\(size)\n", with: "\n\(size - 1)\n")
        try forged.write(toFile: directory.sub("forged.txt"), atomically: true, encoding: .utf8)
        let refused = try cli.fangxin("verify", "--data", data, "--checkpoint", directory.sub("forged.txt"), "--key", vkey)
        #expect(refused.status == 1 && refused.error.contains("does not verify"))

        let inclusion = try cli.fangxin("prove", "inclusion", "42", "--size", "100", "--json", "--data", data)
        #expect(inclusion.status == 0 && inclusion.output.hasPrefix(#"{"hashes":["#) && inclusion.output.contains(#""position":42,"record":""#))
        let consistency = try cli.fangxin("prove", "consistency", "100", "--json", "--data", data)
        #expect(consistency.status == 0 && consistency.output.hasPrefix(#"{"from":100,"hashes":["#))
        #expect(try cli.fangxin("prove", "inclusion", "100000", "--data", data).status == 2)

        // A witness over files: the first checkpoint, then none that does not extend it.
        let witness = try cli.fangxin("keys", "generate", "--witness", "--name", "court.example/w", "--out", directory.sub("witness.key"))
        #expect(witness.status == 0)
        let cosigned = try cli.fangxin("witness", "add-checkpoint", "--key", directory.sub("witness.key"), "--state", directory.sub("witness"),
                                       "--log", vkey, "--checkpoint", directory.sub("checkpoint.txt"))
        #expect(cosigned.status == 0 && cosigned.output.hasPrefix("\u{2014} court.example/w "))

        let bundle = directory.sub("merchant.tar")
        let exported = try cli.fangxin("evidence", "export", "--merchant", "91330421MA28JJY015", "--key", directory.sub("log.key"), "--out", bundle, "--data", data)
        #expect(exported.status == 0, "\(exported.error)")
        let checked = try cli.fangxin("evidence", "verify", bundle, "--key", vkey, "--json")
        #expect(checked.status == 0 && checked.output.contains(#""ok":true"#))
        var bytes = try Data(contentsOf: URL(fileURLWithPath: bundle))
        bytes[bytes.count / 2] ^= 1
        try bytes.write(to: URL(fileURLWithPath: directory.sub("altered.tar")))
        let alteredCheck = try cli.fangxin("evidence", "verify", directory.sub("altered.tar"), "--key", vkey)
        #expect(alteredCheck.status == 1)
    }
}
