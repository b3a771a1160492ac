import Domain
import Testing
import TestSupport

/// Corrections (更正): an earlier event amended or voided, the complaint as its events, corrected, say, and a
/// correction refused when the corrected history is not one the rules would have let be recorded.
@Suite struct ComplaintCorrectionTests {
    let rules = ComplaintRules.standard(calendar: fixtureCalendar)

    func receive(on date: String, amountFen: Int64 = 19_900) -> ComplaintCommand {
        .receive(.init(
            channel: .hotline12315, consumer: "consumer-0001", merchant: try! UnifiedSocialCreditCode("91330522MA2B3C4D57"),
            merchantName: "长兴放心超市", category: .goods, subcategory: "食品", amountInDisputeFen: amountFen,
            receivedRegion: try! RegionCode("330522"), merchantRegion: try! RegionCode("330522"), receivedOn: day(date)))
    }

    /// Records `commands` as a log would, positions 1, 2, … (times 10, to show positions are not indexes),
    /// failing the test if any is refused; returns the recorded events.
    func recorded(_ commands: [ComplaintCommand]) throws -> [Complaint.Recorded] {
        var log: [Complaint.Recorded] = []
        for command in commands {
            for event in try Complaint.decide(command, Complaint.fold(log), rules).get() {
                log.append(.init(position: UInt64(log.count + 1) * 10, event: event))
            }
        }
        return log
    }

    func correct(_ position: UInt64, on date: String, _ change: ComplaintCommand.Correct.Change, reason: String = "录入错误",
                 after log: [Complaint.Recorded]) -> Result<[ComplaintEvent], ComplaintRejection> {
        Complaint.decide(.correct(.init(on: day(date), corrects: position, reason: reason, change: change)), Complaint.fold(log), rules)
    }

    /// Received 2025-03-10 (¥199), accepted, a ¥500 refund (at most 4 × ¥199 = ¥796), feedback and a rating.
    func paidAndRated() throws -> [Complaint.Recorded] {
        try recorded([
            receive(on: "2025-03-10"), .accept(on: day("2025-03-11")),
            .compensate(.init(on: day("2025-03-12"), amountFen: 50_000, payer: .merchant, kind: .refund)),   // position 30
            .close(on: day("2025-03-13")), .giveFeedback(on: day("2025-03-14")),                              // 40, 50
            .rateSatisfaction(on: day("2025-03-15"), satisfied: false),                                      // 60
        ])
    }

    @Test func anAmendedPaymentCountsAsAmendedAndKeepsBothVersions() throws {
        var log = try paidAndRated()
        #expect(Complaint.fold(log).compensatedFen == 50_000)
        let events = try correct(30, on: "2025-03-20", .amend(.init(amountFen: 5_000)), after: log).get()
        guard case .corrected(let correction) = try #require(events.first) else { Issue.record("no correction"); return }
        #expect(correction.corrects == 30 && correction.reason == "录入错误")
        guard case .compensated(let was) = correction.original, case .compensated(let now)? = correction.replacement else {
            Issue.record("the correction does not carry both versions"); return
        }
        #expect(was.amountFen == 50_000 && now.amountFen == 5_000 && now.paidOn == day("2025-03-12") && now.kind == .refund)
        log.append(.init(position: 70, event: events[0]))
        let state = Complaint.fold(log)
        #expect(state.compensatedFen == 5_000 && state.paidTowards[.restitution] == 5_000)
        #expect(state.lastDay == day("2025-03-20"))
        // The event it corrects stays where it was, as it now stands; the correction is not itself in the history.
        #expect(state.history.map(\.position) == [10, 20, 30, 40, 50, 60])
    }

    @Test func aPaymentAmendedPastItsLimitIsRefusedNamingIt() throws {
        let log = try paidAndRated()
        // 4 × ¥199 = ¥796: ¥796.01 is one fen too many.
        #expect(throws: Never.self) { try correct(30, on: "2025-03-20", .amend(.init(amountFen: 79_600)), after: log).get() }
        let refusal = correct(30, on: "2025-03-20", .amend(.init(amountFen: 79_601)), after: log)
        guard case .failure(.correctionLeavesCaseImpossible(30, "complaint.compensated", .compensationAboveLimit(79_601, 79_600, _))) = refusal else {
            Issue.record("\(refusal)"); return
        }
    }

    /// Lowering the price in dispute lowers the payments' limit: ¥500 paid needs a price of at least ¥125.
    @Test func aPriceAmendedBelowWhatWasPaidIsRefused() throws {
        let log = try paidAndRated()
        let refusal = correct(10, on: "2025-03-20", .amend(.init(amountInDisputeFen: 12_499)), after: log)
        guard case .failure(.correctionLeavesCaseImpossible(30, _, .compensationAboveLimit(50_000, 49_996, _))) = refusal else {
            Issue.record("\(refusal)"); return
        }
        let events = try correct(10, on: "2025-03-20", .amend(.init(category: .service, amountInDisputeFen: 12_500)), after: log).get()
        guard case .corrected(let correction) = events[0], case .received(let received)? = correction.replacement else { Issue.record("\(events)"); return }
        #expect(received.amountInDisputeFen == 12_500 && received.category == .service && received.receivedOn == day("2025-03-10"))
        #expect(received.acceptanceDue == Deadline(date: day("2025-03-19"), isProvisional: false))   // the limit as recorded
    }

    @Test func aVoidedPaymentIsGoneAndCannotBeVoidedTwice() throws {
        var log = try paidAndRated()
        log.append(.init(position: 70, event: try correct(30, on: "2025-03-20", .void, after: log).get()[0]))
        #expect(Complaint.fold(log).compensatedFen == 0)
        #expect(correct(30, on: "2025-03-21", .void, after: log) == .failure(.correctionTargetUnknown(position: 30)))
        // A correction is not corrected; its position is no event a correction can correct.
        #expect(correct(70, on: "2025-03-21", .void, after: log) == .failure(.correctionTargetUnknown(position: 70)))
    }

    @Test func aStageIsNotVoidedAndOnlyItsOwnFieldsAreAmended() throws {
        let log = try paidAndRated()
        #expect(correct(20, on: "2025-03-20", .void, after: log) == .failure(.notVoidable(type: "complaint.accepted")))
        #expect(correct(20, on: "2025-03-20", .amend(.init(amountFen: 1)), after: log)
                == .failure(.notAmendable(field: "amountFen", type: "complaint.accepted", amendable: [])))
        #expect(correct(30, on: "2025-03-20", .amend(.init(satisfied: true)), after: log)
                == .failure(.notAmendable(field: "satisfied", type: "complaint.compensated", amendable: ["amountFen"])))
        #expect(correct(30, on: "2025-03-20", .amend(.init(amountFen: 50_000)), after: log) == .failure(.correctionChangesNothing))
        #expect(correct(30, on: "2025-03-20", .void, reason: "", after: log) == .failure(.missing(field: "reason")))
        // A correction is made on or after the complaint's last recorded day, as any act is.
        #expect(correct(30, on: "2025-03-14", .void, after: log)
                == .failure(.dateBefore(command: "correct", date: day("2025-03-14"), earliest: day("2025-03-15"))))
    }

    /// Satisfaction is rated only after feedback: voiding the feedback of a rated complaint leaves the rating
    /// with nothing to follow. Voiding the rating first, then the feedback, is a possible history.
    @Test func voidingFeedbackUnderARatingIsRefused() throws {
        var log = try paidAndRated()
        let refusal = correct(50, on: "2025-03-20", .void, after: log)
        guard case .failure(.correctionLeavesCaseImpossible(60, "complaint.satisfaction-rated", .wrongStage)) = refusal else {
            Issue.record("\(refusal)"); return
        }
        log.append(.init(position: 70, event: try correct(60, on: "2025-03-20", .void, after: log).get()[0]))
        log.append(.init(position: 80, event: try correct(50, on: "2025-03-20", .void, after: log).get()[0]))
        let state = Complaint.fold(log)
        #expect(!state.feedbackGiven && state.satisfied == nil && state.stage == .closed)
    }

    /// Accepted 2026-04-15, the mediation limit is 2026-06-22 (45 working days). Mediation ended on 2026-06-23
    /// as terminated cannot be corrected into an agreement; one ended on 2026-06-22 can.
    @Test func anOutcomeAmendedIntoALateAgreementIsRefused() throws {
        func ended(on date: String) throws -> [Complaint.Recorded] {
            try recorded([receive(on: "2026-04-14"), .accept(on: day("2026-04-15")), .startMediation(on: day("2026-04-16"), mode: .administrative),
                          .endMediation(on: day(date), outcome: .terminated, reason: "经营者拒不到场")])
        }
        let late = correct(40, on: "2026-06-25", .amend(.init(outcome: .agreement)), after: try ended(on: "2026-06-23"))
        #expect(late == .failure(.correctionLeavesCaseImpossible(position: 40, type: "complaint.mediation-ended",
                                                                 reason: .agreementAfterLimit(on: day("2026-06-23"), due: day("2026-06-22")))))
        var log = try ended(on: "2026-06-22")
        log.append(.init(position: 50, event: try correct(40, on: "2026-06-25", .amend(.init(outcome: .agreement)), after: log).get()[0]))
        #expect(Complaint.fold(log).stage == .mediated(.agreement))
    }

    @Test func aCorrectionIsStoredAndReadBack() throws {
        let log = try paidAndRated()
        for change in [ComplaintCommand.Correct.Change.void, .amend(.init(amountFen: 1))] {
            let event = try correct(30, on: "2025-03-20", change, after: log).get()[0]
            #expect(event.type == "complaint.corrected")
            #expect(try ComplaintEvent.decode(type: event.type, schemaVersion: ComplaintEvent.schemaVersion, event.encoded()) == event)
        }
    }
}

/// A case received in error (误登记: the wrong merchant, the wrong day): its receipt voided, the case was never
/// received, and the right one is received afresh under a new id.
@Suite struct VoidedCaseTests {
    let rules = ComplaintRules.standard(calendar: fixtureCalendar)
    let base = ComplaintCorrectionTests()

    @Test func aReceiptVoidedVoidsTheCase() throws {
        // Received 2025-03-10 against the wrong merchant, accepted 03-11, ¥500 refunded 03-12: positions 10–30.
        var log = try base.recorded([
            base.receive(on: "2025-03-10"), .accept(on: day("2025-03-11")),
            .compensate(.init(on: day("2025-03-12"), amountFen: 50_000, payer: .merchant, kind: .refund)),
        ])
        let events = try base.correct(10, on: "2025-03-20", .void, reason: "误登记：被投诉人错误", after: log).get()
        guard case .corrected(let correction) = try #require(events.first) else { Issue.record("\(events)"); return }
        #expect(correction.voidsCase && correction.voidedWith == [20, 30] && correction.replacement == nil)
        log.append(.init(position: 40, event: events[0]))
        let state = Complaint.fold(log)
        #expect(state.stage == .none && state.history.isEmpty && state.compensatedFen == 0 && state.voidedOn == day("2025-03-20"))
        // One id, one case: nothing more is taken under it, not even a receipt.
        #expect(Complaint.decide(base.receive(on: "2025-03-21"), state, rules) == .failure(.caseVoided(on: day("2025-03-20"))))
        #expect(Complaint.decide(.accept(on: day("2025-03-21")), state, rules) == .failure(.caseVoided(on: day("2025-03-20"))))
        #expect(base.correct(20, on: "2025-03-21", .void, after: log) == .failure(.caseVoided(on: day("2025-03-20"))))
        // Stored and read back, the correction keeps what fell with the receipt.
        #expect(try ComplaintEvent.decode(type: events[0].type, schemaVersion: 1, events[0].encoded()) == events[0])
    }

    /// The right case is received under a new id with its true day, 03-10, though the void was made on 03-20.
    @Test func theRightCaseIsReceivedAfreshOnItsTrueDay() throws {
        let right = try base.recorded([base.receive(on: "2025-03-10"), .accept(on: day("2025-03-11"))])
        #expect(Complaint.fold(right).stage == .accepted && Complaint.fold(right).receivedOn == day("2025-03-10"))
    }

    /// An amendment of the receipt is still held to the amendable fields; only a void takes the case with it.
    @Test func aReceiptIsAmendedOrVoidedNeverBoth() throws {
        let log = try base.recorded([base.receive(on: "2025-03-10")])
        let amended = try base.correct(10, on: "2025-03-11", .amend(.init(category: .service)), after: log).get()
        guard case .corrected(let correction) = try #require(amended.first) else { Issue.record("\(amended)"); return }
        #expect(!correction.voidsCase && correction.voidedWith.isEmpty)
    }
}
