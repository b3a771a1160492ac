/// China's official working days (工作日): Monday to Friday, less the State Council's public holidays, plus the
/// weekend days its notices make working days (调休上班). Known only for the years whose notice is recorded;
/// asking about any other year is an error, never a guess.
///
/// Statutory limits count working days with the start day not counted: the deadline is the Nth working day
/// after it (docs/DOMAIN.md §2.7).
public struct WorkingCalendar: Sendable, Codable {
    /// One public holiday as the notice gives it: every day from `from` to `to` is off, weekends included.
    public struct Holiday: Sendable, Codable, Hashable {
        public var name: String
        public var from: CivilDate
        public var to: CivilDate

        public init(name: String, from: CivilDate, to: CivilDate) {
            self.name = name
            self.from = from
            self.to = to
        }
    }

    /// One year's notice.
    public struct Year: Sendable, Codable, Hashable {
        public var year: Int
        /// Where the notice was published, e.g. "gov.cn content_6986382".
        public var source: String
        public var holidays: [Holiday]
        /// Weekend days that are working days.
        public var workdays: [CivilDate]

        public init(year: Int, source: String, holidays: [Holiday], workdays: [CivilDate]) {
            self.year = year
            self.source = source
            self.holidays = holidays
            self.workdays = workdays
        }
    }

    public let years: [Year]
    private let daysOff: Set<CivilDate>
    private let weekendWorkdays: Set<CivilDate>
    private let published: Set<Int>

    /// Accepts the notices after checking that they agree with themselves and with each other.
    public init(years: [Year]) throws(CalendarError) {
        var daysOff: Set<CivilDate> = []
        var weekendWorkdays: Set<CivilDate> = []
        var published: Set<Int> = []
        for schedule in years.sorted(by: { $0.year < $1.year }) {
            func invalid(_ reason: String) -> CalendarError { .invalidSchedule(year: schedule.year, reason: reason) }
            guard published.insert(schedule.year).inserted else { throw invalid("it is given twice") }
            for holiday in schedule.holidays {
                guard holiday.from <= holiday.to else { throw invalid("\(holiday.name) ends (\(holiday.to)) before it starts (\(holiday.from))") }
                // A notice may start a holiday on the last days of the year before (2023's New Year began 2022-12-31).
                guard holiday.from.year >= schedule.year - 1, holiday.to.year == schedule.year else {
                    throw invalid("\(holiday.name) (\(holiday.from) to \(holiday.to)) lies outside the year")
                }
                for offset in 0...(holiday.to.daysSinceEpoch - holiday.from.daysSinceEpoch) {
                    daysOff.insert(holiday.from.adding(days: offset))
                }
            }
            for day in schedule.workdays {
                guard day.year == schedule.year else { throw invalid("the working day \(day) lies outside the year") }
                guard day.isWeekend else { throw invalid("the working day \(day) is a weekday already") }
                guard !daysOff.contains(day) else { throw invalid("\(day) is both a holiday and a working day") }
                weekendWorkdays.insert(day)
            }
        }
        self.years = years.sorted { $0.year < $1.year }
        self.daysOff = daysOff
        self.weekendWorkdays = weekendWorkdays
        self.published = published
    }

    /// The years whose notice is recorded, in order.
    public var publishedYears: [Int] { published.sorted() }

    /// Merges several calendars; a year given twice is an error.
    public func merging(_ other: WorkingCalendar) throws(CalendarError) -> WorkingCalendar {
        try WorkingCalendar(years: years + other.years)
    }

    public func isWorkingDay(_ day: CivilDate) throws(CalendarError) -> Bool {
        guard published.contains(day.year) else { throw .yearNotPublished(day.year) }
        if weekendWorkdays.contains(day) { return true }
        if daysOff.contains(day) { return false }
        return !day.isWeekend
    }

    /// The `count`th working day after `start` (which itself is not counted): when a limit of `count`
    /// working days starting on `start` falls due.
    public func date(_ count: Int, workingDaysAfter start: CivilDate) throws(CalendarError) -> CivilDate {
        guard count >= 1 else { throw .workingDaysNotPositive(count) }
        var day = start
        var remaining = count
        while remaining > 0 {
            day = day.adding(days: 1)
            if try isWorkingDay(day) { remaining -= 1 }
        }
        return day
    }

    /// When a limit falls due, even if it reaches into a year whose notice is not recorded: there, Monday to
    /// Friday are counted as working days, and the result is marked provisional (docs/DOMAIN.md §6).
    public func deadline(_ count: Int, workingDaysAfter start: CivilDate) throws(CalendarError) -> Deadline {
        guard count >= 1 else { throw .workingDaysNotPositive(count) }
        var day = start
        var remaining = count
        var provisional = false
        while remaining > 0 {
            // The calendar's last day: a limit that would run past it falls due there.
            guard day < .latest else { return Deadline(date: .latest, isProvisional: true) }
            day = day.adding(days: 1)
            let (working, guessed) = presumedWorking(day)
            provisional = provisional || guessed
            if working { remaining -= 1 }
        }
        return Deadline(date: day, isProvisional: provisional)
    }

    /// When a limit of `count` calendar days from `start` falls due (D8): the `count`th day after `start`, moved
    /// to the next working day when that is not one (docs/DOMAIN.md §2.7). Through a year whose notice is not
    /// recorded, Monday to Friday count as working days, and the result is marked provisional. Saturates at the
    /// calendar's last day.
    public func deadline(_ count: Int, calendarDaysAfter start: CivilDate) throws(CalendarError) -> Deadline {
        guard count >= 1 else { throw .workingDaysNotPositive(count) }
        var day = start.adding(days: count)
        var provisional = false
        while true {
            let (working, guessed) = presumedWorking(day)
            provisional = provisional || guessed
            if working { return Deadline(date: day, isProvisional: provisional) }
            guard day < .latest else { return Deadline(date: .latest, isProvisional: true) }
            day = day.adding(days: 1)
        }
    }

    /// How many working days fall after `start` up to and including `end` (0 when `end` is not after `start`):
    /// what is left of a limit whose last day is `end` on day `start`. Through a year whose notice is not
    /// recorded, Monday to Friday count, and the count is marked provisional.
    public func workingDays(after start: CivilDate, through end: CivilDate) -> (count: Int, isProvisional: Bool) {
        var count = 0, provisional = false
        var day = start
        while day < end {
            day = day.adding(days: 1)
            let (working, guessed) = presumedWorking(day)
            provisional = provisional || guessed
            if working { count += 1 }
        }
        return (count, provisional)
    }

    /// Whether `day` is a working day: by its year's notice when recorded, else Monday to Friday, guessed.
    private func presumedWorking(_ day: CivilDate) -> (working: Bool, guessed: Bool) {
        guard published.contains(day.year) else { return (!day.isWeekend, true) }
        if weekendWorkdays.contains(day) { return (true, false) }
        return (!daysOff.contains(day) && !day.isWeekend, false)
    }

    /// A limit's last day once its clock, suspended on `suspended`, resumes on `resumed`: the working days that
    /// were left (after the suspension's day, through `due`) run again from `resumed`. A limit already passed when
    /// it was suspended stays as it was. Provisional if anything it was counted through is.
    public func resumedDeadline(_ due: Deadline, suspended: CivilDate, resumed: CivilDate) throws(CalendarError) -> Deadline {
        let left = workingDays(after: suspended, through: due.date)
        guard left.count > 0 else { return due }
        var moved = try deadline(left.count, workingDaysAfter: resumed)
        moved.isProvisional = moved.isProvisional || left.isProvisional || due.isProvisional
        return moved
    }

    private enum CodingKeys: String, CodingKey { case years }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(years: container.decode([Year].self, forKey: .years))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(years, forKey: .years)
    }
}
