/// What a bank (or an operator for it) asks of a merchant's credit (授信, e.g. 放心贷) and card acquiring (收单).
/// The merchant is the stream's.
public enum CreditCommand: Sendable {
    case grant(on: CivilDate, bank: String, product: String, amountFen: Int64, termMonths: Int)
    case revoke(on: CivilDate, bank: String, product: String, reason: String)
    case expire(on: CivilDate, bank: String, product: String)
    /// Card acquiring opened, with the fee subsidy granted.
    case openCardAcquiring(on: CivilDate, bank: String, feeSubsidyFen: Int64)
    /// 更正: the bank's own earlier event amended or voided.
    case correct(bank: String, Correct)

    public typealias Correct = Domain.Correct<CreditAmendment>

    /// The business day the command acts on.
    public var businessDay: CivilDate {
        switch self {
        case .grant(let on, _, _, _, _), .revoke(let on, _, _, _), .expire(let on, _, _), .openCardAcquiring(let on, _, _): return on
        case .correct(_, let correct): return correct.on
        }
    }

    /// The bank the command is for: a bank acts only for itself.
    public var bank: String {
        switch self {
        case let .grant(_, bank, _, _, _), let .revoke(_, bank, _, _), let .expire(_, bank, _), let .openCardAcquiring(_, bank, _),
             let .correct(bank, _):
            return bank
        }
    }
}
