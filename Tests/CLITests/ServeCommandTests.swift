import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport

/// `fangxin serve`, run as the README's first command runs it.
@Suite(.serialized) struct ServeCommandTests {
    let cli = CLITests()

    /// The built `fangxin` started with `arguments`, its standard output read as it comes.
    final class Server {
        let process = Process()
        private let output = Pipe(), error = Pipe()
        private var printed = ""

        init(_ arguments: [String]) throws {
            process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
                .deletingLastPathComponent().appendingPathComponent("fangxin")
            process.arguments = arguments
            process.environment = ProcessInfo.processInfo.environment.merging(CLITests.fixtures) { $1 }
            process.standardOutput = output
            process.standardError = error
            try process.run()
        }

        /// Reads standard output until a line starts with `prefix` (after spaces), and returns that line.
        func line(startingWith prefix: String) -> String? {
            while true {
                if let line = printed.split(separator: "\n").first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(prefix) }) {
                    return String(line)
                }
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { return nil }
                printed += String(decoding: data, as: UTF8.self)
            }
        }

        /// Stops it with SIGTERM and returns its exit status and standard error.
        func terminate() -> (Int32, String) {
            process.terminate()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        }
    }

    func get(_ url: String, token: String? = nil) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: url)!)
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, String(decoding: data, as: UTF8.self))
    }

    /// A port for a server process, below Linux's ephemeral range (32768–60999): the test suite's in-process
    /// servers take ports from that range, and one took a replica's port here once, answering its requests.
    /// The caller may use the next port up too.
    static func freePort() -> Int { Int.random(in: 20_000...32_000) }

    @Test func demoServesTheReadModelsAndStopsOnSIGTERM() async throws {
        let directory = try TemporaryDirectory()
        let port = Self.freePort()
        let server = try Server(["serve", "--demo", "--port", String(port), "--data", directory.path + "/ledger"])
        let auditor = try #require(server.line(startingWith: "auditor")).split(separator: " ").last.map(String.init)
        var ready = (0, "")
        for _ in 0..<300 {
            ready = (try? await get("http://127.0.0.1:\(port)/ready")) ?? (0, "")
            if ready.0 == 200 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(ready.0 == 200 && ready.1.contains("\"ready\":true"), "\(ready)")
        let anonymous = try await get("http://127.0.0.1:\(port)/v1/tiers")
        #expect(anonymous.0 == 401)
        let tiers = try await get("http://127.0.0.1:\(port)/v1/tiers", token: auditor)
        #expect(tiers.0 == 200 && tiers.1.contains("\"warning\":") && !tiers.1.contains("\"warning\":0"), "\(tiers)")
        // Today's supervision list has cases: the generated counties' last complaints are still open.
        let overdue = try await get("http://127.0.0.1:\(port)/v1/overdue", token: auditor)
        #expect(overdue.0 == 200 && overdue.1.contains("\"status\":\"overdue\""), "\(overdue)")

        // A command with the printed regulator token, decided by the rules the demo ledger records.
        let regulator = try #require(server.line(startingWith: "regulator")).split(separator: " ").last.map(String.init)!
        var post = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/merchants/91330421MA28JJY015/inspect")!)
        post.httpMethod = "POST"
        post.setValue("Bearer \(regulator)", forHTTPHeaderField: "Authorization")
        post.setValue("serve-test-1", forHTTPHeaderField: "Idempotency-Key")
        post.httpBody = Data(#"{"on": "2026-06-01", "method": "undercover", "passed": true}"#.utf8)
        let (body, response) = try await URLSession.shared.data(for: post)
        #expect((response as! HTTPURLResponse).statusCode == 201, "\(String(decoding: body, as: UTF8.self))")

        // An open feed does not hold the shutdown up.
        let feed = Task { try? await get("http://127.0.0.1:\(port)/v1/feed", token: auditor) }
        try await Task.sleep(for: .milliseconds(200))
        let (status, error) = server.terminate()
        #expect(status == 0, "\(error)")
        _ = await feed.value
    }

    @Test func aPortInUseOrABadTokensFileIsAClearError() async throws {
        let directory = try TemporaryDirectory()
        let port = Self.freePort()
        let first = try Server(["serve", "--port", String(port), "--data", directory.path + "/one"])
        defer { _ = first.terminate() }
        for _ in 0..<300 where (try? await get("http://127.0.0.1:\(port)/health"))?.0 != 200 {
            try await Task.sleep(for: .milliseconds(50))
        }
        let second = try cli.fangxin("serve", "--port", String(port), "--data", directory.path + "/two")
        #expect(second.status == 2 && second.error.contains("cannot listen on 127.0.0.1:\(port)"), "\(second.error)")
        // One process writes a ledger: a second writer stops at once, naming the first; readers go on.
        for arguments in [["serve", "--port", String(Self.freePort())], ["close-day", "2026-01-05"], ["demo"]] {
            let writer = try cli.fangxin(arguments + ["--data", directory.path + "/one"])
            #expect(writer.status == 2 && writer.error.contains("already open for writing by another process (pid "), "\(arguments): \(writer.error)")
        }
        #expect(try cli.fangxin("verify", "--data", directory.path + "/one").status == 0)

        let tokens = directory.path + "/tokens.json"
        try Data(#"{"tokens":[{"sha256":"abc","actor":"a","role":"regulator"}]}"#.utf8).write(to: URL(fileURLWithPath: tokens))
        let bad = try cli.fangxin("serve", "--tokens", tokens, "--data", directory.path + "/three")
        #expect(bad.status == 2 && bad.error.contains("token 1 of the tokens file: sha256 must be 64 hexadecimal digits"), "\(bad.error)")
    }
}
