/// The report decider (docs/DOMAIN.md §3.2): received → verified (within the verification limit) → case filed or
/// not → case closed with its penalty → reward paid to the reporter (only for a substantiated report). `decide`
/// checks a command against the report's state and returns the events it causes, or why it is refused;
/// `evolve` folds an event into the state. Both are pure.
public enum Report {
    public enum Stage: Hashable, Sendable {
        case none, received, verified, notFiled, filed, closed

        var name: String {
            switch self {
            case .none: return "not received"
            case .received: return "awaiting verification"
            case .verified: return "verified, awaiting the filing decision"
            case .notFiled: return "not filed as a case"
            case .filed: return "a case in progress"
            case .closed: return "a closed case"
            }
        }
    }

    public struct State: Hashable, Sendable {
        public var stage: Stage = .none
        public var substantiated = false
        public var rewarded = false
        public var verificationDue: Deadline?
        /// Where it was received: whose bureau acts on it.
        public var receivedRegion: RegionCode?
        public var lastDay: CivilDate?
        /// Since when verification is suspended; nil while its clock runs.
        public var suspendedSince: CivilDate?
        public init() {}
    }

    public static let initial = State()

    public static func evolve(_ state: State, _ event: ReportEvent) -> State {
        var state = state
        state.lastDay = event.day
        switch event {
        case .received(let received):
            state.stage = .received
            state.verificationDue = received.verificationDue
            state.receivedRegion = received.receivedRegion
        case let .verified(_, substantiated, _):
            state.stage = .verified
            state.substantiated = substantiated
        case let .caseDecided(_, filed, _): state.stage = filed ? .filed : .notFiled
        case .caseClosed: state.stage = .closed
        case .rewardPaid: state.rewarded = true
        case .verificationSuspended(let on, _, _): state.suspendedSince = on
        case let .verificationResumed(_, due):
            state.verificationDue = due
            state.suspendedSince = nil
        }
        return state
    }

    public static func decide(_ command: ReportCommand, _ state: State, _ rules: ComplaintRules) -> Result<[ReportEvent], ReportRejection> {
        Result { () throws(ReportRejection) -> [ReportEvent] in
            switch command {
            case .receive(let receive): return try received(receive, state, rules)
            case .resumeVerification(let on): return try resumed(on: on, state, rules)
            case let .suspendVerification(on, reason, note): return try checked(.verificationSuspended(on: on, reason: reason, note: note), state)
            case let .verify(on, substantiated, findings): return try checked(.verified(on: on, substantiated: substantiated, findings: findings), state)
            case let .decideCase(on, filed, reference): return try checked(.caseDecided(on: on, filed: filed, reference: reference), state)
            case let .closeCase(on, penalty, decision): return try checked(.caseClosed(on: on, penaltyFen: penalty, decision: decision), state)
            case let .payReward(on, amount): return try checked(.rewardPaid(on: on, amountFen: amount), state)
            }
        }
    }

    /// A received report's first event, with the regime and verification deadline.
    private static func received(_ receive: ReportCommand.Receive, _ state: State, _ rules: ComplaintRules) throws(ReportRejection) -> [ReportEvent] {
        guard state.stage == .none else { throw .alreadyReceived }
        guard !receive.reporter.isEmpty else { throw .invalid(field: "reporter", reason: "is required") }
        guard !receive.allegation.isEmpty else { throw .invalid(field: "allegation", reason: "is required") }
        let regime = rules.regime(receivedOn: receive.receivedOn)
        let due: Deadline
        do throws(CalendarError) {
            let limits = rules.limits(region: receive.receivedRegion, receivedOn: receive.receivedOn)
            due = try rules.calendar.deadline(limits?.reportVerificationWorkingDays ?? 0, workingDaysAfter: receive.receivedOn)
        } catch {
            throw .calendar(error)
        }
        return [.received(.init(
            receivedOn: receive.receivedOn, channel: receive.channel, reporter: receive.reporter, reporterName: receive.reporterName,
            reporterPhone: receive.reporterPhone, merchant: receive.merchant, merchantName: receive.merchantName,
            allegation: receive.allegation, receivedRegion: receive.receivedRegion, regime: regime, verificationDue: due, intake: receive.intake))]
    }

    /// Restarts a suspended verification on `day`: the working days left when it stopped (after the suspension's
    /// day, through the last day) run again from `day`. A limit already passed when it stopped stays passed.
    private static func resumed(on day: CivilDate, _ state: State, _ rules: ComplaintRules) throws(ReportRejection) -> [ReportEvent] {
        guard state.stage != .none else { throw .notReceived }
        if let last = state.lastDay, day < last { throw .dateBefore(action: "resume verification", date: day, earliest: last) }
        guard let since = state.suspendedSince, let due = state.verificationDue else {
            throw .wrongStage(action: "resume verification", stage: state.stage.name + ", its clock running")
        }
        do throws(CalendarError) {
            return [.verificationResumed(on: day, due: try rules.calendar.resumedDeadline(due, suspended: since, resumed: day))]
        } catch {
            throw .calendar(error)
        }
    }

    /// A later fact of the report, as a command asks it, checked against the report's stage.
    private static func checked(_ event: ReportEvent, _ state: State) throws(ReportRejection) -> [ReportEvent] {
        let action = "record " + event.type.dropFirst("report.".count)
        guard state.stage != .none else { throw .notReceived }
        if let last = state.lastDay, event.day < last { throw .dateBefore(action: action, date: event.day, earliest: last) }
        func require(_ stage: Stage) throws(ReportRejection) {
            guard state.stage == stage else { throw .wrongStage(action: action, stage: state.stage.name) }
        }
        switch event {
        case .received:
            throw .alreadyReceived
        case .verificationResumed:
            throw .invalid(field: "due", reason: "is worked out when verification resumes (resumeVerification)")
        case let .verificationSuspended(_, reason, note):
            try require(.received)
            if let since = state.suspendedSince { throw .invalid(field: "on", reason: "verification is suspended since \(since) already") }
            if reason == .other, (note ?? "").isEmpty { throw .invalid(field: "note", reason: "is required when suspending for another reason") }
        case let .verified(_, _, findings):
            try require(.received)
            if let since = state.suspendedSince { throw .invalid(field: "on", reason: "verification is suspended since \(since); resume it first") }
            guard !findings.isEmpty else { throw .invalid(field: "findings", reason: "is required") }
        case let .caseDecided(_, filed, reference):
            try require(.verified)
            if filed, !state.substantiated { throw .invalid(field: "filed", reason: "cannot be true for a report found unsubstantiated") }
            guard !reference.isEmpty else { throw .invalid(field: "reference", reason: filed ? "must give the case number" : "must give the reason") }
        case let .caseClosed(_, penalty, decision):
            try require(.filed)
            guard penalty >= 0 else { throw .invalid(field: "penaltyFen", reason: "is \(penalty); amounts are never negative") }
            guard !decision.isEmpty else { throw .invalid(field: "decision", reason: "is required") }
        case let .rewardPaid(_, amount):
            try require(.closed)
            guard state.substantiated else { throw .invalid(field: "reward", reason: "is paid only for a substantiated report") }
            guard !state.rewarded else { throw .invalid(field: "reward", reason: "was already paid") }
            guard amount > 0 else { throw .invalid(field: "amountFen", reason: "must be positive") }
        }
        return [event]
    }
}

/// Why a report fact may not be recorded. Nothing is recorded for it.
public enum ReportRejection: Error, Equatable, CustomStringConvertible {
    case alreadyReceived
    case notReceived
    case wrongStage(action: String, stage: String)
    case dateBefore(action: String, date: CivilDate, earliest: CivilDate)
    case invalid(field: String, reason: String)
    case calendar(CalendarError)

    public var description: String {
        switch self {
        case .alreadyReceived: return "the report was already received"
        case .notReceived: return "there is no such report: it must be received first"
        case let .wrongStage(action, stage): return "cannot \(action): the report is \(stage)"
        case let .dateBefore(action, date, earliest): return "cannot \(action) on \(date): that is before \(earliest), already recorded"
        case let .invalid(field, reason): return "\(field) \(reason)"
        case .calendar(let error): return "\(error)"
        }
    }
}
