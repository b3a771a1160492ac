import Foundation
import Testing
import TestSupport

/// `serve --tls-cert --tls-key` speaks TLS itself, and `replicate` checks the primary's certificate: against the
/// system's authorities, or the one `--ca` names. The certificates are made here with openssl, as a bureau's
/// private authority would make them.
@Suite(.serialized) struct TLSCommandTests {
    let cli = CLITests()
    typealias Server = ServeCommandTests.Server

    /// A certificate authority, and a certificate it issued for 127.0.0.1 and localhost with its key.
    struct Authority {
        let certificate: String
        let server: String
        let serverKey: String
    }

    static func openssl(_ arguments: [String]) throws {
        let run = try CLITests.run(URL(fileURLWithPath: "/usr/bin/env"), ["openssl"] + arguments)
        guard run.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "openssl \(arguments.first ?? ""): \(run.error)"]) }
    }

    static func authority(in directory: String, named name: String) throws -> Authority {
        let prefix = directory + "/" + name
        try openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", prefix + "-ca.key",
                     "-out", prefix + "-ca.pem", "-days", "30", "-subj", "/CN=\(name) certificate authority"])
        try openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", prefix + "-server.key",
                     "-out", prefix + "-server.csr", "-subj", "/CN=127.0.0.1"])
        try Data("subjectAltName=IP:127.0.0.1,DNS:localhost\n".utf8).write(to: URL(fileURLWithPath: prefix + "-ext.cnf"))
        try openssl(["x509", "-req", "-in", prefix + "-server.csr", "-CA", prefix + "-ca.pem", "-CAkey", prefix + "-ca.key", "-CAcreateserial",
                     "-out", prefix + "-server.pem", "-days", "30", "-extfile", prefix + "-ext.cnf"])
        return Authority(certificate: prefix + "-ca.pem", server: prefix + "-server.pem", serverKey: prefix + "-server.key")
    }

    /// What curl gets from `url`, trusting `authority`: its status code, or 0 when no TLS connection was made.
    static func status(_ url: String, trusting authority: String) throws -> Int {
        let run = try CLITests.run(URL(fileURLWithPath: "/usr/bin/env"), ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5",
                                                                           "--cacert", authority, url])
        return Int(run.output) ?? 0
    }

    @Test func aPrimaryServesOverTLSAndAReplicaChecksItsCertificate() async throws {
        let directory = try TemporaryDirectory()
        let bureau = try Self.authority(in: directory.path, named: "bureau")
        let stranger = try Self.authority(in: directory.path, named: "stranger")
        let port = ServeCommandTests.freePort()
        let primaryURL = "https://127.0.0.1:\(port)"
        let primary = try Server(["serve", "--demo", "--port", String(port), "--data", directory.path + "/primary",
                                  "--tls-cert", bureau.server, "--tls-key", bureau.serverKey])
        defer { _ = primary.terminate() }
        let auditor = try #require(primary.line(startingWith: "auditor")?.split(separator: " ").last.map(String.init))
        let key = try #require(primary.line(startingWith: "checkpoints signed by")?.split(separator: " ").last.map(String.init))
        var ready = 0
        for _ in 0..<200 where ready != 200 {
            ready = try Self.status(primaryURL + "/ready", trusting: bureau.certificate)
            if ready != 200 { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(ready == 200)
        // Only TLS is spoken there, and only a client trusting the bureau's authority gets an answer.
        #expect(try Self.status("http://127.0.0.1:\(port)/ready", trusting: bureau.certificate) != 200)
        #expect(try Self.status(primaryURL + "/ready", trusting: stranger.certificate) == 0)

        let replica = directory.path + "/replica"
        let untrusted = try cli.fangxin("replicate", "--from", primaryURL, "--token", auditor, "--key", key, "--data", replica, "--once")
        #expect(untrusted.status == 6 && untrusted.error.contains("TLS"), "\(untrusted.error)")
        let strangers = try cli.fangxin("replicate", "--from", primaryURL, "--ca", stranger.certificate, "--token", auditor, "--key", key, "--data", replica, "--once")
        #expect(strangers.status == 6 && strangers.error.contains("TLS"), "\(strangers.error)")
        #expect(try cli.fangxin("head", "--data", replica).output.contains("position 0"))

        let trusted = try cli.fangxin("replicate", "--from", primaryURL, "--ca", bureau.certificate, "--token", auditor, "--key", key, "--data", replica, "--once")
        #expect(trusted.status == 0, "\(trusted.error)")
        #expect(try cli.fangxin("head", "--data", replica).output == (try cli.fangxin("head", "--data", directory.path + "/primary").output))
        // By name rather than address, the certificate names localhost too.
        let byName = try cli.fangxin("replicate", "--from", "https://localhost:\(port)", "--ca", bureau.certificate, "--token", auditor, "--key", key,
                                     "--data", replica, "--once")
        #expect(byName.status == 0, "\(byName.error)")
    }

    @Test func badTLSOptionsAreRefusedNamingWhatIsWrong() throws {
        let directory = try TemporaryDirectory()
        let bureau = try Self.authority(in: directory.path, named: "bureau")
        let stranger = try Self.authority(in: directory.path, named: "stranger")
        let data = directory.path + "/ledger"
        let alone = try cli.fangxin("serve", "--tls-cert", bureau.server, "--data", data)
        #expect(alone.status == 64 && alone.error.contains("--tls-cert and --tls-key go together"), "\(alone.error)")
        let mismatched = try cli.fangxin("serve", "--tls-cert", bureau.server, "--tls-key", stranger.serverKey, "--data", data, "--port", "9")
        #expect(mismatched.status == 2 && mismatched.error.contains("TLS:"), "\(mismatched.error)")
        let missing = try cli.fangxin("serve", "--tls-cert", directory.path + "/none.pem", "--tls-key", bureau.serverKey, "--data", data, "--port", "9")
        #expect(missing.status == 2 && missing.error.contains("none.pem"), "\(missing.error)")
        // 4 MiB of what is no PEM, as a certificate, a key and an authority.
        let garbage = directory.path + "/garbage.pem"
        try Data(repeating: UInt8(ascii: "A"), count: 4 << 20).write(to: URL(fileURLWithPath: garbage))
        for (certificate, key) in [(garbage, bureau.serverKey), (bureau.server, garbage)] {
            let refused = try cli.fangxin("serve", "--tls-cert", certificate, "--tls-key", key, "--data", data, "--port", "9")
            #expect(refused.status == 2 && refused.error.contains("garbage.pem"), "\(refused.error)")
        }
        let plain = try cli.fangxin("replicate", "--from", "http://127.0.0.1:9", "--ca", bureau.certificate, "--token", "t", "--key", "k", "--data", data)
        #expect(plain.status == 64 && plain.error.contains("--ca"), "\(plain.error)")
        let vkey = try cli.fangxin("keys", "generate", "--name", "fangxin.example/demo", "--out", directory.path + "/log.key").output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let notPEM = try cli.fangxin("replicate", "--from", "https://127.0.0.1:9", "--ca", bureau.serverKey + ".missing", "--token", "t",
                                     "--key", vkey, "--data", directory.path + "/r", "--once")
        #expect(notPEM.status == 6 && notPEM.error.contains("--ca") && notPEM.error.contains(".missing"), "\(notPEM.error)")
        let garbageAuthority = try cli.fangxin("replicate", "--from", "https://127.0.0.1:9", "--ca", garbage, "--token", "t",
                                               "--key", vkey, "--data", directory.path + "/r", "--once")
        #expect(garbageAuthority.status == 6 && garbageAuthority.error.contains("garbage.pem"), "\(garbageAuthority.error)")
    }
}
