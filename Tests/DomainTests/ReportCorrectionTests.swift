import Domain
import Testing
import TestSupport

/// A report's corrections (更正), as a complaint's: amended or voided, refused when the corrected history is not
/// one the rules would accept.
@Suite struct ReportCorrectionTests {
    let rules = ComplaintRules.standard(calendar: fixtureCalendar)

    /// Received, verified as substantiated, filed, closed with a ¥50,000 penalty, rewarded ¥3,000: positions 10–50.
    func rewarded() throws -> [Recorded<ReportEvent>] {
        var log: [Recorded<ReportEvent>] = []
        let commands: [ReportCommand] = [
            .receive(.init(receivedOn: day("2025-06-09"), channel: .online12315, reporter: "reporter-1", merchant: nil, merchantName: "长兴某电器行",
                           allegation: "销售不合格电热水壶", receivedRegion: try RegionCode("330522"))),
            .verify(on: day("2025-06-20"), substantiated: true, findings: "抽检不合格"),
            .decideCase(on: day("2025-06-23"), filed: true, reference: "长市监立〔2025〕31号"),
            .closeCase(on: day("2025-07-02"), penaltyFen: 5_000_000, decision: "罚款五万元"),
            .payReward(on: day("2025-07-15"), amountFen: 300_000),
        ]
        for command in commands {
            for event in try Report.decide(command, Report.fold(log), rules).get() { log.append(.init(position: UInt64(log.count + 1) * 10, event: event)) }
        }
        return log
    }

    func correct(_ position: UInt64, _ change: ReportCommand.Correct.Change, after log: [Recorded<ReportEvent>]) -> Result<[ReportEvent], ReportRejection> {
        Report.decide(.correct(.init(on: day("2025-07-20"), corrects: position, reason: "录入错误", change: change)), Report.fold(log), rules)
    }

    @Test func aPenaltyIsAmendedWithinWhatItWas() throws {
        let log = try rewarded()
        let events = try correct(40, .amend(.init(penaltyFen: 500_000)), after: log).get()
        guard case .corrected(let correction) = events[0], case .caseClosed(_, 500_000, "罚款五万元")? = correction.replacement else {
            Issue.record("\(events)"); return
        }
        // To none, or from none, is not a correction but another decision.
        guard case .failure(.invalid("penaltyFen", _)) = correct(40, .amend(.init(penaltyFen: 0)), after: log) else { Issue.record("penalty to none"); return }
    }

    /// A report found unsubstantiated can have had no case filed, nor a reward paid: the first is named.
    @Test func unsubstantiatingAFiledReportIsRefused() throws {
        let refusal = correct(20, .amend(.init(substantiated: false)), after: try rewarded())
        #expect(refusal == .failure(.correctionLeavesCaseImpossible(
            position: 30, type: "report.case-decided", reason: .invalid(field: "filed", reason: "cannot be true for a report found unsubstantiated"))))
    }

    @Test func aRewardPaidByMistakeIsVoidedOnce() throws {
        var log = try rewarded()
        log.append(.init(position: 60, event: try correct(50, .void, after: log).get()[0]))
        let state = Report.fold(log)
        #expect(!state.rewarded && state.stage == .closed && state.history.map(\.position) == [10, 20, 30, 40])
        #expect(correct(50, .void, after: log) == .failure(.correctionTargetUnknown(position: 50)))
        #expect(correct(40, .void, after: log) == .failure(.notVoidable(type: "report.case-closed")))
        #expect(correct(20, .amend(.init(amountFen: 1)), after: log)
                == .failure(.notAmendable(field: "amountFen", type: "report.verified", amendable: ["findings", "substantiated"])))
        // Paid again after the void: the reward is once, as it now stands.
        #expect(throws: Never.self) { try Report.decide(.payReward(on: day("2025-07-21"), amountFen: 200_000), state, rules).get() }
    }

    @Test func aReportCorrectionIsStoredAndReadBack() throws {
        let log = try rewarded()
        for change in [ReportCommand.Correct.Change.void, .amend(.init(amountFen: 1))] {
            let event = try correct(50, change, after: log).get()[0]
            #expect(try ReportEvent.decode(type: event.type, schemaVersion: ReportEvent.schemaVersion, event.encoded()) == event)
        }
    }
}

/// A report received in error (误登记): its receipt voided, the report was never received, its id takes nothing
/// more, and the right one is received afresh under a new id.
@Suite struct VoidedReportDecisionTests {
    @Test func aReceiptVoidedVoidsTheReport() throws {
        let base = ReportCorrectionTests()
        var log = try base.rewarded()
        let events = try base.correct(10, .void, after: log).get()
        guard case .corrected(let correction) = try #require(events.first) else { Issue.record("\(events)"); return }
        #expect(correction.voidsCase && correction.voidedWith == [20, 30, 40, 50])
        log.append(.init(position: 60, event: events[0]))
        let state = Report.fold(log)
        #expect(state.stage == .none && state.history.isEmpty && !state.rewarded && state.voidedOn == day("2025-07-20"))
        #expect(Report.decide(.payReward(on: day("2025-07-21"), amountFen: 1), state, base.rules) == .failure(.caseVoided(on: day("2025-07-20"))))
    }
}
