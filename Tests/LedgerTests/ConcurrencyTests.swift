import Foundation
import Testing
import TestSupport
@testable import Ledger

@Suite struct ConcurrencyTests {
    @Test func concurrentAppendersKeepPositionsAndStreamVersionsGapFree() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        let tasks = 48, appendsPerTask = 20
        let results = try await withThrowingTaskGroup(of: [AppendResult].self) { group in
            for task in 0..<tasks {
                group.addTask {
                    var mine: [AppendResult] = []
                    for index in 0..<appendsPerTask {
                        mine.append(try await ledger.append(append("stream-\((task + index) % 7)", 1 + index % 3)))
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let positions = results.flatMap { Array($0.positions) }.sorted()
        #expect(positions == Array(1...UInt64(positions.count)))
        let events = try ledger.read()
        #expect(events.map(\.position) == positions)
        for stream in Set(events.map(\.stream)) {
            let versions = events.filter { $0.stream == stream }.map(\.streamVersion)
            #expect(versions == Array(1...UInt64(versions.count)), "stream \(stream)")
        }
        #expect(try ledger.verify().records == UInt64(positions.count))
    }

    @Test func racingWritersWithExpectedVersionsNeverBothWin() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        // Each writer reads the version, then appends expecting it: exactly one wins each round.
        let wins = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    var wins = 0
                    for _ in 0..<30 {
                        let version = UInt64(try ledger.readStream("counter").count)
                        do {
                            _ = try await ledger.append(append("counter", expecting: version == 0 ? .noStream : .exactly(version)))
                            wins += 1
                        } catch LedgerError.wrongExpectedVersion {}
                    }
                    return wins
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(try ledger.readStream("counter").count == wins)
        #expect(try ledger.verify().records == UInt64(wins))
    }

    @Test func aTailWakesWhenNewEventsCommit() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        _ = try await ledger.append(append("a", 2))
        let tail = ledger.tail(from: 2)
        let reader = Task {
            var seen: [UInt64] = []
            for try await event in tail {
                seen.append(event.position)
                if seen.count == 4 { break }
            }
            return seen
        }
        _ = try await ledger.append(append("b"))
        _ = try await ledger.append(append("c", 2))
        #expect(try await reader.value == [2, 3, 4, 5])
    }

    @Test func aTailOfAReadOnlyLedgerEndsOnceCaughtUp() async throws {
        let directory = try TemporaryDirectory()
        do {
            let ledger = try Ledger(directory: directory.path)
            _ = try await ledger.append(append("a", 3))
        }
        let reader = try Ledger(directory: directory.path, options: Ledger.Options(readOnly: true))
        var positions: [UInt64] = []
        for try await event in reader.tail(from: 2, batchSize: 1) { positions.append(event.position) }
        #expect(positions == [2, 3])
    }

    @Test func aTailEndsWhenTheLedgerCloses() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        _ = try await ledger.append(append("a"))
        let tail = ledger.tail()
        let reader = Task {
            var count = 0
            for try await _ in tail { count += 1 }
            return count
        }
        try await Task.sleep(for: .milliseconds(50))
        ledger.close()
        #expect(try await reader.value == 1)
    }
}
