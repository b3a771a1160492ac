extension Complaint: Decider {
    public static let category = StreamCategory.complaint

    public static func apply(_ recorded: Recorded, to state: inout State) {
        Corrections.apply(recorded, to: &state, initial: initial) { event, state in apply(event, to: &state) }
        if case .corrected(let correction) = recorded.event, correction.voidsCase, state.history.isEmpty { state.voidedOn = correction.on }
    }

    public static func place(_ event: ComplaintEvent, at position: UInt64, in state: inout State) {
        Corrections.place(event, at: position, in: &state)
    }

    /// A no-reason return is held to the window the merchant pledged, as the merchant's own stream records it;
    /// the complaint names its merchant on receipt, once for all.
    public static func merchantConsulted(by command: ComplaintCommand, id: String, _ state: State) -> UnifiedSocialCreditCode? {
        if case .compensate(let paid) = command, paid.kind == .noReasonReturn { return state.merchant }
        return nil
    }

    public static func decide(_ command: ComplaintCommand, id: String, _ state: State, _ facts: OutsideFacts) -> Result<[ComplaintEvent], Rejection> {
        // The terms in force on the day of purchase, not as they are now: a window widened or narrowed later, or a
        // pledge made after the purchase, does not reach back.
        var window: Int?
        if case .compensate(let paid) = command, let purchased = paid.purchasedOn {
            window = facts.merchant?.pledge(.offlineNoReasonReturn, on: purchased)?.windowDays
        }
        return decide(command, state, facts.rules, returnWindowDays: window).mapError { .complaint($0) }
    }

    /// A complaint is held by its region of receipt.
    public static func holder(of state: State, _ facts: OutsideFacts) -> RegionCode? { state.receivedRegion }

    public static func regionNamed(by command: ComplaintCommand) -> RegionCode? {
        if case .receive(let receive) = command { return receive.receivedRegion }
        return nil
    }

    public static func businessDay(of command: ComplaintCommand) -> CivilDate { command.businessDay }
}

extension Complaint.State: CorrectedState {}
