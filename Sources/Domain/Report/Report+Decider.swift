extension Report: Decider {
    public static let category = StreamCategory.report

    public static func evolve(_ state: State, _ recorded: Recorded<ReportEvent>) -> State {
        Corrections.evolve(state, recorded, initial: initial, evolve)
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
