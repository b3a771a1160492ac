/// Why a working-day computation cannot be made, or a calendar cannot be accepted.
public enum CalendarError: Error, Equatable, CustomStringConvertible {
    /// The State Council has not published (or we have not recorded) that year's holidays.
    case yearNotPublished(Int)
    /// A count of working days below 1.
    case workingDaysNotPositive(Int)
    /// The calendar data contradicts itself; `year` is the schedule at fault.
    case invalidSchedule(year: Int, reason: String)

    public var description: String {
        switch self {
        case .yearNotPublished(let year):
            return "the working calendar of \(year) has not been published, so a deadline reaching into \(year) cannot be computed yet"
        case .workingDaysNotPositive(let count):
            return "a period of \(count) working days: it must be at least 1"
        case let .invalidSchedule(year, reason):
            return "the working calendar of \(year) is invalid: \(reason)"
        }
    }
}
