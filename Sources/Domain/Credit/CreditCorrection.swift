/// An earlier event of a merchant's credit corrected (更正) by the bank it is about: amended in some of its fields,
/// or voided. As a complaint's, it is an event of its own, and the credit is as its events, corrected, say: a
/// grant voided is no line, a revocation voided leaves the line active.
///
/// Fields: 1 on, 2 the position of the event it corrects, 3 reason, 4 the corrected event's type, 5 that event
/// as it stood (its payload), 6 the event as it now stands (its payload; absent: voided), 7 the bank, 8 the
/// schema version both payloads are written in (their type's, when the correction was recorded).
public struct CreditCorrection: Hashable, Sendable {
    public var on: CivilDate
    public var corrects: UInt64
    public var reason: String
    public var original: CreditEvent
    /// Nil when the event is voided.
    public var replacement: CreditEvent?

    public init(on: CivilDate, corrects: UInt64, reason: String, original: CreditEvent, replacement: CreditEvent?) {
        self.on = on
        self.corrects = corrects
        self.reason = reason
        self.original = original
        self.replacement = replacement
    }
}

/// The fields a correction may amend on a credit event (docs/COMMANDS.md, `correctCredit`). The bank, the product
/// and the merchant are not amended: a line granted to the wrong one is voided and granted again.
public struct CreditAmendment: Hashable, Sendable {
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

    /// The event with `amendment`'s fields put in; throws naming a field the event does not have.
    func amended(by amendment: CreditAmendment) throws(CreditRejection) -> CreditEvent {
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
        if let field = amendment.fieldNames.first(where: { !allowed.contains($0) }) {
            throw .notAmendable(field: field, type: type, amendable: allowed.sorted())
        }
        guard event != self else { throw .correctionChangesNothing }
        return event
    }
}
