/// The complaint decider: `decide` checks a command against the complaint's state and returns the events it
/// causes, or why it is refused; `evolve` folds an event into the state. Both are pure.
public enum Complaint {
    /// Where a complaint is in its life (docs/DOMAIN.md §3.1).
    public enum Stage: Hashable, Sendable {
        case none
        case received
        case notAccepted
        case accepted
        case mediating
        case mediated(MediationOutcome)
        case closed

        var name: String {
            switch self {
            case .none: return "not received"
            case .received: return "received, awaiting a decision"
            case .notAccepted: return "not accepted"
            case .accepted: return "accepted"
            case .mediating: return "in mediation"
            case .mediated: return "mediated"
            case .closed: return "closed"
            }
        }
    }

    public struct State: Hashable, Sendable {
        public var stage: Stage = .none
        public var regime: ComplaintRegime?
        /// The merchant complained of, when the complaint names its credit code.
        public var merchant: UnifiedSocialCreditCode?
        /// Where and when it was received: together they fix which limits apply to it.
        public var receivedRegion: RegionCode?
        public var receivedOn: CivilDate?
        public var amountInDisputeFen: Int64 = 0
        public var compensatedFen: Int64 = 0
        /// What has been paid so far toward each limit (`CompensationRules`).
        public var paidTowards: [CompensationRules.Bucket: Int64] = [:]
        public var acceptanceDue: Deadline?
        public var mediationDue: Deadline?
        /// The latest business day recorded; later commands may not go before it.
        public var lastDay: CivilDate?
        public var handlingUnit: String?
        public var feedbackGiven = false
        public var satisfied: Bool?
        public var revisits = 0
        /// The limit whose clock is suspended, and since when; nil while it runs.
        public var suspension: Suspension?
        /// Its events as corrections leave them, with their positions: what a correction may correct. Kept by
        /// the fold of recorded events, which knows positions (`Decider.evolve`).
        public var history: [Recorded] = []
        /// The latest day a correction was made on: no later command may go before it.
        public var lastCorrection: CivilDate?
        /// The last day to tell both parties that mediation ended without agreement (D3), once it has.
        public var noticeDue: Deadline?
        public var partiesNotified = false
        /// The day its receipt was voided (误登记): the case stands for nothing, and takes no command again.
        public var voidedOn: CivilDate?

        public init() {}
    }

    public struct Suspension: Hashable, Sendable {
        public var limit: ComplaintLimit
        public var since: CivilDate

        public init(limit: ComplaintLimit, since: CivilDate) {
            self.limit = limit
            self.since = since
        }
    }

    public static let initial = State()

    public static func evolve(_ state: State, _ event: ComplaintEvent) -> State {
        var state = state
        apply(event, to: &state)
        return state
    }

    /// Folds `event` into `state` in place: a state kept folded (`Decider.apply`) is not copied for each event.
    public static func apply(_ event: ComplaintEvent, to state: inout State) {
        switch event {
        case .received(let received):
            state.stage = .received
            state.regime = received.regime
            state.merchant = received.merchant
            state.receivedRegion = received.receivedRegion
            state.receivedOn = received.receivedOn
            state.amountInDisputeFen = received.amountInDisputeFen
            state.acceptanceDue = received.acceptanceDue
            state.lastDay = received.receivedOn
        case .accepted(let accepted):
            state.stage = .accepted
            state.mediationDue = accepted.mediationDue
            state.lastDay = accepted.acceptedOn
        case .notAccepted(let refused):
            state.stage = .notAccepted
            state.lastDay = refused.decidedOn
        case .mediationStarted(let started):
            state.stage = .mediating
            state.lastDay = started.startedOn
        case .mediationEnded(let ended):
            state.stage = .mediated(ended.outcome)
            state.noticeDue = ended.noticeDue
            state.lastDay = ended.endedOn
        case .partiesNotified(let on):
            state.partiesNotified = true
            state.lastDay = on
        case .compensated(let paid):
            // Saturates: a total past Int64 (only an old ledger could hold one) is as far above any limit as can be.
            state.compensatedFen = saturating(state.compensatedFen, paid.amountFen)
            if let bucket = CompensationRules.bucket(paid.kind, basis: paid.basis) {
                state.paidTowards[bucket] = saturating(state.paidTowards[bucket, default: 0], paid.amountFen)
            }
            state.lastDay = paid.paidOn
        case .closed(let closed):
            state.stage = .closed
            state.lastDay = closed.closedOn
        case let .assigned(on, unit, _):
            state.handlingUnit = unit
            state.lastDay = on
        case .feedbackGiven(let on):
            state.feedbackGiven = true
            state.lastDay = on
        case let .satisfactionRated(on, satisfied):
            state.satisfied = satisfied
            state.lastDay = on
        case let .revisited(on, _):
            state.revisits += 1
            state.lastDay = on
        case let .clockSuspended(on, limit, _, _):
            state.suspension = Suspension(limit: limit, since: on)
            state.lastDay = on
        case let .clockResumed(on, limit, due):
            switch limit {
            case .acceptance: state.acceptanceDue = due
            case .mediation: state.mediationDue = due
            }
            state.suspension = nil
            state.lastDay = on
        case .corrected(let correction):
            // What it corrects is applied by `fold`, which knows where each event lies.
            state.lastDay = max(state.lastDay ?? correction.on, correction.on)
        }
    }

    /// `returnWindowDays`: the days after purchase the merchant's offline no-reason-return pledge (线下无理由退货)
    /// takes returns in, when it has one; the caller reads it from the merchant's stream.
    public static func decide(_ command: ComplaintCommand, _ state: State, _ rules: ComplaintRules,
                              returnWindowDays: Int? = nil) -> Result<[ComplaintEvent], ComplaintRejection> {
        Result { () throws(ComplaintRejection) -> [ComplaintEvent] in try events(for: command, state, rules, returnWindowDays: returnWindowDays) }
    }

    static func events(for command: ComplaintCommand, _ state: State, _ rules: ComplaintRules,
                               returnWindowDays: Int?) throws(ComplaintRejection) -> [ComplaintEvent] {
        // One id, one case: a case voided is not received again under its id, so that its record reads plainly.
        if let voided = state.voidedOn { throw .caseVoided(on: voided) }
        if case .receive(let receive) = command {
            guard state.stage == .none else { throw .alreadyReceived }
            guard !receive.consumer.isEmpty else { throw .missing(field: "consumer") }
            guard !receive.merchantName.isEmpty else { throw .missing(field: "merchantName") }
            guard receive.amountInDisputeFen >= 0 else { throw .negativeAmount(field: "amountInDisputeFen", amountFen: receive.amountInDisputeFen) }
            let regime = rules.regime(receivedOn: receive.receivedOn)
            let limits = rules.limits(region: receive.receivedRegion, receivedOn: receive.receivedOn)
            let due = try workingDays(limits?.acceptanceWorkingDays ?? 0, after: receive.receivedOn, rules)
            return [.received(.init(
                channel: receive.channel, consumer: receive.consumer, consumerName: receive.consumerName, consumerPhone: receive.consumerPhone,
                merchant: receive.merchant, merchantName: receive.merchantName, category: receive.category, subcategory: receive.subcategory,
                amountInDisputeFen: receive.amountInDisputeFen, receivedRegion: receive.receivedRegion, merchantRegion: receive.merchantRegion,
                receivedOn: receive.receivedOn, regime: regime, acceptanceDue: due, intake: receive.intake))]
        }
        guard state.stage != .none, let region = state.receivedRegion, let receivedOn = state.receivedOn else { throw .notReceived }
        let day = command.businessDay
        if let last = state.lastDay, day < last { throw .dateBefore(command: command.name, date: day, earliest: last) }
        func require(_ allowed: Bool) throws(ComplaintRejection) {
            guard allowed else { throw .wrongStage(command: command.name, stage: state.stage.name) }
        }
        /// An act that stops the running limit waits until its clock runs again.
        func requireRunning() throws(ComplaintRejection) {
            if let suspension = state.suspension { throw .clockSuspended(command: command.name, limit: suspension.limit, since: suspension.since) }
        }

        switch command {
        case .receive:
            preconditionFailure("handled above")
        case .accept(let on):
            try require(state.stage == .received)
            try requireRunning()
            let due = try workingDays(rules.limits(region: region, receivedOn: receivedOn)?.mediationWorkingDays ?? 0, after: on, rules)
            return [.accepted(.init(acceptedOn: on, mediationDue: due))]
        case let .refuse(on, ground, note):
            try require(state.stage == .received)
            try requireRunning()
            if ground == .identityRefused, state.regime == .order20 {
                // A ground Order 121 Art. 16 added: a case received under Order 20 cannot be refused on it.
                throw .groundNotInRegime(ground: ground.importName, regime: .order20)
            }
            return [.notAccepted(.init(decidedOn: on, ground: ground, note: note))]
        case let .startMediation(on, mode):
            try require(state.stage == .accepted)
            // ODR has a limit of its own (D10), beside the mediation limit that still runs.
            var trackDue: Deadline?
            if mode == .odr, let days = rules.limits(region: region, receivedOn: receivedOn)?.odrWorkingDays {
                trackDue = try workingDays(days, after: on, rules)
            }
            return [.mediationStarted(.init(startedOn: on, mode: mode, trackDue: trackDue))]
        case let .endMediation(on, outcome, reason):
            try require(state.stage == .mediating)
            try requireRunning()
            if outcome == .terminated, (reason ?? "").isEmpty { throw .missing(field: "reason (mediation terminated)") }
            if outcome == .agreement, let due = state.mediationDue, !due.isProvisional, on > due.date {
                // Order 20 Art. 21(5): no agreement within the limit ends mediation; it is terminated, not agreed late.
                // A provisional limit (a year whose holidays are unpublished) may still move later, so it refuses nothing.
                throw .agreementAfterLimit(on: on, due: due.date)
            }
            return [.mediationEnded(.init(endedOn: on, outcome: outcome, reason: reason,
                                          noticeDue: try noticeDue(outcome, endedOn: on, region: region, receivedOn: receivedOn, rules)))]
        case .notifyParties:
            guard state.noticeDue != nil else {
                throw .wrongStage(command: command.name, stage: state.stage.name + ", and no mediation of it ended without agreement")
            }
            guard !state.partiesNotified else { throw .wrongStage(command: command.name, stage: state.stage.name + ", and both parties were told already") }
            return [.partiesNotified(on: day)]
        case .compensate(let paid):
            switch state.stage {
            case .accepted, .mediating, .mediated: break
            default: try require(false)
            }
            guard paid.amountFen > 0 else { throw .negativeAmount(field: "amountFen", amountFen: paid.amountFen) }
            if let loss = paid.lossFen, loss < 0 { throw .negativeAmount(field: "lossFen", amountFen: loss) }
            if paid.kind == .punitive, paid.basis == nil { throw .missing(field: "basis (punitive damages)") }
            if paid.kind != .punitive, paid.basis != nil { throw .basisWithoutPunitive(kind: paid.kind.importName) }
            if paid.returnStore != nil, paid.kind != .noReasonReturn, paid.kind != .refund, paid.kind != .replacement {
                throw .returnStoreWithoutReturn(kind: paid.kind.importName)
            }
            if let purchased = paid.purchasedOn, purchased > receivedOn {
                throw .purchasedAfterReceipt(purchasedOn: purchased, receivedOn: receivedOn)
            }
            if paid.kind == .noReasonReturn, let window = returnWindowDays, let purchased = paid.purchasedOn {
                // The pledge takes returns claimed within its window after purchase; the claim is the complaint.
                // Without the day of purchase there is nothing to hold to the window: the return is recorded as given.
                let claimed = receivedOn.daysSinceEpoch - purchased.daysSinceEpoch
                if claimed > window { throw .returnOutsideWindow(purchasedOn: purchased, claimedOn: receivedOn, windowDays: window) }
            }
            guard let bucket = CompensationRules.bucket(paid.kind, basis: paid.basis) else { throw .missing(field: "basis (punitive damages)") }
            if case .punitive(let basis) = bucket {
                for case .punitive(let earlier) in state.paidTowards.keys where earlier != basis {
                    // One claim, one statute: the consumer chose its basis with the first award.
                    throw .punitiveBasisDiffers(recorded: earlier.importName, given: basis.importName)
                }
            }
            let limit = CompensationRules.limitFen(bucket, priceFen: state.amountInDisputeFen, lossFen: paid.lossFen ?? state.amountInDisputeFen,
                                                   multiple: rules.compensationCapMultiple)
            let (total, overflow) = state.paidTowards[bucket, default: 0].addingReportingOverflow(paid.amountFen)
            if overflow || total > limit {
                throw .compensationAboveLimit(totalFen: overflow ? .max : total, limitFen: limit,
                                              rule: CompensationRules.rule(bucket, multiple: rules.compensationCapMultiple))
            }
            return [.compensated(.init(paidOn: paid.on, amountFen: paid.amountFen, payer: paid.payer, kind: paid.kind, basis: paid.basis,
                                       lossFen: paid.lossFen, purchasedOn: paid.purchasedOn, returnStore: paid.returnStore))]
        case .close(let on):
            switch state.stage {
            case .accepted, .mediated, .notAccepted: break
            default: try require(false)
            }
            try requireRunning()
            return [.closed(.init(closedOn: on))]
        case let .assign(on, unit, transferred):
            try require(state.stage != .closed)
            guard !unit.isEmpty else { throw .missing(field: "unit") }
            return [.assigned(on: on, unit: unit, transferred: transferred)]
        case .giveFeedback(let on):
            try require(state.stage == .closed)
            guard !state.feedbackGiven else { throw .wrongStage(command: command.name, stage: "closed, and the consumer was already given feedback") }
            return [.feedbackGiven(on: on)]
        case let .rateSatisfaction(on, satisfied):
            guard state.feedbackGiven else { throw .wrongStage(command: command.name, stage: "\(state.stage.name), and the consumer has had no feedback yet") }
            guard state.satisfied == nil else { throw .wrongStage(command: command.name, stage: "closed, and satisfaction was already rated") }
            return [.satisfactionRated(on: on, satisfied: satisfied)]
        case let .revisit(on, note):
            try require(state.stage == .closed)
            return [.revisited(on: on, note: note)]
        case let .suspendClock(on, reason, note):
            if let suspension = state.suspension { throw .clockSuspended(command: command.name, limit: suspension.limit, since: suspension.since) }
            let limit: ComplaintLimit
            switch state.stage {
            case .received: limit = .acceptance
            case .accepted, .mediating: limit = .mediation
            default: throw .wrongStage(command: command.name, stage: state.stage.name + ", with no limit running")
            }
            if reason == .other, (note ?? "").isEmpty { throw .missing(field: "note (suspended for another reason)") }
            return [.clockSuspended(on: on, limit: limit, reason: reason, note: note)]
        case .correct(let correct):
            return [.corrected(try correction(correct, state, rules))]
        case .resumeClock(let on):
            guard let suspension = state.suspension else { throw .wrongStage(command: command.name, stage: state.stage.name + ", its clock running") }
            guard let due = suspension.limit == .acceptance ? state.acceptanceDue : state.mediationDue else { throw .notReceived }
            do throws(CalendarError) {
                return [.clockResumed(on: on, limit: suspension.limit, due: try rules.calendar.resumedDeadline(due, suspended: suspension.since, resumed: on))]
            } catch {
                throw .calendar(error)
            }
        }
    }

    /// The last day to tell both parties (D3) when mediation ends without agreement, as the policy sets it.
    static func noticeDue(_ outcome: MediationOutcome, endedOn: CivilDate, region: RegionCode, receivedOn: CivilDate,
                          _ rules: ComplaintRules) throws(ComplaintRejection) -> Deadline? {
        guard outcome != .agreement, let days = rules.limits(region: region, receivedOn: receivedOn)?.terminationNoticeWorkingDays else { return nil }
        return try workingDays(days, after: endedOn, rules)
    }

    private static func saturating(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b < 0 ? .min : .max) : sum
    }

    /// Never refuses for want of a published calendar: what happened must be recordable; the deadline is then
    /// marked provisional.
    private static func workingDays(_ count: Int, after day: CivilDate, _ rules: ComplaintRules) throws(ComplaintRejection) -> Deadline {
        do { return try rules.calendar.deadline(count, workingDaysAfter: day) } catch { throw .calendar(error) }
    }
}

extension ComplaintCommand {
    /// The business day the command acts on.
    public var businessDay: CivilDate {
        switch self {
        case .receive(let receive): return receive.receivedOn
        case .accept(let on), .refuse(let on, _, _), .startMediation(let on, _), .endMediation(let on, _, _),
             .close(let on), .assign(let on, _, _), .giveFeedback(let on),
             .rateSatisfaction(let on, _), .revisit(let on, _), .suspendClock(let on, _, _), .resumeClock(let on), .notifyParties(let on):
            return on
        case .correct(let correct):
            return correct.on
        case .compensate(let paid):
            return paid.on
        }
    }

    var name: String {
        switch self {
        case .receive: return "receive"
        case .accept: return "accept"
        case .refuse: return "refuse to accept"
        case .startMediation: return "start mediation"
        case .endMediation: return "end mediation"
        case .compensate: return "record compensation"
        case .close: return "close"
        case .assign: return "assign"
        case .giveFeedback: return "give feedback"
        case .rateSatisfaction: return "rate satisfaction"
        case .revisit: return "revisit"
        case .suspendClock: return "suspend the clock"
        case .resumeClock: return "resume the clock"
        case .correct: return "correct"
        case .notifyParties: return "notify the parties"
        }
    }
}
