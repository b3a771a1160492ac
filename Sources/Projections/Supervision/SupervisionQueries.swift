public import Domain

/// One case on the supervision list: a limit past its last day on the day asked about, or due within the window.
public struct SupervisedCase: Sendable, Equatable {
    public enum Status: String, Sendable {
        /// Its last day has passed and the act it waits for had not come by the day asked about.
        case overdue
        /// It falls due on the day asked about or within the window after it.
        case dueSoon = "due-soon"
    }

    public var clock: CaseClock
    public var status: Status
    /// Calendar days from the last day to the day asked about: 0 on the last day, which is still in time.
    public var daysPastDue: Int
}

/// The supervision list (docs/SUPERVISION.md).
public enum SupervisionQueries {
    /// Every case whose limit runs on `day` and has passed (overdue), or falls due from `day` to `dueWithin`
    /// working days after it (due soon), received within `region` when one is given. Only acts of `day` or before
    /// count, whenever they were recorded. Sorted by last day, then kind, case and limit.
    public static func list(_ rows: some RowReader, on day: CivilDate, dueWithin: Int, region: RegionCode? = nil) throws -> [SupervisedCase] {
        var cases: [SupervisedCase] = []
        // The cases voided (误登记), few: none of their clocks is listed.
        var voided: Set<[UInt8]> = []
        try rows.scan(prefix: [SupervisionProjection.voidedTable]) { key, _ in
            voided.insert(key)
            return true
        }
        func keep(_ clock: CaseClock) -> Bool {
            clock.runs(on: day) && (region.map { $0.contains(recorded: clock.region) } ?? true)
                && (voided.isEmpty || !voided.contains(SupervisionProjection.voidedKey(clock.kind, clock.id)))
        }
        // Past their last day: only clocks that stopped late or still run can be.
        try rows.scan(prefix: [SupervisionProjection.lateTable]) { key, value in
            guard !value.isEmpty else { return true }
            let clock = try CaseClock(key: key, decoding: value)
            guard clock.due.date < day else { return false }
            if keep(clock) { cases.append(SupervisedCase(clock: clock, status: .overdue, daysPastDue: day.daysSinceEpoch - clock.due.date.daysSinceEpoch)) }
            return true
        }
        let last = try windowEnd(rows, day, dueWithin)
        let start = RowKey(table: SupervisionProjection.clockTable).adding(day).bytes
        try rows.scan(prefix: [SupervisionProjection.clockTable], from: start) { key, value in
            guard !value.isEmpty else { return true }
            let clock = try CaseClock(key: key, decoding: value)
            guard clock.due.date <= last else { return false }
            if keep(clock) { cases.append(SupervisedCase(clock: clock, status: .dueSoon, daysPastDue: day.daysSinceEpoch - clock.due.date.daysSinceEpoch)) }
            return true
        }
        return cases
    }

    /// The last day of the window: `count` working days after `day` by the recorded calendar (Monday to Friday
    /// through a year whose notice is not recorded), or `day` itself for 0.
    public static func windowEnd(_ rows: some RowReader, _ day: CivilDate, _ count: Int) throws -> CivilDate {
        guard count > 0 else { return day }
        return try calendar(rows).deadline(count, workingDaysAfter: day).date
    }

    /// The working calendar the policy stream recorded; an unreadable or inconsistent one counts as none.
    public static func calendar(_ rows: some RowReader) throws -> WorkingCalendar {
        var years: [WorkingCalendar.Year] = []
        try rows.scan(prefix: [SupervisionProjection.calendarTable]) { _, value in
            if case .calendarPublished(let year)? = try? PolicyEvent.decode(type: "calendar.published", schemaVersion: PolicyEvent.schemaVersion, value) {
                years.append(year)
            }
            return true
        }
        if let calendar = try? WorkingCalendar(years: years) { return calendar }
        return try WorkingCalendar(years: [])
    }
}
