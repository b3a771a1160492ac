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
    /// A correction of a position that holds no event of this merchant's record, or holds a correction.
    case correctionTargetUnknown(position: UInt64)
    /// A correction that voids an event no correction may void (`MerchantEvent.isVoidable`).
    case notVoidable(type: String)
    /// An amendment of a field the corrected event does not have, or may not be amended.
    case notAmendable(field: String, type: String, amendable: [String])
    /// An amendment that leaves the event as it stands.
    case correctionChangesNothing
    /// The merchant's events, corrected, would not be a record the rules let be kept.
    indirect case correctionLeavesRecordImpossible(position: UInt64, type: String, reason: MerchantRejection)

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
        case .correctionTargetUnknown(let position):
            return "corrects is \(position): no event of this merchant that a correction can correct is recorded there"
        case .notVoidable(let type):
            return "\(type) cannot be voided: a correction voids a violation, a pledge breach or a listing as abnormal recorded by mistake; what the merchant did, and a stage decided, stand"
        case let .notAmendable(field, type, amendable):
            return "\(field) cannot be amended on \(type)" + (amendable.isEmpty ? ": it has no field a correction amends; a later act of its kind supersedes it" : "; it may amend \(amendable.joined(separator: ", "))")
        case .correctionChangesNothing: return "the amendment leaves the event as it is recorded"
        case let .correctionLeavesRecordImpossible(position, type, reason):
            return "the correction would leave the merchant's record impossible: its \(type) at position \(position) would then be refused: \(reason)"
        }
    }
}
