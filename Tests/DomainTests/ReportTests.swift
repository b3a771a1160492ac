import Domain
import Testing
import TestSupport

@Suite struct ReportTests {
    let rules = ComplaintRules.standard(calendar: fixtureCalendar)

    func receive(_ date: String = "2025-09-26") -> Report.Receive {
        Report.Receive(receivedOn: day(date), channel: .online12315, reporter: "reporter-9", merchant: try! UnifiedSocialCreditCode("91350200776049653A"),
                       merchantName: "某网店", allegation: "销售过期食品", receivedRegion: try! RegionCode("330522"))
    }

    func given(_ events: [ReportEvent], received date: String = "2025-09-26") throws -> Report.State {
        var state = Report.initial
        for event in try Report.receive(receive(date), state, rules).get() { state = Report.evolve(state, event) }
        for event in events {
            for accepted in try Report.decide(event, state).get() { state = Report.evolve(state, accepted) }
        }
        return state
    }

    func refusal(_ event: ReportEvent, after events: [ReportEvent]) throws -> ReportRejection? {
        guard case .failure(let rejection) = Report.decide(event, try given(events)) else { return nil }
        return rejection
    }

    @Test func receivingSetsTheVerificationDeadline() throws {
        #expect(try given([]).verificationDue == Deadline(date: day("2025-10-23"), isProvisional: false))   // 15 working days over National Day
    }

    @Test func aSubstantiatedReportRunsToAReward() throws {
        let state = try given([
            .verified(on: day("2025-10-10"), substantiated: true, findings: "查实"),
            .caseDecided(on: day("2025-10-11"), filed: true, reference: "长市监立〔2025〕88号"),
            .caseClosed(on: day("2025-12-01"), penaltyFen: 5_000_000, decision: "罚款五万元"),
            .rewardPaid(on: day("2025-12-15"), amountFen: 100_000),
        ])
        #expect(state.stage == .closed && state.rewarded)
    }

    @Test func theOrderAndTheRewardRulesHold() throws {
        #expect(try refusal(.caseDecided(on: day("2025-10-10"), filed: true, reference: "x"), after: [])
                == .wrongStage(action: "record case-decided", stage: "awaiting verification"))
        let unfounded: [ReportEvent] = [.verified(on: day("2025-10-10"), substantiated: false, findings: "未查实")]
        #expect(try refusal(.caseDecided(on: day("2025-10-10"), filed: true, reference: "x"), after: unfounded)
                == .invalid(field: "filed", reason: "cannot be true for a report found unsubstantiated"))
        let notFiled = unfounded + [.caseDecided(on: day("2025-10-10"), filed: false, reference: "证据不足")]
        #expect(try refusal(.rewardPaid(on: day("2025-10-11"), amountFen: 1), after: notFiled)
                == .wrongStage(action: "record reward-paid", stage: "not filed as a case"))
        let closed: [ReportEvent] = [.verified(on: day("2025-10-10"), substantiated: true, findings: "查实"),
                                     .caseDecided(on: day("2025-10-11"), filed: true, reference: "x"),
                                     .caseClosed(on: day("2025-12-01"), penaltyFen: 0, decision: "警告"),
                                     .rewardPaid(on: day("2025-12-15"), amountFen: 100)]
        #expect(try refusal(.rewardPaid(on: day("2025-12-16"), amountFen: 100), after: closed) == .invalid(field: "reward", reason: "was already paid"))
        #expect(try refusal(.verified(on: day("2025-09-25"), substantiated: true, findings: "x"), after: [])
                == .dateBefore(action: "record verified", date: day("2025-09-25"), earliest: day("2025-09-26")))
        #expect(Report.decide(.verified(on: day("2025-09-25"), substantiated: true, findings: "x"), Report.initial) == .failure(.notReceived))
    }

    @Test func everyEventSurvivesItsStoredForm() throws {
        var events = try Report.receive(receive("2026-12-24"), Report.initial, rules).get()   // a provisional deadline, into 2027
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
