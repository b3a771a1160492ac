/// Why the domain refused a command, whichever aggregate it was for.
public enum Rejection: Error, Equatable, CustomStringConvertible {
    case complaint(ComplaintRejection)
    case merchant(MerchantRejection)
    case report(ReportRejection)
    case credit(CreditRejection)
    case clock(ClockRejection)
    case privacy(PrivacyRejection)
    /// The command's day lies after the ledger's own day by more than `Bounds.futureMarginDays`: no act
    /// recorded here has yet to happen. `field` names the day's field, as the document has it.
    case afterLedgerDay(field: String, day: CivilDate, ledgerDay: CivilDate)

    public var description: String {
        switch self {
        case let .afterLedgerDay(_, day, ledgerDay):
            return "\(day) has not come yet: the ledger's day is \(ledgerDay), and an act may be dated at most \(Bounds.futureMarginDays) day after it"
        case .complaint(let rejection): return rejection.description
        case .merchant(let rejection): return rejection.description
        case .report(let rejection): return rejection.description
        case .credit(let rejection): return rejection.description
        case .clock(let rejection): return rejection.description
        case .privacy(let rejection): return rejection.description
        }
    }

    /// The field of the command at fault, when the rejection names one: `on` for a date out of order.
    public var field: String? {
        switch self {
        case .complaint(.missing(let field)), .complaint(.negativeAmount(let field, _)), .merchant(.invalid(let field, _)),
             .report(.invalid(let field, _)), .credit(.invalid(let field, _)), .privacy(.missing(let field)):
            return field
        case .afterLedgerDay(let field, _, _):
            return field
        case .complaint(.dateBefore), .merchant(.dateBefore), .report(.dateBefore), .credit(.dateBefore):
            return "on"
        default:
            return nil
        }
    }
}
