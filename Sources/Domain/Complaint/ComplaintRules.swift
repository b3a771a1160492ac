/// The outside facts a complaint decision needs, passed in so the domain never reads a clock or a file: the
/// working calendar and the deadline policy, as the ledger's recorded policy events give them.
public struct ComplaintRules: Sendable {
    public var calendar: WorkingCalendar
    public var policy: DeadlinePolicy

    public init(calendar: WorkingCalendar, policy: DeadlinePolicy) {
        self.calendar = calendar
        self.policy = policy
    }

    /// The default policy over `calendar`.
    public static func standard(calendar: WorkingCalendar) -> ComplaintRules {
        ComplaintRules(calendar: calendar, policy: .standard)
    }

    /// The regime a complaint received on `day` is handled under (docs/DOMAIN.md §2.1: the day of receipt decides).
    public func regime(receivedOn day: CivilDate) -> ComplaintRegime {
        day < policy.order121From ? .order20 : .order121
    }

    /// The limits for a case received in `region` on `day`, local overrides applied.
    public func limits(region: RegionCode, receivedOn day: CivilDate) -> DeadlinePolicy.Limits? {
        policy.limits(regime(receivedOn: day), region: region, receivedOn: day)
    }
    public var compensationCapMultiple: Int64 { policy.compensationCapMultiple }
}
