/// The merchant decider: `decide` checks a command against the merchant's state and returns the fact it records
/// (an application, a review, a pledge, an inspection…), or why it is refused; `evolve` folds a fact into the
/// state. Both are pure.
///
/// Order (docs/DOMAIN.md §3.3): apply → system pre-review → regulator review → evaluation; pledges from the
/// application on; inspections, violations, the abnormal-operations list, pledge breaches and rectification at
/// any time after applying; nothing at all after delisting (摘牌). A failed review lets the merchant apply again.
public enum Merchant {
    public enum Stage: Hashable, Sendable {
        case none, applied, preReviewFailed, preReviewed, reviewFailed, approved, delisted

        var name: String {
            switch self {
            case .none: return "unknown"
            case .applied: return "awaiting the system pre-review"
            case .preReviewFailed: return "refused at the system pre-review"
            case .preReviewed: return "awaiting the regulator's review"
            case .reviewFailed: return "refused at the regulator's review"
            case .approved: return "approved"
            case .delisted: return "delisted"
            }
        }
    }

    public struct State: Hashable, Sendable {
        public var stage: Stage = .none
        public var code: UnifiedSocialCreditCode?
        /// Where it trades, as its latest application gives it: whose bureau acts on it.
        public var region: RegionCode?
        public var pledges: [PledgeKind: Pledge] = [:]
        /// Each kind's pledges as they stood from day to day: a term from the day it was pledged, nil from the day it
        /// was withdrawn. A return is held to the terms in force on the day of purchase (`pledge(_:on:)`).
        public var pledgeTerms: [PledgeKind: [PledgeTerm]] = [:]
        public var onAbnormalList = false
        /// Violations and pledge breaches not yet rectified.
        public var openIssues = 0
        public var stars: Int?
        public var rank: DemonstrationRank?
        public var lastDay: CivilDate?
        /// Its events as corrections leave them, with their positions: what a correction may correct. Kept by
        /// `Decider.apply`, which knows the positions.
        public var history: [Recorded<MerchantEvent>] = []
        /// The latest day a correction was made on: no later command may go before it.
        public var lastCorrection: CivilDate?
        public init() {}
    }

    /// A pledge's terms from a day on: nil once withdrawn.
    public struct PledgeTerm: Hashable, Sendable {
        public var from: CivilDate
        public var pledge: Pledge?
    }

    public static let initial = State()

    public static func evolve(_ state: State, _ event: MerchantEvent) -> State {
        var state = state
        apply(event, to: &state)
        return state
    }

    /// Folds `event` into `state` in place: a state kept folded (`Decider.apply`) is not copied for each event.
    public static func apply(_ event: MerchantEvent, to state: inout State) {
        state.lastDay = max(state.lastDay ?? event.day, event.day)
        switch event {
        case let .applied(_, code, _, region, _, _, _):
            state.stage = .applied
            state.code = code
            state.region = region
        case let .preReviewed(_, passed, _): state.stage = passed ? .preReviewed : .preReviewFailed
        case let .regulatorReviewed(_, passed, _): state.stage = passed ? .approved : .reviewFailed
        case let .pledged(on, pledge):
            state.pledges[pledge.kind] = pledge
            state.pledgeTerms[pledge.kind, default: []].append(PledgeTerm(from: on, pledge: pledge))
        case let .pledgeWithdrawn(on, kind):
            state.pledges[kind] = nil
            state.pledgeTerms[kind, default: []].append(PledgeTerm(from: on, pledge: nil))
        case let .evaluated(_, _, stars, rank):
            state.stars = stars
            state.rank = rank
        case .inspected: break
        case .violationRecorded, .pledgeBreached: state.openIssues += 1
        case let .abnormalListChanged(_, listed, _): state.onAbnormalList = listed
        case .rectified: state.openIssues = 0
        case .delisted: state.stage = .delisted
        case .corrected:
            // What it corrects is applied by `Decider.apply`, which knows where each event lies.
            break
        }
    }

    /// Decides `command` for the merchant whose stream is keyed by `code`.
    public static func decide(_ command: MerchantCommand, _ state: State, code: UnifiedSocialCreditCode) -> Result<[MerchantEvent], MerchantRejection> {
        Result { () throws(MerchantRejection) -> [MerchantEvent] in
            guard let event = command.event(code: code) else {
                guard case .correct(let correct) = command else { return [] }
                return [.corrected(try correction(correct, state))]
            }
            try check(event, state)
            return [event]
        }
    }

    /// Checks that the fact a command records may happen now.
    private static func check(_ event: MerchantEvent, _ state: State) throws(MerchantRejection) {
        let action = "record " + event.type.dropFirst("merchant.".count)
        func require(_ stages: Stage...) throws(MerchantRejection) {
            guard stages.contains(state.stage) else { throw .wrongStage(action: action, stage: state.stage.name) }
        }
        func text(_ value: String, _ field: String) throws(MerchantRejection) {
            guard !value.allSatisfy(\.isWhitespace) else { throw .invalid(field: field, reason: "is required") }
        }
        if case .applied = event {} else {
            guard state.stage != .none else { throw .notApplied }
            guard state.stage != .delisted else { throw .wrongStage(action: action, stage: state.stage.name) }
        }
        if let last = state.lastDay, event.day < last { throw .dateBefore(action: action, date: event.day, earliest: last) }

        switch event {
        case let .applied(_, _, name, _, industry, address, _):
            try require(.none, .preReviewFailed, .reviewFailed)
            try text(name, "name")
            try text(industry, "industry")
            try text(address, "address")
        case let .preReviewed(_, passed, reasons):
            try require(.applied)
            if !passed, reasons.isEmpty { throw .invalid(field: "reasons", reason: "are required when the pre-review fails") }
        case let .regulatorReviewed(_, passed, reasons):
            try require(.preReviewed)
            if !passed, reasons.isEmpty { throw .invalid(field: "reasons", reason: "are required when the review fails") }
        case let .pledged(_, pledge):
            try require(.applied, .preReviewed, .approved)
            guard state.pledges[pledge.kind] == nil else { throw .pledgeAlreadyActive(pledge.kind) }
            try checkTerms(pledge)
        case let .pledgeWithdrawn(_, kind):
            guard state.pledges[kind] != nil else { throw .pledgeNotActive(kind) }
        case let .evaluated(_, score, stars, _):
            try require(.approved)   // no star before the regulator's review
            guard (0...100).contains(score) else { throw .invalid(field: "score", reason: "is \(score); scores run from 0 to 100") }
            guard (0...5).contains(stars) else { throw .invalid(field: "stars", reason: "is \(stars); star levels run from 0 to 5") }
        case let .inspected(_, _, passed, findings):
            if !passed { try text(findings ?? "", "findings") }
        case let .violationRecorded(_, _, description, penalty):
            try text(description, "description")
            if let penalty, penalty < 0 { throw .invalid(field: "penaltyFen", reason: "is \(penalty); amounts are never negative") }
        case let .abnormalListChanged(_, listed, reason):
            guard state.onAbnormalList != listed else { throw .abnormalListUnchanged(listed: listed) }
            try text(reason, "reason")
        case let .pledgeBreached(_, kind, description, _):
            guard state.pledges[kind] != nil else { throw .pledgeNotActive(kind) }
            try text(description, "description")
        case let .rectified(_, description):
            guard state.openIssues > 0 else { throw .nothingToRectify }
            try text(description, "description")
        case let .delisted(_, reason):
            try require(.approved)
            try text(reason, "reason")
        case .corrected:
            // Decided by `correction`; never part of the history a correction replays.
            break
        }
    }

    /// Decides a correction (docs/COMMANDS.md, `correctMerchant`), as a complaint's is: refused unless the
    /// merchant's events, so corrected, are a record the rules would have let be kept. A delisted merchant's record
    /// may still be corrected: delisting ends what it may do, not what was recorded of it.
    static func correction(_ correct: MerchantCommand.Correct, _ state: State) throws(MerchantRejection) -> MerchantCorrection {
        guard state.stage != .none else { throw .notApplied }
        guard !correct.reason.allSatisfy(\.isWhitespace) else { throw .invalid(field: "reason", reason: "is required") }
        if let last = state.lastDay, correct.on < last { throw .dateBefore(action: "correct", date: correct.on, earliest: last) }
        return try Corrections.decide(
            correct, state, initial: initial,
            amend: { (event: MerchantEvent, amendment: MerchantAmendment) throws(MerchantRejection) in try event.amended(by: amendment) },
            replay: { event, before in
                do throws(MerchantRejection) { try check(event, before) } catch { return error }
                return nil
            },
            apply: { event, state in apply(event, to: &state) })
    }

    /// Each kind of pledge needs its own terms.
    private static func checkTerms(_ pledge: Pledge) throws(MerchantRejection) {
        switch pledge.kind {
        case .reassuredConsumption:
            break
        case .offlineNoReasonReturn:
            guard let days = pledge.windowDays, days >= 1 else { throw .invalid(field: "pledge.windowDays", reason: "is required: the return window in days") }
        case .crossStoreReturn:
            guard let brand = pledge.brand, !brand.isEmpty else { throw .invalid(field: "pledge.brand", reason: "is required for cross-store returns") }
            guard !pledge.coverage.isEmpty else { throw .invalid(field: "pledge.coverage", reason: "must name the stores or regions covered") }
        case .priorCompensation:
            guard let fund = pledge.fundFen, fund > 0 else { throw .invalid(field: "pledge.fundFen", reason: "must be a positive amount in fen") }
        }
    }
}

extension Merchant.State {
    /// The pledge of `kind` in force on `day`: the last pledged on or before it, unless withdrawn since. Pledges are
    /// recorded in the order of their days, which the decider holds every command to.
    public func pledge(_ kind: PledgeKind, on day: CivilDate) -> Pledge? {
        pledgeTerms[kind]?.last { $0.from <= day }?.pledge
    }
}
