extension Credit: Decider {
    public static let category = StreamCategory.credit

    public static func apply(_ recorded: Recorded<CreditEvent>, to state: inout State) {
        Corrections.apply(recorded, to: &state, initial: initial) { event, state in apply(event, to: &state) }
    }

    public static func place(_ event: CreditEvent, at position: UInt64, in state: inout State) {
        Corrections.place(event, at: position, in: &state)
    }

    /// The merchant whose lines these are: it says which region holds them.
    public static func merchantConsulted(by command: CreditCommand, id: UnifiedSocialCreditCode, _ state: State) -> UnifiedSocialCreditCode? { id }

    public static func decide(_ command: CreditCommand, id: UnifiedSocialCreditCode, _ state: State, _ facts: OutsideFacts) -> Result<[CreditEvent], Rejection> {
        decide(command, state, code: id).mapError { .credit($0) }
    }

    /// A merchant's lines are held by the region that holds the merchant; no credit command moves it.
    public static func holder(of state: State, _ facts: OutsideFacts) -> RegionCode? { facts.merchant?.region }

    public static func regionNamed(by command: CreditCommand) -> RegionCode? { nil }

    public static func businessDay(of command: CreditCommand) -> CivilDate { command.businessDay }
}

extension Credit.State: CorrectedState {}

extension CreditEvent: CorrectingEvent {
    var correcting: (corrects: UInt64, replacement: CreditEvent?, on: CivilDate)? {
        guard case .corrected(let correction) = self else { return nil }
        return (correction.corrects, correction.replacement, correction.on)
    }
}

extension CreditRejection: CorrectionRejection {
    static func correctionLeavesCaseImpossible(position: UInt64, type: String, reason: CreditRejection) -> CreditRejection {
        .correctionLeavesCreditImpossible(position: position, type: type, reason: reason)
    }
}
