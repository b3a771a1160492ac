/// The complaint deadlines and limits a regulator has adopted: recorded as a policy event, so that every case is
/// judged by rules the log itself carries.
public struct DeadlinePolicy: Hashable, Sendable {
    /// Statutory limits, in working days unless named otherwise. A limit left nil runs no clock.
    public struct Limits: Hashable, Sendable {
        public var acceptanceWorkingDays: Int
        public var mediationWorkingDays: Int
        /// Verifying a report (举报核查) and deciding whether to file a case: 15 working days (行政处罚程序规定 Art. 18).
        public var reportVerificationWorkingDays: Int
        /// An ODR enterprise's own negotiation with the consumer (D10, 12315 ODR rules): 10 working days from the
        /// start of an ODR mediation; nil in a policy that sets none.
        public var odrWorkingDays: Int?
        /// D3: telling both parties that mediation ended without agreement (终止调解), from that day: 7 working days
        /// (Order 20 Art. 21, last paragraph).
        public var terminationNoticeWorkingDays: Int?
        /// D7: telling a real-name reporter whether a case was filed, from that decision: 5 working days.
        public var reporterNoticeWorkingDays: Int?
        /// D8: deciding a filed case (ordinary procedure), from filing: 90 calendar days (行政处罚程序规定 Art. 64).
        public var penaltyDecisionCalendarDays: Int?
        /// D8: what one approved extension may add, in calendar days: 30; more only by collective decision.
        public var penaltyExtensionCalendarDays: Int?

        public init(acceptanceWorkingDays: Int, mediationWorkingDays: Int, reportVerificationWorkingDays: Int = 15, odrWorkingDays: Int? = nil,
                    terminationNoticeWorkingDays: Int? = nil, reporterNoticeWorkingDays: Int? = nil,
                    penaltyDecisionCalendarDays: Int? = nil, penaltyExtensionCalendarDays: Int? = nil) {
            self.acceptanceWorkingDays = acceptanceWorkingDays
            self.mediationWorkingDays = mediationWorkingDays
            self.reportVerificationWorkingDays = reportVerificationWorkingDays
            self.odrWorkingDays = odrWorkingDays
            self.terminationNoticeWorkingDays = terminationNoticeWorkingDays
            self.reporterNoticeWorkingDays = reporterNoticeWorkingDays
            self.penaltyDecisionCalendarDays = penaltyDecisionCalendarDays
            self.penaltyExtensionCalendarDays = penaltyExtensionCalendarDays
        }
    }

    /// A local, temporary change of limits: e.g. Changchun's 3-working-day limits for acceptance and report
    /// verification during the 2020 epidemic (seed 002). Applies to cases received in `regions` from `from` to
    /// `to` inclusive; limits it leaves nil stay as they are.
    public struct Override: Hashable, Sendable {
        /// Region codes; a province or city code (ending in 0000 or 00) covers everything within it.
        public var regions: [RegionCode]
        public var from: CivilDate
        public var to: CivilDate
        public var acceptanceWorkingDays: Int?
        public var mediationWorkingDays: Int?
        public var reportVerificationWorkingDays: Int?
        public var note: String

        public init(regions: [RegionCode], from: CivilDate, to: CivilDate, acceptanceWorkingDays: Int? = nil,
                    mediationWorkingDays: Int? = nil, reportVerificationWorkingDays: Int? = nil, note: String) {
            self.regions = regions
            self.from = from
            self.to = to
            self.acceptanceWorkingDays = acceptanceWorkingDays
            self.mediationWorkingDays = mediationWorkingDays
            self.reportVerificationWorkingDays = reportVerificationWorkingDays
            self.note = note
        }

        func covers(_ region: RegionCode, on day: CivilDate) -> Bool {
            guard from <= day, day <= to else { return false }
            return regions.contains { $0.contains(region) }
        }
    }

    /// The first day Order 121 governs.
    public var order121From: CivilDate
    public var limits: [ComplaintRegime: Limits]
    /// The most all payments on a complaint may add up to, as a multiple of the amount in dispute. [I]
    public var compensationCapMultiple: Int64
    /// Local, temporary limits; where several cover a case, the last listed wins.
    public var overrides: [Override]

    public init(order121From: CivilDate, limits: [ComplaintRegime: Limits], compensationCapMultiple: Int64, overrides: [Override] = []) {
        self.order121From = order121From
        self.limits = limits
        self.compensationCapMultiple = compensationCapMultiple
        self.overrides = overrides
    }

    /// The limits for a case of `regime` received in `region` on `day`, overrides applied.
    public func limits(_ regime: ComplaintRegime, region: RegionCode, receivedOn day: CivilDate) -> Limits? {
        guard var limits = limits[regime] else { return nil }
        for override in overrides where override.covers(region, on: day) {
            if let days = override.acceptanceWorkingDays { limits.acceptanceWorkingDays = days }
            if let days = override.mediationWorkingDays { limits.mediationWorkingDays = days }
            if let days = override.reportVerificationWorkingDays { limits.reportVerificationWorkingDays = days }
        }
        return limits
    }

    private static let statutory = Limits(
        acceptanceWorkingDays: 7, mediationWorkingDays: 45, reportVerificationWorkingDays: 15, odrWorkingDays: 10, terminationNoticeWorkingDays: 7,
        reporterNoticeWorkingDays: 5, penaltyDecisionCalendarDays: 90, penaltyExtensionCalendarDays: 30)

    /// Order 20's 7 and 45 working days (Arts 14 and 21), kept for Order 121 too until its new mediation limit is
    /// confirmed (docs/DOMAIN.md §2.6); payments up to 4 times the amount in dispute (退一赔三: refund plus 3×).
    public static let standard = DeadlinePolicy(
        order121From: CivilDate(year: 2026, month: 4, day: 15)!,
        limits: [.order20: statutory, .order121: statutory],
        compensationCapMultiple: 4)
}
