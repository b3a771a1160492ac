/// Everything that can happen to a merchant (经营者 / 放心消费单位), schema version 1.
/// Stream: `merchant-<unified social credit code>`. Every event's field 1 is the business day it happened.
public enum MerchantEvent: Hashable, Sendable {
    /// 2 code, 3 name, 4 region, 5 industry, 6 address, 7 route.
    case applied(on: CivilDate, code: UnifiedSocialCreditCode, name: String, region: RegionCode, industry: String, address: String, route: ApplicationRoute)
    /// 系统初审. 2 passed, 3 reason (repeated).
    case preReviewed(on: CivilDate, passed: Bool, reasons: [String])
    /// 2 pledge (message: 1 kind, 2 window days, 3 exclusion (repeated), 4 brand, 5 coverage (repeated), 6 fund in fen).
    case pledged(on: CivilDate, pledge: Pledge)
    /// 2 kind.
    case pledgeWithdrawn(on: CivilDate, kind: PledgeKind)
    /// 监管审核. 2 passed, 3 reason (repeated).
    case regulatorReviewed(on: CivilDate, passed: Bool, reasons: [String])
    /// 综合评价. 2 score (0–100), 3 stars (0–5), 4 demonstration rank.
    case evaluated(on: CivilDate, score: Int, stars: Int, rank: DemonstrationRank?)
    /// 2 method, 3 passed, 4 findings.
    case inspected(on: CivilDate, method: InspectionMethod, passed: Bool, findings: String?)
    /// 2 kind, 3 description, 4 penalty in fen.
    case violationRecorded(on: CivilDate, kind: ViolationKind, description: String, penaltyFen: Int64?)
    /// 经营异常名录. 2 listed (true) or removed (false), 3 reason.
    case abnormalListChanged(on: CivilDate, listed: Bool, reason: String)
    /// e.g. a no-reason return refused. 2 kind, 3 description, 4 complaint stream.
    case pledgeBreached(on: CivilDate, kind: PledgeKind, description: String, complaint: String?)
    /// 整改. 2 description.
    case rectified(on: CivilDate, description: String)
    /// 摘牌. 2 reason.
    case delisted(on: CivilDate, reason: String)
    /// An earlier event of the merchant's record amended or voided (更正): `MerchantCorrection` lists its fields.
    indirect case corrected(MerchantCorrection)

    public static let schemaVersion: UInt16 = 1

    public var day: CivilDate {
        switch self {
        case .applied(let on, _, _, _, _, _, _), .preReviewed(let on, _, _), .pledged(let on, _), .pledgeWithdrawn(let on, _),
             .regulatorReviewed(let on, _, _), .evaluated(let on, _, _, _), .inspected(let on, _, _, _),
             .violationRecorded(let on, _, _, _), .abnormalListChanged(let on, _, _), .pledgeBreached(let on, _, _, _),
             .rectified(let on, _), .delisted(let on, _):
            return on
        case .corrected(let correction):
            return correction.on
        }
    }

    public var type: String {
        switch self {
        case .applied: return "merchant.applied"
        case .preReviewed: return "merchant.pre-reviewed"
        case .pledged: return "merchant.pledged"
        case .pledgeWithdrawn: return "merchant.pledge-withdrawn"
        case .regulatorReviewed: return "merchant.regulator-reviewed"
        case .evaluated: return "merchant.evaluated"
        case .inspected: return "merchant.inspected"
        case .violationRecorded: return "merchant.violation-recorded"
        case .abnormalListChanged: return "merchant.abnormal-list-changed"
        case .pledgeBreached: return "merchant.pledge-breached"
        case .rectified: return "merchant.rectified"
        case .delisted: return "merchant.delisted"
        case .corrected: return "merchant.corrected"
        }
    }
}
