/// The fields a correction may amend on a report's events (docs/COMMANDS.md, `correctReport`). Days, regions,
/// the merchant and whether a case was filed are not amended: they fix the limits and whose standing it counts
/// against. A penalty is amended within what it was, some or none: a penalty amended to or from nothing would
/// change whether the merchant broke the law, which a new decision records, not a correction.
public struct ReportAmendment: EventAmendment {
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
    /// Whether a correction may void the event: a reward paid by mistake, or the receipt, which voids the whole report
    /// (误登记). A stage decided stands.
    public var isVoidable: Bool {
        switch self {
        case .received, .rewardPaid: return true
        default: return false
        }
    }

    /// The event with `amendment`'s fields put in, and the fields the event may have amended; `Corrections.decide`
    /// refuses a field outside them, and an amendment that changes nothing.
    func amended(by amendment: ReportAmendment) throws(ReportRejection) -> (event: ReportEvent, amendable: Set<String>) {
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
        return (event, allowed)
    }
}
