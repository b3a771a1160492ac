import Foundation
import Testing
import TestSupport
@testable import Ledger

@Suite struct AppendTests {
    @Test func appendsGetGapFreePositionsAndStreamVersions() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        let first = try await ledger.append(append("merchant-a", 2))
        let second = try await ledger.append(append("complaint-1", 1))
        let third = try await ledger.append(append("merchant-a", 3, expecting: .exactly(2)))
        #expect(first.positions == 1...2 && first.streamVersions == 1...2)
        #expect(second.positions == 3...3 && second.streamVersions == 1...1)
        #expect(third.positions == 4...6 && third.streamVersions == 3...5)
        #expect(try ledger.read().map(\.position) == [1, 2, 3, 4, 5, 6])
        #expect(try ledger.readStream("merchant-a").map(\.streamVersion) == [1, 2, 3, 4, 5])
        #expect(try ledger.readStream("merchant-a", fromVersion: 4).map(\.position) == [5, 6])
        #expect(try ledger.readStream("nobody").isEmpty)
    }

    @Test func aRecordedEventKeepsEverythingItWasGiven() async throws {
        let directory = try TemporaryDirectory()
        let clock = ManualClock(1_750_000_000_123_456)
        var options = Ledger.Options()
        options.clock = { clock.read() }
        let ledger = try Ledger(directory: directory.path, options: options)
        let proposed = NewEvent(type: "complaint.received", schemaVersion: 3, occurredAt: Timestamp(rawValue: -42), payload: [0, 1, 2, 255])
        _ = try await ledger.append(Append(
            stream: "complaint-投诉-9", expecting: .noStream, commandID: "cmd-1", actor: Actor(id: "12315-hotline", role: "system"),
            correlationID: "corr", causationID: "cause", events: [proposed]))
        let recorded = try #require(try ledger.read().first)
        #expect(recorded.position == 1)
        #expect(recorded.stream == "complaint-投诉-9")
        #expect(recorded.streamVersion == 1)
        #expect(recorded.type == "complaint.received")
        #expect(recorded.schemaVersion == 3)
        #expect(recorded.occurredAt == Timestamp(rawValue: -42))
        #expect(recorded.recordedAt == Timestamp(rawValue: 1_750_000_000_123_456))
        #expect(recorded.actor == Actor(id: "12315-hotline", role: "system"))
        #expect(recorded.correlationID == "corr" && recorded.causationID == "cause" && recorded.commandID == "cmd-1")
        #expect(recorded.payload == [0, 1, 2, 255])
        #expect(try ledger.head() == Ledger.Head(position: 1, hash: recorded.chainHash))
    }

    @Test func recordedTimeNeverGoesBackwardsEvenWhenTheClockDoes() async throws {
        let directory = try TemporaryDirectory()
        let clock = ManualClock(2_000)
        var options = Ledger.Options()
        options.clock = { clock.read() }
        let ledger = try Ledger(directory: directory.path, options: options)
        _ = try await ledger.append(append("s"))
        clock.set(1_000)
        _ = try await ledger.append(append("s"))
        clock.set(3_000)
        _ = try await ledger.append(append("s"))
        #expect(try ledger.read().map(\.recordedAt.rawValue) == [2_000, 2_000, 3_000])
    }

    @Test func aVersionConflictCarriesTheActualVersionAndWritesNothing() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        _ = try await ledger.append(append("merchant-a", 3, expecting: .noStream))
        let head = try ledger.head()

        await expectRefusal(LedgerError.wrongExpectedVersion(stream: "merchant-a", expected: .noStream, actual: 3)) {
            try await ledger.append(append("merchant-a", expecting: .noStream))
        }
        await expectRefusal(LedgerError.wrongExpectedVersion(stream: "merchant-a", expected: .exactly(2), actual: 3)) {
            try await ledger.append(append("merchant-a", 2, expecting: .exactly(2)))
        }
        await expectRefusal(LedgerError.wrongExpectedVersion(stream: "merchant-b", expected: .exactly(1), actual: 0)) {
            try await ledger.append(append("merchant-b", expecting: .exactly(1)))
        }
        #expect(try ledger.head() == head)
        #expect(try ledger.readStream("merchant-b").isEmpty)
        let conflict = LedgerError.wrongExpectedVersion(stream: "merchant-a", expected: .exactly(2), actual: 3)
        #expect(conflict.description == "stream \"merchant-a\": expected version 2, but it is at version 3; nothing was written")
    }

    @Test func oneRefusedAppendInABatchLeavesTheOthersBe() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        let results = await ledger.append(
            [append("a"), append("b", expecting: .exactly(5)), append("c", 2)], durability: .synced)
        #expect(try results[0].get().positions == 1...1)
        #expect(throws: LedgerError.wrongExpectedVersion(stream: "b", expected: .exactly(5), actual: 0)) { try results[1].get() }
        #expect(try results[2].get().positions == 2...3)
    }

    @Test func malformedAppendsAreRefusedNamingTheField() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        var bad = append("merchant-a", 4)
        bad.events[2].type = ""
        await expectRefusal(LedgerError.invalidAppend(stream: "merchant-a", field: "events[2].type", reason: "is empty")) {
            try await ledger.append(bad)
        }
        await expectRefusal(LedgerError.invalidAppend(stream: "", field: "stream", reason: "is empty")) {
            try await ledger.append(append(""))
        }
        var empty = append("merchant-a")
        empty.events = []
        await expectRefusal(.invalidAppend(stream: "merchant-a", field: "events", reason: "is empty: an append needs at least one event")) {
            _ = try await ledger.append(empty)
        }
        var control = append("merchant-a")
        control.actor = Actor(id: "a\u{7}b", role: "regulator")
        await expectRefusal(LedgerError.invalidAppend(stream: "merchant-a", field: "actor.id", reason: "contains a control character")) {
            try await ledger.append(control)
        }
        #expect(try ledger.head().position == 0)
    }
}
