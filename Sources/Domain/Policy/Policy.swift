/// The policy stream's fold: what calendar and deadlines are in force, from the recorded events alone.
public enum Policy {
    public struct State: Hashable, Sendable {
        public var years: [WorkingCalendar.Year] = []
        public var deadlines: DeadlinePolicy?
        public var tiers: TierPolicy?
        public init() {}

        public var publishedYears: Set<Int> { Set(years.map(\.year)) }
    }

    public static let initial = State()

    public static func evolve(_ state: State, _ event: PolicyEvent) -> State {
        var state = state
        switch event {
        case .calendarPublished(let year):
            state.years.removeAll { $0.year == year.year }   // a later notice for the same year supersedes
            state.years.append(year)
        case .deadlinesAdopted(let policy):
            state.deadlines = policy
        case .tierPolicyAdopted(let tiers):
            state.tiers = tiers
        }
        return state
    }

    /// The rules complaints are decided by; nil until a deadline policy has been adopted.
    public static func complaintRules(_ state: State) throws(CalendarError) -> ComplaintRules? {
        guard let deadlines = state.deadlines else { return nil }
        return ComplaintRules(calendar: try WorkingCalendar(years: state.years), policy: deadlines)
    }
}
