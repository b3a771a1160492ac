import Application
import Domain
import Foundation
import Ledger
import Testing
import TestSupport

@Suite struct PolicyServiceTests {
    let system = Actor(id: "fangxin-import", role: "system")

    @Test func aNewLedgerRecordsItsRulesFirstAndOnlyOnce() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        let policy = PolicyService(ledger: ledger)
        #expect(try policy.complaintRules() == nil)

        let written = try await policy.bootstrap(calendar: fixtureCalendar, deadlines: .standard, actor: system)
        #expect(written.first?.positions == 1...6)   // four calendar years, the deadline and the tier policy, first in the log
        #expect(try ledger.read().map(\.type) == ["calendar.published", "calendar.published", "calendar.published", "calendar.published",
                                                  "policy.deadlines-adopted", "policy.tier-policy-adopted"])
        #expect(try policy.load().0.tiers == .standard)
        #expect(try await policy.bootstrap(calendar: fixtureCalendar, deadlines: .standard, actor: system).isEmpty)

        // The rules read back from the log decide exactly as the ones they were recorded from.
        let recorded = try #require(try policy.complaintRules())
        #expect(recorded.policy == .standard)
        #expect(recorded.calendar.years == fixtureCalendar.years)
        #expect(try recorded.calendar.date(45, workingDaysAfter: CivilDate("2026-04-15")!) == CivilDate("2026-06-22")!)
    }

    @Test func aYearPublishedLaterIsAddedOnTheNextBootstrap() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        let policy = PolicyService(ledger: ledger)
        _ = try await policy.bootstrap(calendar: fixtureCalendar, deadlines: .standard, actor: system)
        let year2027 = WorkingCalendar.Year(
            year: 2027, source: "test", holidays: [.init(name: "元旦", from: CivilDate("2027-01-01")!, to: CivilDate("2027-01-03")!)], workdays: [])
        let withNewYear = try fixtureCalendar.merging(WorkingCalendar(years: [year2027]))
        let written = try await policy.bootstrap(calendar: withNewYear, deadlines: .standard, actor: system)
        #expect(written.first?.positions == 7...7)
        #expect(try ledger.read(from: 7).first?.commandID == "calendar-published-2027")
        let rules = try #require(try policy.complaintRules())
        #expect(rules.calendar.publishedYears == [2023, 2024, 2025, 2026, 2027])
        #expect(try rules.calendar.isWorkingDay(CivilDate("2027-01-01")!) == false)
    }
}
