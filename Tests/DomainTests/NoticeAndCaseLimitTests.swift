import Domain
import Testing
import TestSupport

/// The duties that follow a decision (docs/DOMAIN.md §2.3): telling both parties that mediation ended without
/// agreement (D3, 7 working days), telling a real-name reporter whether a case was filed (D7, 5 working days), and
/// deciding a filed case (D8, 90 calendar days, +30 with approval, more by collective decision). Every last day is
/// counted by hand from the State Council's notices in Fixtures/calendar.
@Suite struct NoticeAndCaseLimitTests {
    let rules = ComplaintRules.standard(calendar: fixtureCalendar)

    func complaint(endedOn date: String, _ outcome: MediationOutcome) throws -> Complaint.State {
        var state = Complaint.initial
        let commands: [ComplaintCommand] = [
            .receive(.init(channel: .hotline12315, consumer: "c-1", merchant: nil, merchantName: "长兴某店", category: .goods, subcategory: "食品",
                           amountInDisputeFen: 10_000, receivedRegion: try RegionCode("330522"), merchantRegion: try RegionCode("330522"),
                           receivedOn: day("2026-04-14"))),
            .accept(on: day("2026-04-15")), .startMediation(on: day("2026-04-16"), mode: .administrative),
            .endMediation(on: day(date), outcome: outcome, reason: outcome == .terminated ? "拒不到场" : nil),
        ]
        for command in commands { for event in try Complaint.decide(command, state, rules).get() { state = Complaint.evolve(state, event) } }
        return state
    }

    /// Mediation that failed on Mon 2026-06-15 is terminated: both parties are told by Thu 06-25 (16, 17, 18 June;
    /// Dragon Boat 19–21 off; 22, 23, 24, 25). An agreement owes no notice.
    @Test func mediationEndedWithoutAgreementOwesTheNoticeWithinSevenWorkingDays() throws {
        let failed = try complaint(endedOn: "2026-06-15", .failed)
        #expect(failed.noticeDue == Deadline(date: day("2026-06-25"), isProvisional: false))
        #expect(try complaint(endedOn: "2026-06-15", .terminated).noticeDue?.date == day("2026-06-25"))
        #expect(try complaint(endedOn: "2026-06-15", .withdrawn).noticeDue?.date == day("2026-06-25"))
        let agreed = try complaint(endedOn: "2026-06-15", .agreement)
        #expect(agreed.noticeDue == nil)
        guard case .failure(.wrongStage) = Complaint.decide(.notifyParties(on: day("2026-06-16")), agreed, rules) else {
            Issue.record("parties notified of an agreement"); return
        }
        let told = try Complaint.decide(.notifyParties(on: day("2026-06-16")), failed, rules).get()
        #expect(told == [.partiesNotified(on: day("2026-06-16"))])
        guard case .failure(.wrongStage) = Complaint.decide(.notifyParties(on: day("2026-06-17")), told.reduce(failed, Complaint.evolve), rules) else {
            Issue.record("parties notified twice"); return
        }
    }

    func report(realName: Bool) throws -> Report.State {
        var state = Report.initial
        let commands: [ReportCommand] = [
            .receive(.init(receivedOn: day("2025-11-03"), channel: .online12315, reporter: "reporter-1",
                           reporterName: realName ? SealedPersonalData(subject: "reporter-1", box: [1, 2, 3]) : nil,
                           merchant: nil, merchantName: "湖州某店", allegation: "销售过期食品", receivedRegion: try RegionCode("330502"))),
            .verify(on: day("2025-11-10"), substantiated: true, findings: "属实"),
            .decideCase(on: day("2025-11-17"), filed: true, reference: "湖市监立〔2025〕9号"),
        ]
        for command in commands { for event in try Report.decide(command, state, rules).get() { state = Report.evolve(state, event) } }
        return state
    }

    /// Filed on Mon 2025-11-17: a real-name reporter is told by Mon 11-24 (18–21, 24); the case is decided within 90
    /// days, by Sun 2026-02-15, which the Spring Festival (15–23 February) moves to Tue 02-24.
    @Test func aFiledCaseOwesTheReporterANoticeAndADecision() throws {
        let named = try report(realName: true)
        #expect(named.reporterNoticeDue == Deadline(date: day("2025-11-24"), isProvisional: false))
        #expect(named.decisionDue == Deadline(date: day("2026-02-24"), isProvisional: false))
        let anonymous = try report(realName: false)
        #expect(anonymous.reporterNoticeDue == nil && anonymous.decisionDue?.date == day("2026-02-24"))
        guard case .failure(.wrongStage) = Report.decide(.notifyReporter(on: day("2025-11-18")), anonymous, rules) else {
            Issue.record("an anonymous reporter notified"); return
        }
        #expect(try Report.decide(.notifyReporter(on: day("2025-11-18")), named, rules).get() == [.reporterNotified(on: day("2025-11-18"))])
    }

    /// One approval adds up to 30 days: 02-24 + 30 = Thu 03-26. A second needs a collective decision: + 10 = Sun 04-05,
    /// in Qingming (4–6 April), so Tue 04-07.
    @Test func anExtensionNeedsApprovalThenACollectiveDecision() throws {
        var state = try report(realName: false)
        func extend(_ days: Int, collective: Bool, on date: String = "2026-02-10") -> Result<[ReportEvent], ReportRejection> {
            Report.decide(.extendCase(on: day(date), days: days, approval: collective ? "局务会集体讨论" : "局长批准", collective: collective), state, rules)
        }
        guard case .failure(.invalid("days", _)) = extend(31, collective: false) else { Issue.record("31 days on approval"); return }
        let approved = try extend(30, collective: false).get()
        #expect(approved == [.caseExtended(on: day("2026-02-10"), due: Deadline(date: day("2026-03-26"), isProvisional: false),
                                           approval: "局长批准", collective: false)])
        state = approved.reduce(state, Report.evolve)
        guard case .failure(.invalid("collective", _)) = extend(1, collective: false, on: "2026-03-20") else { Issue.record("approved twice"); return }
        let collective = try extend(10, collective: true, on: "2026-03-20").get()
        guard case .caseExtended(_, let due, _, true) = collective.first else { Issue.record("\(collective)"); return }
        #expect(due == Deadline(date: day("2026-04-07"), isProvisional: false))
        // Closed, the case's limit stops; nothing is extended after.
        state = try Report.decide(.closeCase(on: day("2026-03-25"), penaltyFen: 0, decision: "不予处罚"), collective.reduce(state, Report.evolve), rules)
            .get().reduce(collective.reduce(state, Report.evolve), Report.evolve)
        guard case .failure(.wrongStage) = extend(10, collective: true, on: "2026-03-26") else { Issue.record("a closed case extended"); return }
    }

    /// A 90-day limit that reaches past the calendar's last day stops there, provisional; every count saturates.
    @Test func calendarDayLimitsHoldAtTheCalendarsEnds() throws {
        #expect(try fixtureCalendar.deadline(90, calendarDaysAfter: .latest) == Deadline(date: .latest, isProvisional: true))
        #expect(try fixtureCalendar.deadline(366, calendarDaysAfter: CivilDate("9999-12-01")!).date == .latest)
        // 2027's notice is not recorded: Monday to Friday count, and the day is provisional. 2026-12-31 + 2 = Sat 2027-01-02 → Mon 01-04.
        #expect(try fixtureCalendar.deadline(2, calendarDaysAfter: day("2026-12-31")) == Deadline(date: day("2027-01-04"), isProvisional: true))
    }
}
