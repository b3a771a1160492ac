/// An earlier event of a report corrected (更正): amended in some of its fields, or voided. As a complaint's
/// (`ComplaintCorrection`), it is an event of its own, and the report is as its events, corrected, say.
///
/// Fields: 1 on, 2 the position of the event it corrects, 3 reason, 4 the corrected event's type, 5 that event
/// as it stood (its payload), 6 the event as it now stands (its payload; absent: voided).
public struct ReportCorrection: Hashable, Sendable {
    public var on: CivilDate
    public var corrects: UInt64
    public var reason: String
    public var original: ReportEvent
    /// Nil when the event is voided.
    public var replacement: ReportEvent?

    public init(on: CivilDate, corrects: UInt64, reason: String, original: ReportEvent, replacement: ReportEvent?) {
        self.on = on
        self.corrects = corrects
        self.reason = reason
        self.original = original
        self.replacement = replacement
    }
}

/// The fields a correction may amend on a report's events (docs/COMMANDS.md, `correctReport`). Days, regions,
/// the merchant and whether a case was filed are not amended: they fix the limits and whose standing it counts
/// against. A penalty is amended within what it was, some or none: a penalty amended to or from nothing would
/// change whether the merchant broke the law, which a new decision records, not a correction.
public struct ReportAmendment: Hashable, Sendable {
    /// `report.received`.
    public var channel: ComplaintChannel?
    public var allegation: String?
    /// `report.verified`.
    public var substantiated: Bool?
    public var findings: String?
    /// `report.case-decided`.
    public var reference: String?
    /// `report.case-closed`.
    public var penaltyFen: Int64?
    public var decision: String?
    /// `report.reward-paid`.
    public var amountFen: Int64?

    public init(channel: ComplaintChannel? = nil, allegation: String? = nil, substantiated: Bool? = nil, findings: String? = nil,
                reference: String? = nil, penaltyFen: Int64? = nil, decision: String? = nil, amountFen: Int64? = nil) {
        self.channel = channel
        self.allegation = allegation
        self.substantiated = substantiated
        self.findings = findings
        self.reference = reference
        self.penaltyFen = penaltyFen
        self.decision = decision
        self.amountFen = amountFen
    }

    /// The names of the fields it sets, as the command document has them.
    public var fieldNames: [String] {
        [("channel", channel != nil), ("allegation", allegation != nil), ("substantiated", substantiated != nil), ("findings", findings != nil),
         ("reference", reference != nil), ("penaltyFen", penaltyFen != nil), ("decision", decision != nil), ("amountFen", amountFen != nil)]
            .filter(\.1).map(\.0)
    }
}

extension ReportEvent {
    /// Whether a correction may void the event: a reward paid by mistake. A stage decided stands.
    public var isVoidable: Bool {
        if case .rewardPaid = self { return true }
        return false
    }

    /// The event with `amendment`'s fields put in; throws naming a field the event does not have.
    func amended(by amendment: ReportAmendment) throws(ReportRejection) -> ReportEvent {
        var allowed: Set<String> = []
        var event = self
        switch self {
        case .received(var received):
            allowed = ["channel", "allegation"]
            received.channel = amendment.channel ?? received.channel
            received.allegation = amendment.allegation ?? received.allegation
            event = .received(received)
        case let .verified(on, substantiated, findings):
            allowed = ["substantiated", "findings"]
            event = .verified(on: on, substantiated: amendment.substantiated ?? substantiated, findings: amendment.findings ?? findings)
        case let .caseDecided(on, filed, reference, noticeDue, decisionDue):
            allowed = ["reference"]
            event = .caseDecided(on: on, filed: filed, reference: amendment.reference ?? reference, reporterNoticeDue: noticeDue, decisionDue: decisionDue)
        case let .caseClosed(on, penalty, decision):
            allowed = ["penaltyFen", "decision"]
            let amended = amendment.penaltyFen ?? penalty
            if (amended > 0) != (penalty > 0) {
                throw .invalid(field: "penaltyFen", reason: "is \(amended), but the case closed with \(penalty == 0 ? "no penalty" : "a penalty"): a correction amends a penalty's amount, not whether there is one")
            }
            event = .caseClosed(on: on, penaltyFen: amended, decision: amendment.decision ?? decision)
        case let .rewardPaid(on, amount):
            allowed = ["amountFen"]
            event = .rewardPaid(on: on, amountFen: amendment.amountFen ?? amount)
        default:
            break
        }
        if let field = amendment.fieldNames.first(where: { !allowed.contains($0) }) {
            throw .notAmendable(field: field, type: type, amendable: allowed.sorted())
        }
        guard event != self else { throw .correctionChangesNothing }
        return event
    }
}
