/// The outside facts a complaint decision needs, passed in so the domain never reads a clock or a file:
/// the working calendar and the limits of each regime, as recorded policy events give them.
public struct ComplaintRules: Sendable {
    /// Statutory limits, in working days.
    public struct Limits: Hashable, Sendable {
        public var acceptanceWorkingDays: Int
        public var mediationWorkingDays: Int

        public init(acceptanceWorkingDays: Int, mediationWorkingDays: Int) {
            self.acceptanceWorkingDays = acceptanceWorkingDays
            self.mediationWorkingDays = mediationWorkingDays
        }
    }

    public var calendar: WorkingCalendar
    /// The first day Order 121 governs; complaints received before it stay under Order 20.
    public var order121From: CivilDate
    public var limits: [ComplaintRegime: Limits]
    /// The most all payments to a consumer may add up to, as a multiple of the amount in dispute (with punitive
    /// damages, 退一赔三: the refund plus three times the price). [I] A policy parameter, not a published rule.
    public var compensationCapMultiple: Int64

    public init(calendar: WorkingCalendar, order121From: CivilDate, limits: [ComplaintRegime: Limits], compensationCapMultiple: Int64) {
        self.calendar = calendar
        self.order121From = order121From
        self.limits = limits
        self.compensationCapMultiple = compensationCapMultiple
    }

    /// The defaults: Order 20's 7 and 45 working days (Arts 14 and 21), kept for Order 121 too until its new
    /// mediation limit is confirmed (DOMAIN.md §2.6); compensation up to 4 times the amount in dispute.
    public static func standard(calendar: WorkingCalendar) -> ComplaintRules {
        let order20 = Limits(acceptanceWorkingDays: 7, mediationWorkingDays: 45)
        return ComplaintRules(
            calendar: calendar, order121From: CivilDate(year: 2026, month: 4, day: 15)!,
            limits: [.order20: order20, .order121: order20], compensationCapMultiple: 4)
    }

    public func regime(receivedOn day: CivilDate) -> ComplaintRegime {
        day < order121From ? .order20 : .order121
    }
}
