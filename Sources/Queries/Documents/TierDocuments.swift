import Domain
import Projections

/// How many merchants each library holds.
public struct TierCountsDocument: Codable, Sendable, Equatable {
    public let position: UInt64
    /// Library name (docs/TIERS.md) → merchants; every library is listed.
    public let counts: [String: Int]
}

/// The merchants whose prior-compensation deposit (先行赔付保证金) has run out: the alert docs/TIERS.md gives.
public struct DepositAlertsDocument: Codable, Sendable, Equatable {
    public let position: UInt64
    public let merchants: [MerchantSummary]
}

/// One library's merchants, a page at a time, by credit code.
public struct TierListDocument: Codable, Sendable, Equatable {
    public let position: UInt64
    public let tier: String
    public let merchants: [MerchantSummary]
    /// The code to ask `after` for the next page; absent on the last.
    public let next: String?
}

/// A merchant's standing: where it is, since when, and why.
public struct MerchantSummary: Codable, Sendable, Equatable {
    public let code: String, name: String, region: String, industry: String
    public let tier: String?, library: String, stars: Int?, pledges: [String]
    public let since: String, sincePosition: UInt64, reason: String, causes: [UInt64]
    /// Its prior-compensation deposit (先行赔付保证金), what is left of it, and whether it has run out (an alert);
    /// null without such a pledge.
    public let depositFen: Int64?, depositBalanceFen: Int64?, depositRunOut: Bool?

    init(_ standing: MerchantStanding) {
        depositFen = standing.depositFen
        depositBalanceFen = standing.depositBalanceFen
        depositRunOut = standing.depositBalanceFen.map { $0 <= 0 }
        code = standing.code
        name = standing.name
        region = standing.region
        industry = standing.industry
        tier = standing.tier?.name
        library = standing.library.name
        stars = standing.stars
        pledges = standing.pledges.map(\.importName)
        since = standing.since.description
        sincePosition = standing.sincePosition
        reason = standing.reason
        causes = standing.causes
    }
}
