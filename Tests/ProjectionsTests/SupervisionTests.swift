import Domain
import Projections
import Testing

/// The supervision list on chosen days, with every last day counted by hand from the 2025 State Council notice
/// (National Day 1–8 October off; Sunday 28 September and Saturday 11 October worked).
@Suite struct SupervisionTests {
    /// 2025's notice as far as these cases need it.
    let notice = WorkingCalendar.Year(year: 2025, source: "国办发明电〔2024〕12号",
                                      holidays: [.init(name: "国庆节、中秋节", from: day("2025-10-01"), to: day("2025-10-08"))],
                                      workdays: [day("2025-09-28"), day("2025-10-11")])

    func log() -> EventLog {
        var log = EventLog()
        log.add(.policy(.calendarPublished(notice)))
        // Received Fri 26 Sep in Changxing: 7 working days end Mon 13 Oct (docs/DOMAIN.md §2.7). Accepted late, on 15 Oct.
        log.complaint("late", received("2025-09-26", due: "2025-10-13"))
        // Received Mon 29 Sep, accepted the next day: its mediation runs to 5 Dec.
        log.complaint("prompt", received("2025-09-29", due: "2025-10-14"))
        log.complaint("prompt", accepted("2025-09-30", mediationDue: "2025-12-05"))
        // A report received Thu 9 Oct in Deqing (330521): 15 working days end Wed 29 Oct; the filing decision comes on 30 Oct.
        log.add(.report(id: "r1", .received(.init(
            receivedOn: day("2025-10-09"), channel: .online12315, reporter: "reporter-1", reporterName: nil, reporterPhone: nil, merchant: nil,
            merchantName: "德清某店", allegation: "虚假宣传", receivedRegion: try! RegionCode("330521"), regime: .order20,
            verificationDue: Deadline(date: day("2025-10-29"), isProvisional: false)))))
        // Recorded after everything above, but acts of 15 and 30 October: the business day decides, not the recording.
        log.complaint("late", accepted("2025-10-15", mediationDue: "2025-12-19"))
        log.add(.report(id: "r1", .caseDecided(on: day("2025-10-30"), filed: false, reference: "证据不足")))
        return log
    }

    func listed(on text: String, within: Int = 0, region: String? = nil) throws -> [String] {
        try SupervisionQueries.list(log().rows(SupervisionProjection.self), on: day(text), dueWithin: within, region: region.map { try RegionCode($0) })
            .map { "\($0.clock.kind.name) \($0.clock.id) \($0.clock.limit.name) \($0.status.rawValue) \($0.clock.due.date) \($0.daysPastDue)" }
    }

    /// "late" was received in error: its receipt voided on 14 Oct, no list shows it from then on, whatever day it is
    /// asked for; as of a position before the void, the list is what it was.
    @Test func aVoidedCaseLeavesEveryList() throws {
        var log = log()
        let before = log.events.count
        log.complaint("late", .corrected(.init(on: day("2025-10-14"), corrects: 2, reason: "误登记", original: received("2025-09-26", due: "2025-10-13"),
                                               replacement: nil, voidedWith: [])))
        func listed(_ rows: SortedRows, on text: String) throws -> [String] {
            try SupervisionQueries.list(rows, on: day(text), dueWithin: 0).map { "\($0.clock.kind.name) \($0.clock.id) \($0.status.rawValue)" }
        }
        let now = log.rows(SupervisionProjection.self)
        #expect(try listed(now, on: "2025-10-13").isEmpty && listed(now, on: "2025-10-14").isEmpty)
        #expect(try listed(log.rows(SupervisionProjection.self, through: UInt64(before)), on: "2025-10-14") == ["complaint late overdue"])
        // Restored from its rows, the model keeps no clock of the case to stop: a late act of it writes nothing.
        var restored = try SupervisionProjection(rows: now)
        try restored.apply(ProjectionEvent(position: 99, recordedAt: 0, actorID: "x", fact: .complaint(id: "late", accepted("2025-10-15", mediationDue: "2025-12-19"))))
        #expect(restored.takeChanges().isEmpty)
    }

    @Test func aLimitsLastDayIsInTimeAndTheNextIsOverdue() throws {
        #expect(try listed(on: "2025-10-13") == ["complaint late acceptance due-soon 2025-10-13 0"])
        #expect(try listed(on: "2025-10-14") == ["complaint late acceptance overdue 2025-10-13 1"])
        // Accepted on the 15th: from that day on its acceptance is no longer awaited.
        #expect(try listed(on: "2025-10-15").isEmpty)
    }

    @Test func theWindowCountsWorkingDays() throws {
        // Fri 24 Oct + 3 working days = Wed 29 Oct, the report's last day; + 2 = Tue 28 Oct, before it.
        #expect(try listed(on: "2025-10-24", within: 3) == ["report r1 report-verification due-soon 2025-10-29 -5"])
        #expect(try listed(on: "2025-10-24", within: 2).isEmpty)
        // Thu 9 Oct + 2 working days crosses Saturday 11 October, a working day: Fri 10, Sat 11. Nothing is due by then.
        #expect(try listed(on: "2025-10-09", within: 2).isEmpty)
        // + 3 reaches Mon 13 Oct, the complaint's last day.
        #expect(try listed(on: "2025-10-09", within: 3) == ["complaint late acceptance due-soon 2025-10-13 -4"])
        // The filing decision came on 30 October, a day after the last day: due on the 29th, no longer awaited on the 30th.
        #expect(try listed(on: "2025-10-29") == ["report r1 report-verification due-soon 2025-10-29 0"])
        #expect(try listed(on: "2025-10-30").isEmpty)
    }

    /// The duties after a decision run clocks of their own: the notice to both parties once mediation failed (D3),
    /// which closing the complaint does not stop; the notice to a real-name reporter (D7) beside the filed case's
    /// decision (D8), whose last day an extension moves. Last days as `NoticeAndCaseLimitTests` counts them.
    @Test func noticesAndACasesDecisionRunClocksOfTheirOwn() throws {
        var log = EventLog()
        log.complaint("m", received("2026-04-14", due: "2026-04-23"))
        log.complaint("m", accepted("2026-04-15", mediationDue: "2026-06-22"))
        log.complaint("m", .mediationStarted(.init(startedOn: day("2026-04-16"), mode: .administrative)))
        log.complaint("m", .mediationEnded(.init(endedOn: day("2026-06-15"), outcome: .failed, reason: nil,
                                                 noticeDue: Deadline(date: day("2026-06-25"), isProvisional: false))))
        log.complaint("m", .closed(.init(closedOn: day("2026-06-16"))))
        log.add(.report(id: "r", .received(.init(
            receivedOn: day("2025-11-03"), channel: .online12315, reporter: "reporter-1", reporterName: nil, reporterPhone: nil, merchant: nil,
            merchantName: "湖州某店", allegation: "销售过期食品", receivedRegion: try! RegionCode("330502"), regime: .order20,
            verificationDue: Deadline(date: day("2025-11-24"), isProvisional: false)))))
        log.add(.report(id: "r", .caseDecided(on: day("2025-11-17"), filed: true, reference: "湖市监立〔2025〕9号",
                                              reporterNoticeDue: Deadline(date: day("2025-11-24"), isProvisional: false),
                                              decisionDue: Deadline(date: day("2026-02-24"), isProvisional: false))))
        func listed(on text: String) throws -> [String] {
            try SupervisionQueries.list(log.rows(SupervisionProjection.self), on: day(text), dueWithin: 0)
                .map { "\($0.clock.kind.name) \($0.clock.id) \($0.clock.limit.name) \($0.status.rawValue) \($0.clock.due.date) \($0.daysPastDue)" }
        }
        #expect(try listed(on: "2025-11-24") == ["report r reporter-notice due-soon 2025-11-24 0"])
        #expect(try listed(on: "2025-11-25") == ["report r reporter-notice overdue 2025-11-24 1"])
        log.add(.report(id: "r", .reporterNotified(on: day("2025-11-25"))))
        #expect(try listed(on: "2025-11-25").isEmpty)
        #expect(try listed(on: "2026-02-25") == ["report r penalty-decision overdue 2026-02-24 1"])
        log.add(.report(id: "r", .caseExtended(on: day("2026-02-10"), due: Deadline(date: day("2026-03-26"), isProvisional: false),
                                               approval: "局长批准", collective: false)))
        #expect(try listed(on: "2026-02-25").isEmpty)
        #expect(try listed(on: "2026-03-27") == ["report r penalty-decision overdue 2026-03-26 1"])
        log.add(.report(id: "r", .caseClosed(on: day("2026-03-25"), penaltyFen: 0, decision: "不予处罚")))
        #expect(try listed(on: "2026-03-27").isEmpty)

        #expect(try listed(on: "2026-06-25") == ["complaint m parties-notice due-soon 2026-06-25 0"])
        #expect(try listed(on: "2026-06-26") == ["complaint m parties-notice overdue 2026-06-25 1"])
        log.complaint("m", .partiesNotified(on: day("2026-06-26")))
        #expect(try listed(on: "2026-06-26").isEmpty)

        // An outcome corrected into an agreement owes no notice: its clock is voided.
        let failed = ComplaintEvent.MediationEnded(endedOn: day("2026-06-15"), outcome: .failed, reason: nil,
                                                   noticeDue: Deadline(date: day("2026-06-25"), isProvisional: false))
        log.complaint("n", received("2026-04-14", due: "2026-04-23"))
        log.complaint("n", accepted("2026-04-15", mediationDue: "2026-06-22"))
        let ending = log.complaint("n", .mediationEnded(failed))
        #expect(try listed(on: "2026-06-26") == ["complaint n parties-notice overdue 2026-06-25 1"])
        log.complaint("n", .corrected(.init(on: day("2026-06-26"), corrects: ending, reason: "误录", original: .mediationEnded(failed),
                                            replacement: .mediationEnded(.init(endedOn: day("2026-06-15"), outcome: .agreement, reason: nil)))))
        #expect(try listed(on: "2026-06-26").isEmpty)
    }

    /// Received Mon 2025-03-10, due Wed 03-19; suspended on 03-12 and resumed on Mon 03-24 with its 5 working days
    /// left, due Mon 03-31 (as the decider records it).
    @Test func aSuspendedLimitIsNotListedAndRunsAgainToItsNewLastDay() throws {
        var log = EventLog()
        log.complaint("s", received("2025-03-10", due: "2025-03-19"))
        log.complaint("s", .clockSuspended(on: day("2025-03-12"), limit: .acceptance, reason: .consumerDelay, note: nil))
        log.complaint("s", .clockResumed(on: day("2025-03-24"), limit: .acceptance, due: Deadline(date: day("2025-03-31"), isProvisional: false)))
        let rows = log.rows(SupervisionProjection.self)
        func listed(_ on: String, _ within: Int) throws -> [String] {
            try SupervisionQueries.list(rows, on: day(on), dueWithin: within).map { "\($0.status.rawValue) \($0.clock.due.date) \($0.daysPastDue)" }
        }
        #expect(try listed("2025-03-11", 10) == ["due-soon 2025-03-19 -8"])
        #expect(try listed("2025-03-12", 10).isEmpty)           // suspended that day
        #expect(try listed("2025-03-20", 10).isEmpty)           // its old last day passed while suspended
        #expect(try listed("2025-03-25", 5) == ["due-soon 2025-03-31 -6"])
        #expect(try listed("2025-04-01", 0) == ["overdue 2025-03-31 1"])
        // Restored from its rows mid-suspension, the fold resumes the same way.
        var first = EventLog(), rest = EventLog()
        first.complaint("s", received("2025-03-10", due: "2025-03-19"))
        first.complaint("s", .clockSuspended(on: day("2025-03-12"), limit: .acceptance, reason: .consumerDelay, note: nil))
        rest.complaint("s", .clockResumed(on: day("2025-03-24"), limit: .acceptance, due: Deadline(date: day("2025-03-31"), isProvisional: false)))
        var restored = try SupervisionProjection(rows: first.rows(SupervisionProjection.self))
        for event in rest.events { try restored.apply(event) }
        let continued = SortedRows(first.rows(SupervisionProjection.self).rows + restored.takeChanges())
        #expect(continued.rows == rows.rows)
    }

    /// A report's verification suspended for testing is not listed; resumed, it runs to the day the resumption recorded.
    @Test func aSuspendedVerificationIsNotListedUntilItResumes() throws {
        var log = EventLog()
        log.add(.report(id: "r2", .received(.init(
            receivedOn: day("2025-10-09"), channel: .online12315, reporter: "reporter-2", reporterName: nil, reporterPhone: nil, merchant: nil,
            merchantName: "德清某店", allegation: "销售不合格产品", receivedRegion: try RegionCode("330521"), regime: .order20,
            verificationDue: Deadline(date: day("2025-10-29"), isProvisional: false)))))
        log.add(.report(id: "r2", .verificationSuspended(on: day("2025-10-20"), reason: .testingOrAppraisal, note: nil)))
        log.add(.report(id: "r2", .verificationResumed(on: day("2025-11-03"), due: Deadline(date: day("2025-11-10"), isProvisional: false))))
        let rows = log.rows(SupervisionProjection.self)
        func listed(_ on: String) throws -> [String] {
            try SupervisionQueries.list(rows, on: day(on), dueWithin: 0, region: try RegionCode("330521")).map { "\($0.status.rawValue) \($0.clock.due.date)" }
        }
        #expect(try listed("2025-10-30").isEmpty)                    // past its first last day, but suspended
        #expect(try listed("2025-11-10") == ["due-soon 2025-11-10"])
    }

    /// An ODR mediation runs its own 10 working days beside the mediation limit; ending mediation stops both.
    @Test func anODRTrackRunsItsOwnClock() throws {
        var log = EventLog()
        log.complaint("o", received("2025-03-03", due: "2025-03-12"))
        log.complaint("o", accepted("2025-03-05", mediationDue: "2025-05-12"))
        log.complaint("o", .mediationStarted(.init(startedOn: day("2025-03-10"), mode: .odr, trackDue: Deadline(date: day("2025-03-24"), isProvisional: false))))
        log.complaint("o", .mediationEnded(.init(endedOn: day("2025-03-26"), outcome: .failed, reason: nil)))
        let rows = log.rows(SupervisionProjection.self)
        func listed(_ on: String) throws -> [String] {
            try SupervisionQueries.list(rows, on: day(on), dueWithin: 0).map { "\($0.clock.limit.name) \($0.status.rawValue) \($0.daysPastDue)" }
        }
        #expect(try listed("2025-03-24") == ["odr-negotiation due-soon 0"])
        #expect(try listed("2025-03-25") == ["odr-negotiation overdue 1"])
        #expect(try listed("2025-03-26").isEmpty)
    }

    @Test func aRegionSeesItsOwnCases() throws {
        #expect(try listed(on: "2025-10-14", within: 15, region: "330500").map { $0.prefix(14) } == ["complaint late", "report r1 repo"])
        #expect(try listed(on: "2025-10-14", within: 15, region: "330522").map { $0.prefix(14) } == ["complaint late"])
        #expect(try listed(on: "2025-10-14", within: 15, region: "330521").map { $0.prefix(14) } == ["report r1 repo"])
        #expect(try listed(on: "2025-10-14", within: 15, region: "330400").isEmpty)
    }
}
