/// Why a command was refused. Nothing is recorded for a refused command.
public enum ComplaintRejection: Error, Equatable, CustomStringConvertible {
    case alreadyReceived
    /// Its receipt was voided (误登记): the case stands for nothing, and is received afresh under a new id.
    case caseVoided(on: CivilDate)
    case notReceived
    /// The command does not fit the complaint's stage; `stage` says where it is.
    case wrongStage(command: String, stage: String)
    /// A date before one already recorded, e.g. accepted before it was received.
    case dateBefore(command: String, date: CivilDate, earliest: CivilDate)
    case missing(field: String)
    case negativeAmount(field: String, amountFen: Int64)
    /// Payments of one kind would add up to more than their rule allows (`CompensationRules`).
    case compensationAboveLimit(totalFen: Int64, limitFen: Int64, rule: String)
    /// A statutory basis given with a payment that is not punitive damages.
    case basisWithoutPunitive(kind: String)
    /// A no-reason return claimed more days after purchase than the merchant's pledge takes returns in.
    case returnOutsideWindow(purchasedOn: CivilDate, claimedOn: CivilDate, windowDays: Int)
    /// A day of purchase after the complaint about the goods was received.
    case purchasedAfterReceipt(purchasedOn: CivilDate, receivedOn: CivilDate)
    /// A store that took a return, given with a payment that is no return.
    case returnStoreWithoutReturn(kind: String)
    /// Punitive damages under another statute than those already paid on the complaint.
    case punitiveBasisDiffers(recorded: String, given: String)
    case calendar(CalendarError)
    /// A ground for not accepting that the complaint's regime does not have.
    case groundNotInRegime(ground: String, regime: ComplaintRegime)
    /// An act that stops a limit, while that limit's clock is suspended.
    case clockSuspended(command: String, limit: ComplaintLimit, since: CivilDate)
    /// An agreement recorded after the mediation limit had passed.
    case agreementAfterLimit(on: CivilDate, due: CivilDate)
    /// A correction of a position that holds no event of this complaint, or holds a correction.
    case correctionTargetUnknown(position: UInt64)
    /// A correction that voids an event no correction may void (`ComplaintEvent.isVoidable`).
    case notVoidable(type: String)
    /// An amendment of a field the corrected event does not have, or may not be amended.
    case notAmendable(field: String, type: String, amendable: [String])
    /// An amendment that leaves the event as it stands.
    case correctionChangesNothing
    /// The complaint's events, corrected, would not be a history the rules let be recorded: the corrected event
    /// or one after it would be refused, for `reason`.
    indirect case correctionLeavesCaseImpossible(position: UInt64, type: String, reason: ComplaintRejection)

    public var description: String {
        switch self {
        case .alreadyReceived: return "the complaint was already received"
        case .caseVoided(let on): return "the complaint's receipt was voided on \(on): the case stands for nothing; receive it afresh under a new id"
        case .notReceived: return "there is no such complaint: it must be received first"
        case let .wrongStage(command, stage): return "cannot \(command): the complaint is \(stage)"
        case let .dateBefore(command, date, earliest): return "cannot \(command) on \(date): that is before \(earliest), already recorded"
        case .missing(let field): return "\(field) is required"
        case let .negativeAmount(field, amount): return "\(field) is \(amount) fen: amounts are never negative"
        case let .compensationAboveLimit(total, limit, rule):
            return "payments would reach \(total) fen, above the \(limit) fen allowed for this complaint: \(rule)"
        case .basisWithoutPunitive(let kind): return "basis is given only with punitive damages, not with \(kind)"
        case let .returnOutsideWindow(purchased, claimed, window):
            return "the return was claimed on \(claimed), \(claimed.daysSinceEpoch - purchased.daysSinceEpoch) days after the purchase on \(purchased): the merchant's no-reason-return pledge takes returns within \(window) days"
        case let .purchasedAfterReceipt(purchased, received):
            return "purchasedOn is \(purchased), after the complaint about the goods was received on \(received)"
        case .returnStoreWithoutReturn(let kind): return "returnStore names the store that took a return or exchange, not a payment of \(kind)"
        case let .punitiveBasisDiffers(recorded, given):
            return "punitive damages on this complaint were paid under \(recorded); one claim takes one statute, not also \(given)"
        case .calendar(let error): return "\(error)"
        case let .groundNotInRegime(ground, regime):
            return "the ground \(ground) exists only under Order 121 (cases received from its first day); this complaint was received under \(regime.title)"
        case let .clockSuspended(command, limit, since):
            return "cannot \(command): the \(limit.importName) clock is suspended since \(since); resume it first"
        case let .agreementAfterLimit(on, due):
            return "cannot record an agreement on \(on): the mediation limit passed on \(due), and mediation that reaches no agreement by its limit is terminated (Order 20 Art. 21(5)); end it with outcome terminated and the reason"
        case .correctionTargetUnknown(let position):
            return "corrects is \(position): no event of this complaint that a correction can correct is recorded there"
        case .notVoidable(let type):
            return "\(type) cannot be voided: a correction voids a payment, an assignment, feedback, a satisfaction rating, a revisit, or the receipt with the whole case; a stage decided stands, and its fields are amended"
        case let .notAmendable(field, type, amendable):
            return "\(field) cannot be amended on \(type)" + (amendable.isEmpty ? ": it has no field a correction amends" : "; it may amend \(amendable.joined(separator: ", "))")
        case .correctionChangesNothing:
            return "the amendment leaves the event as it is recorded"
        case let .correctionLeavesCaseImpossible(position, type, reason):
            return "the correction would leave the complaint impossible: its \(type) at position \(position) would then be refused: \(reason)"
        }
    }
}
