import Foundation
import LMDB
import Testing
import TestSupport
@testable import Ledger

/// The indexes follow the records in batches; readers and retries must not notice.
@Suite struct IndexBatchTests {
    private func options(batch: Int, skipIndexOnClose: Bool = false) -> Ledger.Options {
        var options = Ledger.Options()
        options.pendingEventsMaxForTesting = (batch, batch)
        options.skipsIndexOnCloseForTesting = skipIndexOnClose
        return options
    }

    @Test func streamsReadTheSameAcrossTheIndexAndTheUnindexedTail() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path, options: options(batch: 10))
        for round in 0..<9 {
            for stream in ["a", "b", "c"] { _ = try await ledger.append(append(stream, 1 + round % 2)) }
        }
        let report = try ledger.verify()
        #expect(report.indexedThrough > 0 && report.indexedThrough < report.records)
        let all = try ledger.read()
        for stream in ["a", "b", "c"] {
            let expected = all.filter { $0.stream == stream }
            #expect(try ledger.readStream(stream) == expected)
            #expect(try ledger.readStream(stream, fromVersion: 5) == Array(expected.dropFirst(4)))
            #expect(try ledger.readStream(stream, fromVersion: 3, limit: 4) == Array(expected.dropFirst(2).prefix(4)))
        }
        ledger.close()
        let reopened = try Ledger(directory: directory.path, options: Ledger.Options(readOnly: true))
        let closed = try reopened.verify()
        #expect(closed.indexedThrough == closed.records)   // closing writes the rest of the index
    }

    /// A commit bigger than the batch (an import's thousands of commands) writes the index with it: no tail
    /// is left for the next lookups to scan.
    @Test func aCommitBiggerThanTheBatchLeavesNoTail() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path, options: options(batch: 10, skipIndexOnClose: true))
        let results = await ledger.append((0..<25).map { append("s-\($0 % 4)", 1, command: "c-\($0)") }, durability: .synced)
        #expect(results.allSatisfy { if case .success = $0 { true } else { false } })
        let report = try ledger.verify()
        #expect(report.records == 25 && report.indexedThrough == 25)
        #expect(try ledger.recordedCommand("c-24")?.positions == 25...25)
    }

    /// As docs/FORMAT.md says: durable commits of one record each, as a service makes them, leave fewer than 32
    /// records unindexed, so that the scan each new command and new stream makes is short.
    @Test func durableCommitsLeaveATailOfFewerThan32Records() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        var longest: UInt64 = 0
        for index in 0..<100 {
            _ = try await ledger.append(append("s-\(index % 7)", 1, command: "c-\(index)"))
            let report = try ledger.verify()
            longest = max(longest, report.records - report.indexedThrough)
        }
        #expect(longest == 31)   // the commit that makes it 32 writes the index with it
        #expect(try ledger.recordedCommand("c-99")?.positions == 100...100)
    }

    /// The index keeper alone: from a ledger's committed records, it rebuilds the batch it had not written.
    @Test func theIndexKeeperRebuildsThePendingBatchFromTheTail() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path, options: options(batch: 1_000, skipIndexOnClose: true))
        _ = try await ledger.append(append("a", 2, command: "one"))
        _ = try await ledger.append(append("b", 1, command: "two"))
        _ = try await ledger.append(append("a", 1, command: "three"))
        var keeper = IndexKeeper()
        try ledger.store.environment.read { try keeper.recover($0, ledger.store) }
        #expect(keeper.indexedThrough == 0 && keeper.pending.eventCount == 4)
        #expect(keeper.pending.streams[StreamKey(Array("a".utf8))] == StreamHead(number: 1, version: 3))
        #expect(keeper.pending.streams[StreamKey(Array("b".utf8))] == StreamHead(number: 2, version: 1))
        #expect(keeper.pending.commands[CommandKey(Array("one".utf8))] == CommandEntry(firstPosition: 1, count: 2))
        #expect(keeper.newStream() == StreamHead(number: 3, version: 0))
    }

    @Test func aLedgerLeftWithAnUnindexedTailRecoversItOnOpen() async throws {
        let directory = try TemporaryDirectory()
        var ledger: Ledger? = try Ledger(directory: directory.path, options: options(batch: 1_000, skipIndexOnClose: true))
        let first = try await ledger!.append(append("merchant-a", 2, command: "cmd-1"))
        _ = try await ledger!.append(append("merchant-b", 1, command: "cmd-2"))
        _ = try await ledger!.append(append("merchant-a", 1))
        ledger!.close()
        ledger = nil

        let reopened = try Ledger(directory: directory.path, options: options(batch: 1_000))
        #expect(try reopened.verify().indexedThrough == 0)
        // The retry is recognised from the tail alone, versions continue, and nothing is written twice.
        let retried = try await reopened.append(append("merchant-a", 2, command: "cmd-1"))
        #expect(retried == AppendResult(positions: first.positions, streamVersions: first.streamVersions, alreadyRecorded: true))
        await expectRefusal(LedgerError.wrongExpectedVersion(stream: "merchant-a", expected: .exactly(2), actual: 3)) {
            try await reopened.append(append("merchant-a", expecting: .exactly(2)))
        }
        // Asked directly, from the unindexed tail.
        #expect(try reopened.recordedCommand("cmd-1") == retried)
        #expect(try reopened.recordedCommand("cmd-9") == nil)
        let next = try await reopened.append(append("merchant-a", expecting: .exactly(3)))
        #expect(next.positions == 5...5 && next.streamVersions == 4...4)
        #expect(try reopened.readStream("merchant-a").map(\.position) == [1, 2, 4, 5])
        reopened.close()
        let readOnly = try Ledger(directory: directory.path, options: Ledger.Options(readOnly: true))
        let report = try readOnly.verify()
        #expect(report.indexedThrough == 5 && report.commands == 2)
        #expect(try readOnly.recordedCommand("cmd-2")?.positions == 3...3)   // and from the index
    }

    @Test func aFailedTransactionLeavesTheWriterConsistent() async throws {
        let directory = try TemporaryDirectory()
        var options = options(batch: 3)
        options.failAfterRecordsForTesting = 5
        let ledger = try Ledger(directory: directory.path, options: options)
        _ = try await ledger.append(append("a", 2))
        _ = try await ledger.append(append("a", 2))
        await expectRefusal(.storage("injected fault after 5 records")) { _ = try await ledger.append(append("a", 5)) }
        let next = try await ledger.append(append("a", 1, expecting: .exactly(4)))
        #expect(next.positions == 5...5)
        #expect(try ledger.readStream("a").map(\.streamVersion) == [1, 2, 3, 4, 5])
        #expect(try ledger.verify().records == 5)
    }
}
