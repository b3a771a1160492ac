@testable import Application
import Domain
import Ledger
import Synchronization
import Testing
import TestSupport

/// Streams kept folded between commands (`Decisions`): what is kept must be what the ledger records, whoever
/// recorded it, and memory holds the streams most recently used.
private func day(_ text: String) -> CivilDate { CivilDate(text)! }

@Suite struct KeptStateTests {
    let official = Actor(id: "changxing-amr-01", role: "regulator")
    let rules = ComplaintRules.standard(calendar: fixtureCalendar)

    func receive(on date: String) -> ComplaintCommand {
        .receive(.init(
            channel: .hotline12315, consumer: "consumer-0001", merchant: try! UnifiedSocialCreditCode("91330522MA2B3C4D57"),
            merchantName: "长兴放心超市", category: .goods, subcategory: "食品", amountInDisputeFen: 19_900,
            receivedRegion: try! RegionCode("330522"), merchantRegion: try! RegionCode("330522"), receivedOn: day(date)))
    }

    /// A second handler (another process's, or a bulk load) accepts the complaint the first one kept as received:
    /// the first decides its next command on the complaint as now recorded, not as it kept it.
    @Test func aKeptStreamTakesWhatOthersRecordedSince() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        let first = CommandHandler(ledger: ledger, rules: rules), second = CommandHandler(ledger: ledger, rules: rules)
        _ = try await first.handle(.complaint(id: "C1", receive(on: "2025-03-10")), commandID: "c1", actor: official)
        _ = try await second.handle(.complaint(id: "C1", .accept(on: day("2025-03-11"))), commandID: "c2", actor: official)
        // Mediation starts only once a complaint is accepted: decided on the kept "received", it would be refused.
        let started = try await first.handle(.complaint(id: "C1", .startMediation(on: day("2025-03-12"), mode: .odr)), commandID: "c3", actor: official)
        #expect(started.streamVersions == 3...3)
        #expect(try first.load(Complaint.self, "C1").state.stage == .mediating)
    }

    /// Someone outside the turns appends between the decision and its append (here, in `beforeAppend`): the append
    /// is refused as a conflict, the kept stream is forgotten, and the command is decided again on the stream as it
    /// now stands, and recorded after what was appended.
    @Test func aConflictIsDecidedAgainOnTheNewState() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        let handler = CommandHandler(ledger: ledger, rules: rules)
        _ = try await handler.handle(.complaint(id: "C1", receive(on: "2025-03-10")), commandID: "c1", actor: official)
        let attempts = Mutex(0)
        let accepted = try await handler.handle(.complaint(id: "C1", .accept(on: day("2025-03-12"))), commandID: "c2", actor: official) {
            () throws(HandlingError) in
            guard attempts.withLock({ $0 += 1; return $0 }) == 1 else { return }
            let assigned = StreamHandler.append([ComplaintEvent.assigned(on: day("2025-03-11"), unit: "长兴县市场监管局", transferred: false)],
                                                to: "complaint-C1", at: 1, commandID: "outside", request: nil, actor: official, on: day("2025-03-11"))
            // Handed to the writer now, ahead of the command's own append.
            _ = ledger.submit([assigned], durability: .synced)
        }
        #expect(attempts.withLock { $0 } == 2)
        #expect(accepted.streamVersions == 3...3)
        let state = try handler.load(Complaint.self, "C1").state
        #expect(state.stage == .accepted && state.handlingUnit == "长兴县市场监管局")
    }

    /// An import decides a batch on top of the one before it, still pending; once appended, the events take their
    /// positions, and a correction names them. Position 0, where pending events sit, is no event's.
    @Test func pendingEventsTakeTheirPositionsOnceAppended() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        var decisions = Decisions(rules: rules, capacity: 8)
        func decide(_ command: ComplaintCommand, _ id: String) throws(HandlingError) -> Append {
            try decisions.decide(.complaint(id: "C1", command), commandID: id, request: nil, actor: official, in: ledger, catchUp: false)
        }
        let batch = [try decide(receive(on: "2025-03-10"), "c1"), try decide(.accept(on: day("2025-03-11")), "c2"),
                     try decide(.compensate(.init(on: day("2025-03-12"), amountFen: 50_000, payer: .merchant, kind: .refund)), "c3")]
        #expect(batch.map(\.expecting) == [.noStream, .exactly(1), .exactly(2)])
        #expect(throws: HandlingError.rejected(.complaint(.correctionTargetUnknown(position: 0)))) {
            _ = try decide(.correct(.init(on: day("2025-03-20"), corrects: 0, reason: "录入错误", change: .amend(.init(amountFen: 5_000)))), "c4")
        }
        let results = await ledger.append(batch, durability: .synced)
        for result in results { decisions.appended("complaint-C1", at: try result.get().positions) }
        let paid = try results[2].get().positions.lowerBound
        let corrected = try decide(.correct(.init(on: day("2025-03-20"), corrects: paid, reason: "录入错误", change: .amend(.init(amountFen: 5_000)))), "c4")
        #expect(corrected.expecting == .exactly(3))
    }

    /// Past its capacity, the least recently used stream is forgotten, and read again when next asked.
    @Test func theLeastRecentlyUsedStreamIsForgotten() {
        var kept = LeastRecentlyUsed<String, Int>(capacity: 2)
        kept.set(1, for: "a") { _ in false }
        kept.set(2, for: "b") { _ in false }
        #expect(kept.value(for: "a") == 1)   // "b" is now the least recently used
        kept.set(3, for: "c") { _ in false }
        #expect(kept.value(for: "b") == nil && kept.value(for: "a") == 1 && kept.value(for: "c") == 3 && kept.count == 2)
        kept.remove("a")
        kept.set(4, for: "d") { _ in false }
        #expect(kept.value(for: "c") == 3 && kept.value(for: "d") == 4 && kept.count == 2)
    }

    /// A stream with events pending is never forgotten: its events are not yet in the ledger to be read again.
    /// When every stream is pinned, more than `capacity` are kept.
    @Test func pendingStreamsAreNeverForgotten() {
        var kept = LeastRecentlyUsed<String, Int>(capacity: 2)
        let pinned: (Int) -> Bool = { $0 < 0 }
        kept.set(-1, for: "pending", pinned: pinned)
        kept.set(2, for: "b", pinned: pinned)
        kept.set(3, for: "c", pinned: pinned)
        #expect(kept.value(for: "pending") == -1 && kept.value(for: "b") == nil && kept.count == 2)
        kept.set(-4, for: "d", pinned: pinned)
        kept.set(-5, for: "e", pinned: pinned)
        #expect(kept.count == 3 && kept.value(for: "pending") == -1 && kept.value(for: "e") == -5)
    }

    /// Decisions kept for one stream at a time still decide every stream on its whole history.
    @Test func aForgottenStreamIsFoldedAgain() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        let handler = CommandHandler(ledger: ledger, rules: rules, capacity: 1)
        for id in ["C1", "C2"] { _ = try await handler.handle(.complaint(id: id, receive(on: "2025-03-10")), commandID: "\(id)-1", actor: official) }
        let accepted = try await handler.handle(.complaint(id: "C1", .accept(on: day("2025-03-11"))), commandID: "C1-2", actor: official)
        #expect(accepted.streamVersions == 2...2)
        await #expect(throws: HandlingError.rejected(.complaint(.wrongStage(command: "accept", stage: "accepted")))) {
            try await handler.handle(.complaint(id: "C1", .accept(on: day("2025-03-12"))), commandID: "C1-3", actor: official)
        }
    }
}
