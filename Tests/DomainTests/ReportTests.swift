import Domain
import Testing
import TestSupport

@Suite struct ReportTests {
    let rules = ComplaintRules.standard(calendar: fixtureCalendar)

    func receive(_ date: String = "2025-09-26") -> ReportCommand.Receive {
        ReportCommand.Receive(receivedOn: day(date), channel: .online12315, reporter: "reporter-9", merchant: try! UnifiedSocialCreditCode("91350200776049653A"),
                       merchantName: "某网店", allegation: "销售过期食品", receivedRegion: try! RegionCode("330522"))
    }

    /// One submission with a dispute and a clue forks into a complaint and a report (分别处理): both carry its
    /// intake, each its own limit from the same day. Received Fri 2025-09-26: the complaint is due Mon 10-13
    /// (7 working days), the report Thu 10-23 (15: 28, 29, 30 Sep; 9, 10, 11 Oct, a worked Saturday; 13–17; 20–23).
    @Test func anIntakeForksIntoAComplaintAndAReport() throws {
        var report = receive("2025-09-26")
        report.intake = "12315-2025-0926-0001"
        guard case .received(let reported) = try #require(try Report.decide(.receive(report), Report.initial, rules).get().first) else { return }
        let complaint = ComplaintCommand.receive(.init(
            channel: .online12315, consumer: "consumer-9", merchant: try UnifiedSocialCreditCode("91350200776049653A"), merchantName: "某网店",
            category: .goods, subcategory: "食品", amountInDisputeFen: 3_000, receivedRegion: try RegionCode("330522"),
            merchantRegion: try RegionCode("330522"), receivedOn: day("2025-09-26"), intake: "12315-2025-0926-0001"))
        guard case .received(let complained) = try #require(try Complaint.decide(complaint, Complaint.initial, rules).get().first) else { return }
        #expect(reported.intake == complained.intake && reported.intake == "12315-2025-0926-0001")
        #expect(complained.acceptanceDue.date == day("2025-10-13") && reported.verificationDue.date == day("2025-10-23"))
        #expect(try ReportEvent.decode(type: "report.received", schemaVersion: 1, ReportEvent.received(reported).encoded()) == .received(reported))
        #expect(try ComplaintEvent.decode(type: "complaint.received", schemaVersion: 1, ComplaintEvent.received(complained).encoded()) == .received(complained))
    }

    /// Received Fri 2025-09-26, verification is due Thu 10-23 (15 working days). Suspended for testing on Tue 09-30
    /// with 12 working days left (9–11, 13–17, 20–23 Oct), resumed Mon 10-13: due Wed 10-29 (14–17, 20–24, 27–29).
    @Test func aSuspendedVerificationResumesWithTheDaysItHadLeft() throws {
        var state = try given([.suspendVerification(on: day("2025-09-30"), reason: .testingOrAppraisal, note: "送检")])
        #expect(state.suspendedSince == day("2025-09-30"))
        if case .failure(let refused) = Report.decide(.verify(on: day("2025-10-09"), substantiated: true, findings: "属实"), state, rules) {
            #expect(refused.description.contains("suspended since 2025-09-30"))
        } else {
            Issue.record("verified while suspended")
        }
        for event in try Report.decide(.resumeVerification(on: day("2025-10-13")), state, rules).get() { state = Report.evolve(state, event) }
        #expect(state.verificationDue == Deadline(date: day("2025-10-29"), isProvisional: false) && state.suspendedSince == nil)
        #expect(throws: ReportRejection.self) { try Report.decide(.resumeVerification(on: day("2025-10-14")), state, rules).get() }
        #expect(throws: ReportRejection.self) { try Report.decide(.suspendVerification(on: day("2025-10-14"), reason: .other, note: nil), state, rules).get() }
    }

    func given(_ events: [ReportCommand], received date: String = "2025-09-26") throws -> Report.State {
        var state = Report.initial
        for event in try Report.decide(.receive(receive(date)), state, rules).get() { state = Report.evolve(state, event) }
        for event in events {
            for accepted in try Report.decide(event, state, rules).get() { state = Report.evolve(state, accepted) }
        }
        return state
    }

    func refusal(_ event: ReportCommand, after events: [ReportCommand]) throws -> ReportRejection? {
        guard case .failure(let rejection) = Report.decide(event, try given(events), rules) else { return nil }
        return rejection
    }

    @Test func receivingSetsTheVerificationDeadline() throws {
        #expect(try given([]).verificationDue == Deadline(date: day("2025-10-23"), isProvisional: false))   // 15 working days over National Day
    }

    @Test func aSubstantiatedReportRunsToAReward() throws {
        let state = try given([
            .verify(on: day("2025-10-10"), substantiated: true, findings: "查实"),
            .decideCase(on: day("2025-10-11"), filed: true, reference: "长市监立〔2025〕88号"),
            .closeCase(on: day("2025-12-01"), penaltyFen: 5_000_000, decision: "罚款五万元"),
            .payReward(on: day("2025-12-15"), amountFen: 100_000),
        ])
        #expect(state.stage == .closed && state.rewarded)
    }

    @Test func theOrderAndTheRewardRulesHold() throws {
        #expect(try refusal(.decideCase(on: day("2025-10-10"), filed: true, reference: "x"), after: [])
                == .wrongStage(action: "record case-decided", stage: "awaiting verification"))
        let unfounded: [ReportCommand] = [.verify(on: day("2025-10-10"), substantiated: false, findings: "未查实")]
        #expect(try refusal(.decideCase(on: day("2025-10-10"), filed: true, reference: "x"), after: unfounded)
                == .invalid(field: "filed", reason: "cannot be true for a report found unsubstantiated"))
        let notFiled = unfounded + [.decideCase(on: day("2025-10-10"), filed: false, reference: "证据不足")]
        #expect(try refusal(.payReward(on: day("2025-10-11"), amountFen: 1), after: notFiled)
                == .wrongStage(action: "record reward-paid", stage: "not filed as a case"))
        let closed: [ReportCommand] = [.verify(on: day("2025-10-10"), substantiated: true, findings: "查实"),
                                     .decideCase(on: day("2025-10-11"), filed: true, reference: "x"),
                                     .closeCase(on: day("2025-12-01"), penaltyFen: 0, decision: "警告"),
                                     .payReward(on: day("2025-12-15"), amountFen: 100)]
        #expect(try refusal(.payReward(on: day("2025-12-16"), amountFen: 100), after: closed) == .invalid(field: "reward", reason: "was already paid"))
        #expect(try refusal(.verify(on: day("2025-09-25"), substantiated: true, findings: "x"), after: [])
                == .dateBefore(action: "record verified", date: day("2025-09-25"), earliest: day("2025-09-26")))
        #expect(Report.decide(.verify(on: day("2025-09-25"), substantiated: true, findings: "x"), Report.initial, rules) == .failure(.notReceived))
    }

    @Test func everyEventSurvivesItsStoredForm() throws {
        var events = try Report.decide(.receive(receive("2026-12-24")), Report.initial, rules).get()   // a provisional deadline, into 2027
        events += [ReportEvent.verified(on: day("2026-12-28"), substantiated: true, findings: "f"),
                   .caseDecided(on: day("2026-12-29"), filed: false, reference: "r"),
                   .caseClosed(on: day("2026-12-30"), penaltyFen: 123, decision: "d"),
                   .rewardPaid(on: day("2026-12-31"), amountFen: 456)]
        guard case .received(let received) = events[0] else { Issue.record("not received"); return }
        #expect(received.verificationDue.isProvisional && received.regime == .order121)
        for event in events {
            #expect(try ReportEvent.decode(type: event.type, schemaVersion: ReportEvent.schemaVersion, event.encoded()) == event)
        }
    }
}
