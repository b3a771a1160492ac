extension Merchant: Decider {
    public static let category = StreamCategory.merchant

    public static func apply(_ recorded: Recorded<MerchantEvent>, to state: inout State) {
        Corrections.apply(recorded, to: &state, initial: initial) { event, state in apply(event, to: &state) }
    }

    public static func place(_ event: MerchantEvent, at position: UInt64, in state: inout State) {
        Corrections.place(event, at: position, in: &state)
    }

    public static func merchantConsulted(by command: MerchantCommand, id: UnifiedSocialCreditCode, _ state: State) -> UnifiedSocialCreditCode? { nil }

    public static func decide(_ command: MerchantCommand, id: UnifiedSocialCreditCode, _ state: State, _ facts: OutsideFacts) -> Result<[MerchantEvent], Rejection> {
        decide(command, state, code: id).mapError { .merchant($0) }
    }

    /// A merchant is held by the region it applied in.
    public static func holder(of state: State, _ facts: OutsideFacts) -> RegionCode? { state.region }

    /// An application's region: one sent again after a failed pre-review may name another.
    public static func regionNamed(by command: MerchantCommand) -> RegionCode? {
        if case .apply(_, _, let region, _, _, _) = command { return region }
        return nil
    }

    public static func businessDay(of command: MerchantCommand) -> CivilDate { command.businessDay }
}

extension Merchant.State: CorrectedState {}

extension MerchantEvent: CorrectingEvent {
    var correcting: (corrects: UInt64, replacement: MerchantEvent?, on: CivilDate)? {
        guard case .corrected(let correction) = self else { return nil }
        return (correction.corrects, correction.replacement, correction.on)
    }
}

extension MerchantRejection: CorrectionRejection {
    static func correctionLeavesCaseImpossible(position: UInt64, type: String, reason: MerchantRejection) -> MerchantRejection {
        .correctionLeavesRecordImpossible(position: position, type: type, reason: reason)
    }
}
