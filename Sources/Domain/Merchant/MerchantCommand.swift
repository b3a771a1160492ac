/// What an official, a platform or the merchant itself asks of a merchant's record (docs/COMMANDS.md, merchant
/// commands). The merchant is the stream's: its unified social credit code is not repeated here.
public enum MerchantCommand: Sendable {
    case apply(on: CivilDate, name: String, region: RegionCode, industry: String, address: String, route: ApplicationRoute)
    /// 系统初审.
    case preReview(on: CivilDate, passed: Bool, reasons: [String])
    case pledge(on: CivilDate, Pledge)
    case withdrawPledge(on: CivilDate, kind: PledgeKind)
    /// 监管审核.
    case review(on: CivilDate, passed: Bool, reasons: [String])
    /// 综合评价.
    case evaluate(on: CivilDate, score: Int, stars: Int, rank: DemonstrationRank?)
    case inspect(on: CivilDate, method: InspectionMethod, passed: Bool, findings: String?)
    case recordViolation(on: CivilDate, kind: ViolationKind, description: String, penaltyFen: Int64?)
    /// 经营异常名录: put on it, or taken off.
    case listAbnormal(on: CivilDate, reason: String)
    case removeAbnormal(on: CivilDate, reason: String)
    /// A pledge broken, e.g. a no-reason return refused.
    case recordBreach(on: CivilDate, kind: PledgeKind, description: String, complaint: String?)
    /// 整改.
    case rectify(on: CivilDate, description: String)
    /// 摘牌.
    case delist(on: CivilDate, reason: String)
    /// 更正: an earlier event of the record amended or voided.
    case correct(Correct)

    public typealias Correct = Domain.Correct<MerchantAmendment>

    /// The business day the command acts on.
    public var businessDay: CivilDate {
        switch self {
        case .apply(let on, _, _, _, _, _), .preReview(let on, _, _), .pledge(let on, _), .withdrawPledge(let on, _), .review(let on, _, _),
             .evaluate(let on, _, _, _), .inspect(let on, _, _, _), .recordViolation(let on, _, _, _), .listAbnormal(let on, _),
             .removeAbnormal(let on, _), .recordBreach(let on, _, _, _), .rectify(let on, _), .delist(let on, _):
            return on
        case .correct(let correct):
            return correct.on
        }
    }

    /// The fact the command records, once the decider accepts it; nil for a correction, which the decider builds
    /// from the record as it stands.
    func event(code: UnifiedSocialCreditCode) -> MerchantEvent? {
        switch self {
        case let .apply(on, name, region, industry, address, route):
            return .applied(on: on, code: code, name: name, region: region, industry: industry, address: address, route: route)
        case let .preReview(on, passed, reasons): return .preReviewed(on: on, passed: passed, reasons: reasons)
        case let .pledge(on, pledge): return .pledged(on: on, pledge: pledge)
        case let .withdrawPledge(on, kind): return .pledgeWithdrawn(on: on, kind: kind)
        case let .review(on, passed, reasons): return .regulatorReviewed(on: on, passed: passed, reasons: reasons)
        case let .evaluate(on, score, stars, rank): return .evaluated(on: on, score: score, stars: stars, rank: rank)
        case let .inspect(on, method, passed, findings): return .inspected(on: on, method: method, passed: passed, findings: findings)
        case let .recordViolation(on, kind, description, penalty):
            return .violationRecorded(on: on, kind: kind, description: description, penaltyFen: penalty)
        case let .listAbnormal(on, reason): return .abnormalListChanged(on: on, listed: true, reason: reason)
        case let .removeAbnormal(on, reason): return .abnormalListChanged(on: on, listed: false, reason: reason)
        case let .recordBreach(on, kind, description, complaint):
            return .pledgeBreached(on: on, kind: kind, description: description, complaint: complaint)
        case let .rectify(on, description): return .rectified(on: on, description: description)
        case let .delist(on, reason): return .delisted(on: on, reason: reason)
        case .correct: return nil
        }
    }
}
