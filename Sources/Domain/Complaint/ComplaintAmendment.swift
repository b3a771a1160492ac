/// The fields a correction may amend, each on the events that have it. A field left nil is kept as recorded.
///
/// Not amendable: the days, the regions and the merchant's credit code, which fix the limits, the handling
/// bureau and whose standing a case counts against; a case received with them wrong has its receipt voided, which
/// voids the case, and is received afresh under a new id. (docs/COMMANDS.md, `correct`)
public struct ComplaintAmendment: EventAmendment {
    /// `complaint.received`.
    public var category: ComplaintCategory?
    public var subcategory: String?
    public var channel: ComplaintChannel?
    public var amountInDisputeFen: Int64?
    /// `complaint.compensated`.
    public var amountFen: Int64?
    /// `complaint.satisfaction-rated`.
    public var satisfied: Bool?
    /// `complaint.mediation-ended`.
    public var outcome: MediationOutcome?
    /// The reason mediation ended (the correction's own reason is `ComplaintCommand.Correct.reason`).
    public var mediationReason: String?
    /// `complaint.not-accepted`.
    public var ground: NonAcceptanceGround?
    public var note: String?

    public init(category: ComplaintCategory? = nil, subcategory: String? = nil, channel: ComplaintChannel? = nil, amountInDisputeFen: Int64? = nil,
                amountFen: Int64? = nil, satisfied: Bool? = nil, outcome: MediationOutcome? = nil, mediationReason: String? = nil,
                ground: NonAcceptanceGround? = nil, note: String? = nil) {
        self.category = category
        self.subcategory = subcategory
        self.channel = channel
        self.amountInDisputeFen = amountInDisputeFen
        self.amountFen = amountFen
        self.satisfied = satisfied
        self.outcome = outcome
        self.mediationReason = mediationReason
        self.ground = ground
        self.note = note
    }

    /// The names of the fields it sets, as the command document has them.
    public var fieldNames: [String] {
        [("category", category != nil), ("subcategory", subcategory != nil), ("channel", channel != nil),
         ("amountInDisputeFen", amountInDisputeFen != nil), ("amountFen", amountFen != nil), ("satisfied", satisfied != nil),
         ("outcome", outcome != nil), ("mediationReason", mediationReason != nil), ("ground", ground != nil), ("note", note != nil)]
            .filter(\.1).map(\.0)
    }
}

extension ComplaintEvent {
    /// Whether a correction may void the event. A stage (accepted, mediated, closed...) is not undone by a
    /// correction: what was decided stands until decided again, and its mistyped fields are amended. The receipt
    /// is voided only with the whole case (误登记), which was then never received.
    public var isVoidable: Bool {
        switch self {
        case .received, .compensated, .assigned, .feedbackGiven, .satisfactionRated, .revisited: return true
        default: return false
        }
    }

    /// The event with `amendment`'s fields put in, and the fields the event may have amended; `Corrections.decide`
    /// refuses a field outside them, and an amendment that changes nothing.
    func amended(by amendment: ComplaintAmendment) throws(ComplaintRejection) -> (event: ComplaintEvent, amendable: Set<String>) {
        var allowed: Set<String>
        var event = self
        switch self {
        case .received(var received):
            allowed = ["category", "subcategory", "channel", "amountInDisputeFen"]
            received.category = amendment.category ?? received.category
            received.subcategory = amendment.subcategory ?? received.subcategory
            received.channel = amendment.channel ?? received.channel
            received.amountInDisputeFen = amendment.amountInDisputeFen ?? received.amountInDisputeFen
            event = .received(received)
        case .compensated(var paid):
            allowed = ["amountFen"]
            paid.amountFen = amendment.amountFen ?? paid.amountFen
            event = .compensated(paid)
        case let .satisfactionRated(on, satisfied):
            allowed = ["satisfied"]
            event = .satisfactionRated(on: on, satisfied: amendment.satisfied ?? satisfied)
        case .mediationEnded(var ended):
            allowed = ["outcome", "mediationReason"]
            ended.outcome = amendment.outcome ?? ended.outcome
            ended.reason = amendment.mediationReason ?? ended.reason
            event = .mediationEnded(ended)
        case .notAccepted(var refused):
            allowed = ["ground", "note"]
            refused.ground = amendment.ground ?? refused.ground
            refused.note = amendment.note ?? refused.note
            event = .notAccepted(refused)
        default:
            allowed = []
        }
        return (event, allowed)
    }
}
