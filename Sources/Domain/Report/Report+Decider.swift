extension Report: Decider {
    public static let category = StreamCategory.report

    public static func apply(_ recorded: Recorded<ReportEvent>, to state: inout State) {
        Corrections.apply(recorded, to: &state, initial: initial) { event, state in apply(event, to: &state) }
        if case .corrected(let correction) = recorded.event, correction.voidsCase, state.history.isEmpty { state.voidedOn = correction.on }
    }

    public static func place(_ event: ReportEvent, at position: UInt64, in state: inout State) {
        Corrections.place(event, at: position, in: &state)
    }

    public static func merchantConsulted(by command: ReportCommand, id: String, _ state: State) -> UnifiedSocialCreditCode? { nil }

    public static func decide(_ command: ReportCommand, id: String, _ state: State, _ facts: OutsideFacts) -> Result<[ReportEvent], Rejection> {
        decide(command, state, facts.rules).mapError { .report($0) }
    }

    /// A report is held by its region of receipt.
    public static func holder(of state: State, _ facts: OutsideFacts) -> RegionCode? { state.receivedRegion }

    public static func regionNamed(by command: ReportCommand) -> RegionCode? {
        if case .receive(let receive) = command { return receive.receivedRegion }
        return nil
    }

    public static func businessDay(of command: ReportCommand) -> CivilDate { command.businessDay }
}

extension Report.State: CorrectedState {}

extension ReportRejection: CorrectionRejection {}
