import Foundation
import Testing
import TestSupport
@testable import Ledger

/// A writer killed with SIGKILL mid-append loses nothing it acknowledged, and leaves a log that verifies.
@Suite struct CrashTests {
    @Test(arguments: ["synced", "deferred"])
    func aKilledWriterKeepsEveryAcknowledgedAppend(durability: String) async throws {
        let directory = try TemporaryDirectory()
        let acknowledged = try runAndKill(directory: directory.path, durability: durability, afterAcknowledgements: 400)
        #expect(acknowledged.count >= 400)

        let ledger = try Ledger(directory: directory.path)
        let report = try ledger.verify()   // positions gap-free, versions gap-free, chain valid, indexes agree
        let events = try ledger.read()
        #expect(UInt64(events.count) == report.records)
        for ack in acknowledged {
            let event = try #require(events.indices.contains(Int(ack.position) - 1) ? events[Int(ack.position) - 1] : nil,
                                     "acknowledged position \(ack.position) is missing")
            #expect(event.stream == ack.stream && event.streamVersion == ack.version)
        }
        // And the log goes on from where the writer died.
        let next = try await ledger.append(append("after-crash"))
        #expect(next.positions.lowerBound == report.records + 1)
    }

    @Test func aSecondWritingProcessIsRefusedNamingTheFirst() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        _ = try await ledger.append(append("parent", 2))

        // While this process holds the ledger, the writer cannot open it: it says who holds it, and writes nothing.
        let refused = try run(directory: directory.path)
        #expect(refused.status != 0)
        #expect(refused.error.contains("already open for writing by another process (pid \(getpid())"), "\(refused.error)")
        #expect(try ledger.head().position == 2)

        // Once it is closed, another process may write, and this one reads what it wrote when it opens again.
        ledger.close()
        let acknowledged = try runAndKill(directory: directory.path, durability: "synced", afterAcknowledgements: 50)
        let reopened = try Ledger(directory: directory.path)
        #expect(try reopened.head().position >= (acknowledged.last?.position ?? 0))
        let parent = try await reopened.append(append("parent", expecting: .exactly(2)))
        #expect(parent.streamVersions == 3...3)
        #expect(try reopened.verify().records == parent.positions.upperBound)
    }

    /// Runs the crash writer to its end: its exit status and what it wrote on standard error.
    private func run(directory: String) throws -> (status: Int32, error: String) {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent("ledger-crash-writer")
        process.arguments = [directory, "synced"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    struct Acknowledgement {
        var position: UInt64
        var stream: String
        var version: UInt64
    }

    /// Starts the crash writer, waits for `count` acknowledgements, kills it and returns every one it printed.
    private func runAndKill(directory: String, durability: String, afterAcknowledgements count: Int) throws -> [Acknowledgement] {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent("ledger-crash-writer")
        process.arguments = [directory, durability]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let reader = pipe.fileHandleForReading
        var output = Data()
        let deadline = Date().addingTimeInterval(120)
        while output.count(where: { $0 == UInt8(ascii: "\n") }) < count && Date() < deadline {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            output.append(chunk)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        output.append(reader.readDataToEndOfFile())
        #expect(process.terminationReason == .uncaughtSignal)
        // Only whole lines count: a line cut by the kill was never fully acknowledged.
        let text = String(decoding: output, as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count == 4, fields[0] == "ack", let position = UInt64(fields[1]), let version = UInt64(fields[3]) else { return nil }
            return Acknowledgement(position: position, stream: String(fields[2]), version: version)
        }
    }
}
