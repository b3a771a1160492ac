import Domain
import Foundation
import Testing
import TestSupport

func day(_ text: String) -> CivilDate { CivilDate(text)! }

@Suite struct WorkingCalendarTests {
    let calendar = fixtureCalendar

    /// docs/DOMAIN.md §2.7's examples, and crossings of holidays, adjusted working days and year ends. The expected
    /// dates were computed independently, from docs/DOMAIN.md §6's day lists, by a separate script.
    @Test(arguments: [
        ("2025-09-26", 7, "2025-10-13"),   // Sun 09-28 works, 10-01…08 off, Sat 10-11 works
        ("2026-02-13", 7, "2026-03-02"),   // Spring Festival 2026, Sat 02-14 and 02-28 work
        ("2026-04-15", 45, "2026-06-22"),  // the mediation limit, across Labour Day and Dragon Boat
        ("2025-12-25", 7, "2026-01-06"),   // across the year end and New Year 2026 (Sun 01-04 works)
        ("2023-12-29", 1, "2024-01-02"),   // a Friday before New Year's Day
        ("2024-12-31", 15, "2025-01-22"),
        ("2023-01-20", 7, "2023-02-03"),   // Spring Festival 2023 with its two weekend working days
        ("2026-09-30", 3, "2026-10-10"),   // National Day 2026, Sat 10-10 works
        ("2024-02-09", 1, "2024-02-18"),   // the next working day is a Sunday
        ("2025-01-24", 7, "2025-02-10"),
    ])
    func dueDates(from: String, workingDays: Int, due: String) throws {
        #expect(try calendar.date(workingDays, workingDaysAfter: day(from)) == day(due))
    }

    @Test func workingDaysPerYearMatchTheOfficialCounts() throws {
        for (year, expected) in [(2023, 249), (2024, 251), (2025, 248), (2026, 248)] {
            var count = 0
            var current = CivilDate(year: year, month: 1, day: 1)!
            while current.year == year {
                if try calendar.isWorkingDay(current) { count += 1 }
                current = current.adding(days: 1)
            }
            #expect(count == expected, "\(year)")
        }
    }

    /// The weekdays the notices make holidays, exactly as docs/DOMAIN.md §6 lists them for 2025.
    @Test func weekdayHolidaysOf2025() throws {
        var holidays: [String] = []
        var current = day("2025-01-01")
        while current.year == 2025 {
            if !current.isWeekend, try !calendar.isWorkingDay(current) { holidays.append(String(current.description.dropFirst(5))) }
            current = current.adding(days: 1)
        }
        #expect(holidays == ["01-01", "01-28", "01-29", "01-30", "01-31", "02-03", "02-04", "04-04", "05-01", "05-02",
                             "05-05", "06-02", "10-01", "10-02", "10-03", "10-06", "10-07", "10-08"])
    }

    @Test func aDeadlineReachingIntoAnUnpublishedYearIsAnErrorNotAGuess() throws {
        #expect(throws: CalendarError.yearNotPublished(2027)) { try calendar.date(5, workingDaysAfter: day("2026-12-28")) }
        #expect(throws: CalendarError.yearNotPublished(2022)) { try calendar.isWorkingDay(day("2022-12-30")) }
        #expect(try calendar.date(3, workingDaysAfter: day("2026-12-28")) == day("2026-12-31"))
        #expect(throws: CalendarError.workingDaysNotPositive(0)) { try calendar.date(0, workingDaysAfter: day("2026-03-02")) }
        #expect(calendar.publishedYears == [2023, 2024, 2025, 2026])
    }

    @Test func contradictorySchedulesAreRefused() throws {
        let saturday = day("2025-01-25"), monday = day("2025-01-27")
        #expect(throws: CalendarError.invalidSchedule(year: 2025, reason: "the working day 2025-01-27 is a weekday already")) {
            try WorkingCalendar(years: [.init(year: 2025, source: "test", holidays: [], workdays: [monday])])
        }
        #expect(throws: CalendarError.invalidSchedule(year: 2025, reason: "2025-01-25 is both a holiday and a working day")) {
            try WorkingCalendar(years: [.init(year: 2025, source: "test",
                                              holidays: [.init(name: "x", from: saturday, to: monday)], workdays: [saturday])])
        }
        #expect(throws: CalendarError.invalidSchedule(year: 2025, reason: "it is given twice")) {
            try calendar.merging(WorkingCalendar(years: [.init(year: 2025, source: "again", holidays: [], workdays: [])]))
        }
    }
}

@Suite struct CivilDateTests {
    @Test func parsesOnlyRealDaysWrittenInFull() {
        #expect(CivilDate("2024-02-29")?.description == "2024-02-29")
        #expect(CivilDate("2023-02-29") == nil)
        #expect(CivilDate("2026-4-15") == nil)
        #expect(CivilDate("2026-04-15T00:00") == nil)
        #expect(CivilDate("２０２６-04-15") == nil)
        // Ten bytes, digits and two hyphens where they belong: nothing else of the same length passes.
        for text in ["2026/04/15", "2026-04-1x", "+026-04-15", "2026--4-15", "202６-04-1", "", "0000-01-01", "2026-13-01", "2026-00-10"] {
            #expect(CivilDate(text) == nil, "\(text)")
        }
        #expect(CivilDate("0001-01-01") == .earliest && CivilDate("9999-12-31") == .latest)
    }

    @Test func daysAndWeekdaysAgreeWithTheGregorianCalendar() {
        #expect(day("1970-01-01").daysSinceEpoch == 0)
        #expect(day("2026-04-15").daysSinceEpoch == 20_558)
        #expect(day("1969-12-31").daysSinceEpoch == -1)
        #expect(day("2026-04-15").weekday == 3)   // a Wednesday
        #expect(day("2025-09-28").weekday == 7)   // a Sunday
        #expect(day("2024-12-31").adding(days: 1) == day("2025-01-01"))
        #expect(day("2024-02-28").adding(days: 1) == day("2024-02-29"))
        for days in stride(from: CivilDate.dayNumbers.lowerBound, through: CivilDate.dayNumbers.upperBound, by: 997) {
            #expect(CivilDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
    }

    /// Dates are held packed, and compared as such: the order and the parts are the calendar's, from the first
    /// day to the last, across months and years, and equal dates are equal however they were made.
    @Test func datesCompareInTheCalendarsOrderToItsEnds() {
        var generator = SystemRandomNumberGenerator()
        let edges = [CivilDate.dayNumbers.lowerBound, CivilDate.dayNumbers.upperBound, -1, 0, 20_558, 20_557]
        let numbers = edges + (0..<2_000).map { _ in Int.random(in: CivilDate.dayNumbers, using: &generator) }
        for (a, b) in zip(numbers, numbers.shuffled(using: &generator) + edges.reversed()) {
            let (dayA, dayB) = (CivilDate(daysSinceEpoch: a), CivilDate(daysSinceEpoch: b))
            #expect((dayA < dayB) == (a < b) && (dayA == dayB) == (a == b), "\(dayA) \(dayB)")
        }
        #expect(CivilDate.latest.year == 9999 && CivilDate.latest.month == 12 && CivilDate.latest.day == 31)
        #expect(CivilDate.earliest.description == "0001-01-01" && CivilDate.latest.description == "9999-12-31")
        #expect(CivilDate(year: 2024, month: 2, day: 29) == day("2024-02-29") && day("2024-02-29") == CivilDate(daysSinceEpoch: 19_782))
        #expect(Set([day("2025-01-31"), CivilDate(year: 2025, month: 1, day: 31)!, day("2025-02-01")]).count == 2)
    }

    @Test func dateArithmeticSaturatesAtTheCalendarsEnds() throws {
        #expect(CivilDate.latest.adding(days: 1) == .latest && CivilDate.latest.adding(days: .max) == .latest)
        #expect(CivilDate.earliest.adding(days: -1) == .earliest && day("2026-04-15").adding(days: .min) == .earliest)
        #expect(CivilDate(daysSinceEpoch: .max) == .latest && CivilDate(daysSinceEpoch: .min) == .earliest)
        #expect(day("9999-03-01").adding(years: 1) == .latest && day("0001-06-01").adding(years: -1) == .earliest)
        #expect(day("2024-02-29").adding(years: 1) == day("2025-02-28"))
        // A limit that would run past the calendar's end falls due on its last day, provisionally.
        let deadline = try fixtureCalendar.deadline(15, workingDaysAfter: day("9999-12-25"))
        #expect(deadline == Deadline(date: .latest, isProvisional: true))
    }
}
