/// The parameters by which merchants move between the four libraries (选育池, 培育库, 星级库, 预警库).
///
/// No public text defines them (docs/DOMAIN.md §4.2), so they are configuration, recorded as a policy event with a
/// version; the tiers projection (issue 4, docs/TIERS.md) reads them from the log. The defaults are our reading
/// [I], chosen to be conservative.
public struct TierPolicy: Hashable, Sendable {
    /// Names this set of parameters, e.g. "zj-default-1"; a projection records which version placed a merchant.
    public var version: String
    /// Complaints accepted within this many days before a day count toward the warning trigger.
    public var complaintWindowDays: Int
    /// That many accepted complaints in the window put a merchant in 预警库.
    public var complaintWarningThreshold: Int
    /// The fewest stars that place a reviewed merchant in 星级库 rather than 培育库.
    public var starLibraryMinimumStars: Int
    /// Whether each of these puts a merchant in 预警库 until rectified.
    public var warnOnViolation: Bool
    public var warnOnPledgeBreach: Bool
    public var warnOnAbnormalList: Bool
    /// Days a merchant stays in 预警库 after rectifying before it returns to its library.
    public var recoveryDaysAfterRectification: Int

    public init(version: String, complaintWindowDays: Int, complaintWarningThreshold: Int, starLibraryMinimumStars: Int,
                warnOnViolation: Bool, warnOnPledgeBreach: Bool, warnOnAbnormalList: Bool, recoveryDaysAfterRectification: Int) {
        self.version = version
        self.complaintWindowDays = complaintWindowDays
        self.complaintWarningThreshold = complaintWarningThreshold
        self.starLibraryMinimumStars = starLibraryMinimumStars
        self.warnOnViolation = warnOnViolation
        self.warnOnPledgeBreach = warnOnPledgeBreach
        self.warnOnAbnormalList = warnOnAbnormalList
        self.recoveryDaysAfterRectification = recoveryDaysAfterRectification
    }

    /// [I] 3 accepted complaints in 90 days, 3 stars for 星级库, every violation, breach and abnormal listing warns,
    /// 30 days to recover after rectification.
    public static let standard = TierPolicy(
        version: "default-1", complaintWindowDays: 90, complaintWarningThreshold: 3, starLibraryMinimumStars: 3,
        warnOnViolation: true, warnOnPledgeBreach: true, warnOnAbnormalList: true, recoveryDaysAfterRectification: 30)
}
