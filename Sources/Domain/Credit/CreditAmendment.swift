/// The fields a correction may amend on a credit event (docs/COMMANDS.md, `correctCredit`). The bank, the product
/// and the merchant are not amended: a line granted to the wrong one is voided and granted again.
public struct CreditAmendment: EventAmendment {
    /// `credit.granted`.
    public var amountFen: Int64?
    public var termMonths: Int?
    /// `credit.revoked`: its reason (the correction's own is `reason`).
    public var revocationReason: String?
    /// `credit.card-acquiring-opened`.
    public var feeSubsidyFen: Int64?

    public init(amountFen: Int64? = nil, termMonths: Int? = nil, revocationReason: String? = nil, feeSubsidyFen: Int64? = nil) {
        self.amountFen = amountFen
        self.termMonths = termMonths
        self.revocationReason = revocationReason
        self.feeSubsidyFen = feeSubsidyFen
    }

    /// The names of the fields it sets, as the command document has them.
    public var fieldNames: [String] {
        [("amountFen", amountFen != nil), ("termMonths", termMonths != nil), ("revocationReason", revocationReason != nil),
         ("feeSubsidyFen", feeSubsidyFen != nil)]
            .filter(\.1).map(\.0)
    }
}

extension CreditEvent {
    /// Every credit fact may be voided when recorded by mistake: each is a bank's own act on its own line.
    public var isVoidable: Bool { true }

    /// The event with `amendment`'s fields put in, and the fields the event may have amended; `Corrections.decide`
    /// refuses a field outside them, and an amendment that changes nothing.
    func amended(by amendment: CreditAmendment) throws(CreditRejection) -> (event: CreditEvent, amendable: Set<String>) {
        var allowed: Set<String> = []
        var event = self
        switch self {
        case .granted(var grant):
            allowed = ["amountFen", "termMonths"]
            grant.amountFen = amendment.amountFen ?? grant.amountFen
            grant.termMonths = amendment.termMonths ?? grant.termMonths
            event = .granted(grant)
        case let .revoked(on, bank, product, reason):
            allowed = ["revocationReason"]
            event = .revoked(on: on, bank: bank, product: product, reason: amendment.revocationReason ?? reason)
        case let .cardAcquiringOpened(on, bank, subsidy):
            allowed = ["feeSubsidyFen"]
            event = .cardAcquiringOpened(on: on, bank: bank, feeSubsidyFen: amendment.feeSubsidyFen ?? subsidy)
        case .expired, .corrected:
            break
        }
        return (event, allowed)
    }
}
