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
        public var receivedOn: CivilDate?
        /// Whether the reporter gave a name (实名举报): then they are told whether a case was filed (D7).
        public var realName = false
        public var reporterNoticeDue: Deadline?
        public var reporterNotified = false
        /// The filed case's last day (D8), as extended.
        public var decisionDue: Deadline?
        /// Whether the one extension with approval (not by collective decision) was used.
        public var extendedWithApproval = false
        /// Its events as corrections leave them, with their positions: what a correction may correct. Kept by
        /// the fold of recorded events, which knows positions (`Decider.evolve`).
        public var history: [Recorded<ReportEvent>] = []
        /// The latest day a correction was made on: no later command may go before it.
        public var lastCorrection: CivilDate?
        /// The day its receipt was voided (误登记): the report stands for nothing, and takes no command again.
        public var voidedOn: CivilDate?
        public init() {}
    }

    public static let initial = State()

    public static func evolve(_ state: State, _ event: ReportEvent) -> State {
        var state = state
        apply(event, to: &state)
        return state
    }

    /// Folds `event` into `state` in place: a state kept folded (`Decider.apply`) is not copied for each event.
    public static func apply(_ event: ReportEvent, to state: inout State) {
        state.lastDay = max(state.lastDay ?? event.day, event.day)
        switch event {
        case .received(let received):
            state.stage = .received
            state.verificationDue = received.verificationDue
            state.receivedRegion = received.receivedRegion
            state.receivedOn = received.receivedOn
            state.realName = received.reporterName != nil
        case let .verified(_, substantiated, _):
            state.stage = .verified
            state.substantiated = substantiated
        case let .caseDecided(_, filed, _, noticeDue, decisionDue):
            state.stage = filed ? .filed : .notFiled
            state.reporterNoticeDue = noticeDue
            state.decisionDue = decisionDue
        case .reporterNotified: state.reporterNotified = true
        case let .caseExtended(_, due, _, collective):
            state.decisionDue = due
            if !collective { state.extendedWithApproval = true }
        case .corrected:
            // What it corrects is applied by `fold`, which knows where each event lies.
            break
        case .caseClosed: state.stage = .closed
        case .rewardPaid: state.rewarded = true
        case .verificationSuspended(let on, _, _): state.suspendedSince = on
        case let .verificationResumed(_, due):
            state.verificationDue = due
            state.suspendedSince = nil
        }
    }

    public static func decide(_ command: ReportCommand, _ state: State, _ rules: ComplaintRules) -> Result<[ReportEvent], ReportRejection> {
        Result { () throws(ReportRejection) -> [ReportEvent] in
            // One id, one report: one voided is not received again under its id.
            if let voided = state.voidedOn { throw .caseVoided(on: voided) }
            switch command {
            case .receive(let receive): return try received(receive, state, rules)
            case .resumeVerification(let on): return try resumed(on: on, state, rules)
            case let .suspendVerification(on, reason, note): return try checked(.verificationSuspended(on: on, reason: reason, note: note), state)
            case let .verify(on, substantiated, findings): return try checked(.verified(on: on, substantiated: substantiated, findings: findings), state)
            case let .decideCase(on, filed, reference):
                _ = try checked(.caseDecided(on: on, filed: filed, reference: reference), state)
                return [.caseDecided(on: on, filed: filed, reference: reference, reporterNoticeDue: try noticeDue(on, state, rules),
                                     decisionDue: filed ? try decisionDue(on, state, rules) : nil)]
            case .notifyReporter(let on):
                guard state.reporterNoticeDue != nil else {
                    throw .wrongStage(action: "notify the reporter", stage: state.stage.name + (state.realName ? "" : ", from a reporter who gave no name"))
                }
                guard !state.reporterNotified else { throw .wrongStage(action: "notify the reporter", stage: state.stage.name + ", its reporter told already") }
                return try checked(.reporterNotified(on: on), state)
            case let .extendCase(on, days, approval, collective):
                return try extended(on: on, days: days, approval: approval, collective: collective, state, rules)
            case .correct(let correct):
                return [.corrected(try correction(correct, state, rules))]
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

    private static func limits(_ state: State, _ rules: ComplaintRules) -> DeadlinePolicy.Limits? {
        guard let region = state.receivedRegion, let receivedOn = state.receivedOn else { return nil }
        return rules.limits(region: region, receivedOn: receivedOn)
    }

    /// D7: a real-name reporter is told whether a case was filed, within the policy's working days of the decision.
    private static func noticeDue(_ on: CivilDate, _ state: State, _ rules: ComplaintRules) throws(ReportRejection) -> Deadline? {
        guard state.realName, let days = limits(state, rules)?.reporterNoticeWorkingDays else { return nil }
        do { return try rules.calendar.deadline(days, workingDaysAfter: on) } catch { throw .calendar(error) }
    }

    /// D8: a filed case is decided within the policy's calendar days of filing.
    private static func decisionDue(_ on: CivilDate, _ state: State, _ rules: ComplaintRules) throws(ReportRejection) -> Deadline? {
        guard let days = limits(state, rules)?.penaltyDecisionCalendarDays else { return nil }
        do { return try rules.calendar.deadline(days, calendarDaysAfter: on) } catch { throw .calendar(error) }
    }

    /// D8: an extension adds `days` calendar days to the limit's last day. With approval (批准) once, and at most
    /// the policy's extension; beyond that only by collective decision (集体讨论决定).
    private static func extended(on day: CivilDate, days: Int, approval: String, collective: Bool, _ state: State,
                                 _ rules: ComplaintRules) throws(ReportRejection) -> [ReportEvent] {
        let action = "extend the case's limit"
        guard state.stage != .none else { throw .notReceived }
        if let last = state.lastDay, day < last { throw .dateBefore(action: action, date: day, earliest: last) }
        guard state.stage == .filed, let due = state.decisionDue else { throw .wrongStage(action: action, stage: state.stage.name + ", with no case limit running") }
        guard !approval.allSatisfy(\.isWhitespace) else { throw .invalid(field: "approval", reason: "is required: the approval or the collective decision") }
        guard days >= 1 else { throw .invalid(field: "days", reason: "is \(days); an extension adds at least 1 day") }
        if !collective {
            let most = limits(state, rules)?.penaltyExtensionCalendarDays ?? 0
            guard !state.extendedWithApproval else {
                throw .invalid(field: "collective", reason: "must be true: the one extension with approval was used; more only by collective decision")
            }
            guard days <= most else {
                throw .invalid(field: "days", reason: "is \(days); an approval extends by at most \(most) days, more only by collective decision (collective: true)")
            }
        }
        do {
            var moved = try rules.calendar.deadline(days, calendarDaysAfter: due.date)
            moved.isProvisional = moved.isProvisional || due.isProvisional
            return [.caseExtended(on: day, due: moved, approval: approval, collective: collective)]
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
        case .verificationResumed, .caseExtended, .corrected:
            throw .invalid(field: "due", reason: "is worked out from the rules (resumeVerification, extendCase)")
        case .reporterNotified:
            break
        case let .verificationSuspended(_, reason, note):
            try require(.received)
            if let since = state.suspendedSince { throw .invalid(field: "on", reason: "verification is suspended since \(since) already") }
            if reason == .other, (note ?? "").isEmpty { throw .invalid(field: "note", reason: "is required when suspending for another reason") }
        case let .verified(_, _, findings):
            try require(.received)
            if let since = state.suspendedSince { throw .invalid(field: "on", reason: "verification is suspended since \(since); resume it first") }
            guard !findings.isEmpty else { throw .invalid(field: "findings", reason: "is required") }
        case let .caseDecided(_, filed, reference, _, _):
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

extension Report {
    /// Decides a correction (docs/COMMANDS.md, `correctReport`), as a complaint's is (`Complaint.correction`):
    /// refused unless the report's events, so corrected, are a history the rules would have let be recorded.
    static func correction(_ correct: ReportCommand.Correct, _ state: State, _ rules: ComplaintRules) throws(ReportRejection) -> ReportCorrection {
        guard !correct.reason.allSatisfy(\.isWhitespace) else { throw .invalid(field: "reason", reason: "is required") }
        if let last = state.lastDay, correct.on < last { throw .dateBefore(action: "correct", date: correct.on, earliest: last) }
        return try Corrections.decide(
            correct, state, initial: initial,
            amend: { (event: ReportEvent, amendment: ReportAmendment) throws(ReportRejection) in try event.amended(by: amendment) },
            replay: { event, before in
                if case .failure(let reason) = decide(event.command(after: before), before, rules) { return reason }
                return nil
            },
            apply: { event, state in apply(event, to: &state) })
    }
}

extension ReportEvent: CorrectingEvent {
    var correcting: (corrects: UInt64, replacement: ReportEvent?, on: CivilDate)? {
        guard case .corrected(let correction) = self else { return nil }
        return (correction.corrects, correction.replacement, correction.on)
    }

    /// The receipt: voided, the report was never received (误登记).
    var opensStream: Bool {
        if case .received = self { return true }
        return false
    }

    /// The command that records this event, as `Report.decide` takes it on the report's state before it. An
    /// extension is asked for a day: its recorded last day (moved off days off) is what stands, and what a
    /// correction's check needs of it is that the case could be extended then.
    func command(after state: Report.State) -> ReportCommand {
        switch self {
        case .received(let received):
            return .receive(.init(receivedOn: received.receivedOn, channel: received.channel, reporter: received.reporter,
                                  reporterName: received.reporterName, reporterPhone: received.reporterPhone, merchant: received.merchant,
                                  merchantName: received.merchantName, allegation: received.allegation, receivedRegion: received.receivedRegion,
                                  intake: received.intake))
        case let .verified(on, substantiated, findings): return .verify(on: on, substantiated: substantiated, findings: findings)
        case let .caseDecided(on, filed, reference, _, _): return .decideCase(on: on, filed: filed, reference: reference)
        case let .caseClosed(on, penalty, decision): return .closeCase(on: on, penaltyFen: penalty, decision: decision)
        case let .rewardPaid(on, amount): return .payReward(on: on, amountFen: amount)
        case let .verificationSuspended(on, reason, note): return .suspendVerification(on: on, reason: reason, note: note)
        case let .verificationResumed(on, _): return .resumeVerification(on: on)
        case .reporterNotified(let on): return .notifyReporter(on: on)
        case let .caseExtended(on, _, approval, collective): return .extendCase(on: on, days: 1, approval: approval, collective: collective)
        case .corrected(let correction):
            return .correct(.init(on: correction.on, corrects: correction.corrects, reason: correction.reason, change: .void))
        }
    }
}

/// Why a report fact may not be recorded. Nothing is recorded for it.
public enum ReportRejection: Error, Equatable, CustomStringConvertible {
    case alreadyReceived
    /// Its receipt was voided (误登记): the report stands for nothing, and is received afresh under a new id.
    case caseVoided(on: CivilDate)
    case notReceived
    case wrongStage(action: String, stage: String)
    case dateBefore(action: String, date: CivilDate, earliest: CivilDate)
    case invalid(field: String, reason: String)
    case calendar(CalendarError)
    /// A correction of a position that holds no event of this report, or holds a correction.
    case correctionTargetUnknown(position: UInt64)
    /// A correction that voids an event no correction may void (`ReportEvent.isVoidable`).
    case notVoidable(type: String)
    /// An amendment of a field the corrected event does not have, or may not be amended.
    case notAmendable(field: String, type: String, amendable: [String])
    /// An amendment that leaves the event as it stands.
    case correctionChangesNothing
    /// The report's events, corrected, would not be a history the rules let be recorded.
    indirect case correctionLeavesCaseImpossible(position: UInt64, type: String, reason: ReportRejection)

    public var description: String {
        switch self {
        case .alreadyReceived: return "the report was already received"
        case .caseVoided(let on): return "the report's receipt was voided on \(on): it stands for nothing; receive it afresh under a new id"
        case .notReceived: return "there is no such report: it must be received first"
        case let .wrongStage(action, stage): return "cannot \(action): the report is \(stage)"
        case let .dateBefore(action, date, earliest): return "cannot \(action) on \(date): that is before \(earliest), already recorded"
        case let .invalid(field, reason): return "\(field) \(reason)"
        case .calendar(let error): return "\(error)"
        case .correctionTargetUnknown(let position):
            return "corrects is \(position): no event of this report that a correction can correct is recorded there"
        case .notVoidable(let type): return "\(type) cannot be voided: a correction voids a reward paid by mistake, or the receipt with the whole report; a stage decided stands, and its fields are amended"
        case let .notAmendable(field, type, amendable):
            return "\(field) cannot be amended on \(type)" + (amendable.isEmpty ? ": it has no field a correction amends" : "; it may amend \(amendable.joined(separator: ", "))")
        case .correctionChangesNothing: return "the amendment leaves the event as it is recorded"
        case let .correctionLeavesCaseImpossible(position, type, reason):
            return "the correction would leave the report impossible: its \(type) at position \(position) would then be refused: \(reason)"
        }
    }
}

extension Correction where Event == ReportEvent {
    /// Whether it voids the whole report: the receipt voided (误登记).
    public var voidsCase: Bool {
        guard replacement == nil, case .received = original else { return false }
        return true
    }
}
