/// The complaint deadlines and limits a regulator has adopted: recorded as a policy event, so that every case is
/// judged by rules the log itself carries.
public struct DeadlinePolicy: Hashable, Sendable {
    /// Statutory limits, in working days.
    public struct Limits: Hashable, Sendable {
        public var acceptanceWorkingDays: Int
        public var mediationWorkingDays: Int
        /// Verifying a report (举报核查) and deciding whether to file a case: 15 working days (行政处罚程序规定 Art. 18).
        public var reportVerificationWorkingDays: Int

        public init(acceptanceWorkingDays: Int, mediationWorkingDays: Int, reportVerificationWorkingDays: Int = 15) {
            self.acceptanceWorkingDays = acceptanceWorkingDays
            self.mediationWorkingDays = mediationWorkingDays
            self.reportVerificationWorkingDays = reportVerificationWorkingDays
        }
    }

    /// The first day Order 121 governs.
    public var order121From: CivilDate
    public var limits: [ComplaintRegime: Limits]
    /// The most all payments on a complaint may add up to, as a multiple of the amount in dispute. [I]
    public var compensationCapMultiple: Int64

    public init(order121From: CivilDate, limits: [ComplaintRegime: Limits], compensationCapMultiple: Int64) {
        self.order121From = order121From
        self.limits = limits
        self.compensationCapMultiple = compensationCapMultiple
    }

    /// Order 20's 7 and 45 working days (Arts 14 and 21), kept for Order 121 too until its new mediation limit is
    /// confirmed (DOMAIN.md §2.6); payments up to 4 times the amount in dispute (退一赔三: refund plus 3×).
    public static let standard = DeadlinePolicy(
        order121From: CivilDate(year: 2026, month: 4, day: 15)!,
        limits: [.order20: Limits(acceptanceWorkingDays: 7, mediationWorkingDays: 45, reportVerificationWorkingDays: 15),
                 .order121: Limits(acceptanceWorkingDays: 7, mediationWorkingDays: 45, reportVerificationWorkingDays: 15)],
        compensationCapMultiple: 4)
}
