/// Why a merchant fact may not be recorded now. Nothing is recorded for it.
public enum MerchantRejection: Error, Equatable, CustomStringConvertible {
    case notApplied
    case wrongStage(action: String, stage: String)
    case dateBefore(action: String, date: CivilDate, earliest: CivilDate)
    case invalid(field: String, reason: String)
    case pledgeAlreadyActive(PledgeKind)
    case pledgeNotActive(PledgeKind)
    case abnormalListUnchanged(listed: Bool)
    case nothingToRectify

    public var description: String {
        switch self {
        case .notApplied: return "there is no such merchant: it must apply first"
        case let .wrongStage(action, stage): return "cannot \(action): the merchant is \(stage)"
        case let .dateBefore(action, date, earliest): return "cannot \(action) on \(date): that is before \(earliest), already recorded"
        case let .invalid(field, reason): return "\(field) \(reason)"
        case .pledgeAlreadyActive(let kind): return "the merchant already holds a \(kind) pledge"
        case .pledgeNotActive(let kind): return "the merchant holds no \(kind) pledge"
        case .abnormalListUnchanged(let listed): return listed ? "the merchant is already on the abnormal-operations list" : "the merchant is not on the abnormal-operations list"
        case .nothingToRectify: return "there is no open violation or pledge breach to rectify"
        }
    }
}
