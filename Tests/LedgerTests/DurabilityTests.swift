import Foundation
import LMDB
import Testing
import TestSupport
@testable import Ledger

@Suite struct DurabilityTests {
    @Test func aRetriedCommandReturnsTheOriginalPositionsAndWritesNothingAlsoAfterReopening() async throws {
        let directory = try TemporaryDirectory()
        var ledger: Ledger? = try Ledger(directory: directory.path)
        _ = try await ledger!.append(append("other", 2))
        let original = try await ledger!.append(append("merchant-a", 3, command: "cmd-42"))
        let retried = try await ledger!.append(append("merchant-a", 3, command: "cmd-42"))
        #expect(original.alreadyRecorded == false)
        #expect(retried == AppendResult(positions: original.positions, streamVersions: original.streamVersions, alreadyRecorded: true))
        #expect(try ledger!.head().position == 5)

        ledger!.close()
        ledger = nil
        let reopened = try Ledger(directory: directory.path)
        let afterRestart = try await reopened.append(append("merchant-a", 3, expecting: .noStream, command: "cmd-42"))
        #expect(afterRestart.positions == 3...5 && afterRestart.streamVersions == 1...3 && afterRestart.alreadyRecorded)
        #expect(try reopened.head().position == 5)
        await expectRefusal(LedgerError.commandIDReused(commandID: "cmd-42", stream: "merchant-b", recordedStream: "merchant-a")) {
            try await reopened.append(append("merchant-b", command: "cmd-42"))
        }
        // The same command twice in one group commit is written once.
        let twice = await reopened.append([append("c", command: "cmd-43"), append("c", command: "cmd-43")], durability: .synced)
        #expect(try twice[0].get().positions == 6...6)
        #expect(try twice[1].get() == AppendResult(positions: 6...6, streamVersions: 1...1, alreadyRecorded: true))
        #expect(try reopened.verify().records == 6)
    }

    @Test func aBatchThatFailsHalfWayLeavesNothing() async throws {
        let directory = try TemporaryDirectory()
        var options = Ledger.Options()
        options.failAfterRecordsForTesting = 3
        var ledger: Ledger? = try Ledger(directory: directory.path, options: options)
        _ = try? await ledger!.append(append("warm-up", 2))   // two records: under the fault's threshold
        let head = try ledger!.head()
        #expect(head.position == 2)

        await expectRefusal(LedgerError.storage("injected fault after 3 records")) {
            try await ledger!.append(append("merchant-a", 5, command: "cmd-1"))
        }
        #expect(try ledger!.head() == head)
        #expect(try ledger!.readStream("merchant-a").isEmpty)
        ledger!.close()
        ledger = nil

        // Nothing of it reached the disk: the stream, the index and the command are all unknown.
        let reopened = try Ledger(directory: directory.path)
        #expect(try reopened.head() == head)
        let again = try await reopened.append(append("merchant-a", 5, expecting: .noStream, command: "cmd-1"))
        #expect(again.positions == 3...7 && !again.alreadyRecorded)
        #expect(try reopened.verify().records == 7)
    }

    @Test func aReopenedLedgerCarriesOnWhereItStopped() async throws {
        let directory = try TemporaryDirectory()
        var ledger: Ledger? = try Ledger(directory: directory.path)
        _ = try await ledger!.append(append("a", 2))
        _ = try await ledger!.append(append("b", 1))
        let head = try ledger!.head()
        ledger!.close()
        await expectRefusal(LedgerError.closed) { try await ledger!.append(append("a")) }
        ledger = nil

        let reopened = try Ledger(directory: directory.path)
        #expect(try reopened.head() == head)
        let next = try await reopened.append(append("a", expecting: .exactly(2)))
        #expect(next.positions == 4...4 && next.streamVersions == 3...3)
        #expect(try reopened.verify().head.position == 4)
    }

    @Test func aLedgerCannotBeOpenedTwiceInOneProcess() throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        #expect(throws: LedgerError.notALedger(directory: directory.path, reason: "it is already open in this process")) {
            _ = try Ledger(directory: directory.path)
        }
        ledger.close()
        _ = try Ledger(directory: directory.path)
    }

    @Test func aReadOnlyOpenOfAMissingLedgerSaysSo() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: LedgerError.notALedger(directory: directory.sub("none"), reason: "it has no data.mdb (nothing has been recorded there yet)")) {
            _ = try Ledger(directory: directory.sub("none"), options: Ledger.Options(readOnly: true))
        }
    }

    @Test func theMapGrowsUnseenAcrossManyAppends() async throws {
        let directory = try TemporaryDirectory()
        var options = Ledger.Options()
        options.initialMapSizeBytes = 1 << 20
        let ledger = try Ledger(directory: directory.path, options: options)
        let payload = String(repeating: "x", count: 1_000)
        var appends: [Append] = []
        for index in 0..<4_000 {
            appends.append(Append(stream: "s-\(index % 97)", actor: clerk, events: [event("t", "\(index)-\(payload)")]))
        }
        for chunk in stride(from: 0, to: appends.count, by: 500) {
            for result in await ledger.append(Array(appends[chunk..<(chunk + 500)]), durability: .deferred) { _ = try result.get() }
        }
        try ledger.flush()
        #expect(ledger.store.environment.mapSizeBytes > 4 << 20)
        let report = try ledger.verify()
        #expect(report.records == 4_000 && report.streams == 97)
        #expect(try ledger.read(from: 4_000).first?.payload == Array("3999-\(payload)".utf8))
    }
}
