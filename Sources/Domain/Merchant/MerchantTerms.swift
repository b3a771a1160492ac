/// The closed lists a merchant's events use; each case has a fixed number, never renumbered.

/// How a merchant entered: on its own (自主申报) or nominated by the local bureau (属地推荐).
public enum ApplicationRoute: UInt64, Sendable {
    case selfDeclared = 1
    case localNomination = 2
}

/// The kinds of pledge (承诺) a merchant can make.
public enum PledgeKind: UInt64, Sendable, CaseIterable {
    case reassuredConsumption = 1     // 放心消费承诺
    case offlineNoReasonReturn = 2    // 线下无理由退货
    case crossStoreReturn = 3         // 异地异店退换货
    case priorCompensation = 4        // 先行赔付
}

/// How an inspection was made.
public enum InspectionMethod: UInt64, Sendable {
    case undercover = 1        // 督查暗访
    case onlineSpotCheck = 2   // 在线抽查
    case crossCheck = 3        // 交叉检查
}

/// A finding against a merchant.
public enum ViolationKind: UInt64, Sendable {
    case violation = 1                 // 违法违规
    case administrativePenalty = 2     // 行政处罚
}

/// The level at which a merchant was named a demonstration unit (示范单位).
public enum DemonstrationRank: UInt64, Sendable {
    case county = 1      // 县(市)区级
    case city = 2        // 市级
    case province = 3    // 省级
}

/// One pledge and its terms.
public struct Pledge: Hashable, Sendable {
    public var kind: PledgeKind
    /// For offline no-reason returns: the return window.
    public var windowDays: Int?
    /// For offline no-reason returns: what is excluded (e.g. "定制商品").
    public var exclusions: [String]
    /// For cross-store returns: the brand, and the stores or regions it covers.
    public var brand: String?
    public var coverage: [String]
    /// For prior compensation: the fund, in fen.
    public var fundFen: Int64?

    public init(kind: PledgeKind, windowDays: Int? = nil, exclusions: [String] = [], brand: String? = nil, coverage: [String] = [], fundFen: Int64? = nil) {
        self.kind = kind
        self.windowDays = windowDays
        self.exclusions = exclusions
        self.brand = brand
        self.coverage = coverage
        self.fundFen = fundFen
    }
}
