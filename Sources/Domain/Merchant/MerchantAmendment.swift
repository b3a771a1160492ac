/// The fields a correction may amend on a merchant's events (docs/COMMANDS.md, `correctMerchant`). Days, the
/// region and the credit code are not amended, nor a stage decided (an application, a review, an evaluation, a
/// pledge, a delisting): a later act of the same kind supersedes it, and says so in the record.
public struct MerchantAmendment: EventAmendment {
    /// `merchant.violation-recorded`.
    public var violationKind: ViolationKind?
    /// `merchant.violation-recorded`, `merchant.pledge-breached`, `merchant.rectified`.
    public var description: String?
    /// `merchant.violation-recorded`.
    public var penaltyFen: Int64?
    /// `merchant.inspected`.
    public var passed: Bool?
    public var findings: String?
    /// `merchant.abnormal-list-changed`: its reason (the correction's own is `reason`).
    public var listingReason: String?

    public init(violationKind: ViolationKind? = nil, description: String? = nil, penaltyFen: Int64? = nil, passed: Bool? = nil,
                findings: String? = nil, listingReason: String? = nil) {
        self.violationKind = violationKind
        self.description = description
        self.penaltyFen = penaltyFen
        self.passed = passed
        self.findings = findings
        self.listingReason = listingReason
    }

    /// The names of the fields it sets, as the command document has them.
    public var fieldNames: [String] {
        [("violationKind", violationKind != nil), ("description", description != nil), ("penaltyFen", penaltyFen != nil),
         ("passed", passed != nil), ("findings", findings != nil), ("listingReason", listingReason != nil)]
            .filter(\.1).map(\.0)
    }
}

extension MerchantEvent {
    /// Whether a correction may void the event: what was recorded against the merchant by mistake (a violation, a
    /// pledge breach, a listing as abnormal). What the merchant did, or a stage decided, stands.
    public var isVoidable: Bool {
        switch self {
        case .violationRecorded, .pledgeBreached: return true
        case .abnormalListChanged(_, let listed, _): return listed
        default: return false
        }
    }

    /// The event with `amendment`'s fields put in, and the fields the event may have amended; `Corrections.decide`
    /// refuses a field outside them, and an amendment that changes nothing.
    func amended(by amendment: MerchantAmendment) throws(MerchantRejection) -> (event: MerchantEvent, amendable: Set<String>) {
        var allowed: Set<String> = []
        var event = self
        switch self {
        case let .violationRecorded(on, kind, description, penalty):
            allowed = ["violationKind", "description", "penaltyFen"]
            event = .violationRecorded(on: on, kind: amendment.violationKind ?? kind, description: amendment.description ?? description,
                                       penaltyFen: amendment.penaltyFen ?? penalty)
        case let .pledgeBreached(on, kind, description, complaint):
            allowed = ["description"]
            event = .pledgeBreached(on: on, kind: kind, description: amendment.description ?? description, complaint: complaint)
        case let .rectified(on, description):
            allowed = ["description"]
            event = .rectified(on: on, description: amendment.description ?? description)
        case let .inspected(on, method, passed, findings):
            allowed = ["passed", "findings"]
            event = .inspected(on: on, method: method, passed: amendment.passed ?? passed, findings: amendment.findings ?? findings)
        case let .abnormalListChanged(on, listed, reason):
            allowed = ["listingReason"]
            event = .abnormalListChanged(on: on, listed: listed, reason: amendment.listingReason ?? reason)
        default:
            break
        }
        return (event, allowed)
    }
}
