/// The credit decider: `decide` checks a command against the merchant's credit and returns the fact it records,
/// or why it is refused; `evolve` folds a fact in. One active line per bank and product; only an active line can
/// be revoked or expire; card acquiring opens once per bank. Amounts in fen, never negative.
public enum Credit {
    public struct Line: Hashable, Sendable {
        public var bank: String
        public var product: String
    }

    public struct State: Hashable, Sendable {
        /// Active lines and their amounts.
        public var lines: [Line: Int64] = [:]
        public var acquiringBanks: Set<String> = []
        public var lastDay: CivilDate?
        /// Its events as corrections leave them, with their positions: what a correction may correct.
        public var history: [Recorded<CreditEvent>] = []
        /// The latest day a correction was made on: no later command may go before it.
        public var lastCorrection: CivilDate?
        public init() {}

        /// The active lines' total, held at `Int64.max` rather than trapping.
        public var totalFen: Int64 {
            lines.values.reduce(0) { total, amount in
                let (sum, overflow) = total.addingReportingOverflow(amount)
                return overflow ? .max : sum
            }
        }
    }

    public static let initial = State()

    public static func evolve(_ state: State, _ event: CreditEvent) -> State {
        var state = state
        apply(event, to: &state)
        return state
    }

    /// Folds `event` into `state` in place: a state kept folded (`Decider.apply`) is not copied for each event.
    public static func apply(_ event: CreditEvent, to state: inout State) {
        if let day = event.day { state.lastDay = max(state.lastDay ?? day, day) }
        switch event {
        case .granted(let grant): state.lines[Line(bank: grant.bank, product: grant.product)] = grant.amountFen
        case let .revoked(_, bank, product, _), let .expired(_, bank, product): state.lines[Line(bank: bank, product: product)] = nil
        case let .cardAcquiringOpened(_, bank, _): state.acquiringBanks.insert(bank)
        case .corrected: break   // what it corrects is applied by `Decider.apply`, which knows where each event lies
        }
    }

    /// Decides `command` for the merchant whose credit stream is keyed by `code`.
    public static func decide(_ command: CreditCommand, _ state: State, code: UnifiedSocialCreditCode) -> Result<[CreditEvent], CreditRejection> {
        Result { () throws(CreditRejection) -> [CreditEvent] in
            let event: CreditEvent
            switch command {
            case let .grant(on, bank, product, amount, term):
                event = .granted(CreditGranted(merchant: code, bank: bank, product: product, amountFen: amount, termMonths: term, grantedOn: on))
            case let .revoke(on, bank, product, reason): event = .revoked(on: on, bank: bank, product: product, reason: reason)
            case let .expire(on, bank, product): event = .expired(on: on, bank: bank, product: product)
            case let .openCardAcquiring(on, bank, subsidy): event = .cardAcquiringOpened(on: on, bank: bank, feeSubsidyFen: subsidy)
            case let .correct(bank, correct): event = .corrected(try correction(correct, bank: bank, state))
            }
            if case .corrected = event {} else { try check(event, state) }
            return [event]
        }
    }

    /// Checks that a credit fact may happen now, on the lines as they stand.
    private static func check(_ event: CreditEvent, _ state: State) throws(CreditRejection) {
        if let last = state.lastDay, let day = event.day, day < last { throw .dateBefore(date: day, earliest: last) }
        guard !event.bank.isEmpty else { throw .invalid(field: "bank", reason: "is required") }
        switch event {
        case .granted(let grant):
            guard !grant.product.isEmpty else { throw .invalid(field: "product", reason: "is required") }
            guard grant.amountFen > 0 else { throw .invalid(field: "amountFen", reason: "must be positive") }
            guard grant.termMonths >= 1 else { throw .invalid(field: "termMonths", reason: "must be at least 1") }
            guard state.lines[Line(bank: grant.bank, product: grant.product)] == nil else { throw .lineAlreadyActive(bank: grant.bank, product: grant.product) }
        case let .revoked(_, bank, product, reason):
            guard state.lines[Line(bank: bank, product: product)] != nil else { throw .noActiveLine(bank: bank, product: product) }
            guard !reason.isEmpty else { throw .invalid(field: "reason", reason: "is required") }
        case let .expired(_, bank, product):
            guard state.lines[Line(bank: bank, product: product)] != nil else { throw .noActiveLine(bank: bank, product: product) }
        case let .cardAcquiringOpened(_, bank, subsidy):
            guard subsidy >= 0 else { throw .invalid(field: "feeSubsidyFen", reason: "is \(subsidy); amounts are never negative") }
            guard !state.acquiringBanks.contains(bank) else { throw .invalid(field: "bank", reason: "\(bank) already acquires for this merchant") }
        case .corrected:
            break   // decided by `correction`; never part of the history a correction replays
        }
    }

    /// Decides a bank's correction of its own credit event (docs/COMMANDS.md, `correctCredit`), as a complaint's
    /// is: refused unless the credit's events, so corrected, are a history the rules would have let be recorded.
    static func correction(_ correct: CreditCommand.Correct, bank: String, _ state: State) throws(CreditRejection) -> CreditCorrection {
        guard !bank.isEmpty else { throw .invalid(field: "bank", reason: "is required") }
        guard !correct.reason.allSatisfy(\.isWhitespace) else { throw .invalid(field: "reason", reason: "is required") }
        if let last = state.lastDay, correct.on < last { throw .dateBefore(date: correct.on, earliest: last) }
        // A bank corrects only its own acts: the event must be its bank's, whoever asks.
        if let target = state.history.first(where: { $0.position == correct.corrects && correct.corrects > 0 }), target.event.bank != bank {
            throw .otherBanksEvent(position: correct.corrects, bank: target.event.bank)
        }
        return try Corrections.decide(
            correct, state, initial: initial,
            amend: { (event: CreditEvent, amendment: CreditAmendment) throws(CreditRejection) in try event.amended(by: amendment) },
            replay: { event, before in
                do throws(CreditRejection) { try check(event, before) } catch { return error }
                return nil
            },
            apply: { event, state in apply(event, to: &state) })
    }
}

/// Why a credit fact may not be recorded. Nothing is recorded for it.
public enum CreditRejection: Error, Equatable, CustomStringConvertible {
    case lineAlreadyActive(bank: String, product: String)
    case noActiveLine(bank: String, product: String)
    case dateBefore(date: CivilDate, earliest: CivilDate)
    case invalid(field: String, reason: String)
    /// A correction of a position that holds no credit event of this merchant, or holds a correction.
    case correctionTargetUnknown(position: UInt64)
    /// A correction that voids an event no correction may void (`CreditEvent.isVoidable`).
    case notVoidable(type: String)
    /// An amendment of a field the corrected event does not have, or may not be amended.
    case notAmendable(field: String, type: String, amendable: [String])
    /// An amendment that leaves the event as it stands.
    case correctionChangesNothing
    /// A correction of another bank's event: each bank corrects only its own.
    case otherBanksEvent(position: UInt64, bank: String)
    /// The credit's events, corrected, would not be a history the rules let be recorded.
    indirect case correctionLeavesCreditImpossible(position: UInt64, type: String, reason: CreditRejection)

    public var description: String {
        switch self {
        case .correctionTargetUnknown(let position):
            return "corrects is \(position): no credit event of this merchant that a correction can correct is recorded there"
        case .notVoidable(let type): return "\(type) cannot be voided"
        case let .notAmendable(field, type, amendable):
            return "\(field) cannot be amended on \(type)" + (amendable.isEmpty ? ": it has no field a correction amends; void it instead" : "; it may amend \(amendable.joined(separator: ", "))")
        case .correctionChangesNothing: return "the amendment leaves the event as it is recorded"
        case let .otherBanksEvent(position, bank): return "the event at position \(position) is \(bank)'s: a bank corrects only its own"
        case let .correctionLeavesCreditImpossible(position, type, reason):
            return "the correction would leave the merchant's credit impossible: its \(type) at position \(position) would then be refused: \(reason)"
        case let .lineAlreadyActive(bank, product): return "\(bank) already has an active \(product) line for this merchant"
        case let .noActiveLine(bank, product): return "\(bank) has no active \(product) line for this merchant"
        case let .dateBefore(date, earliest): return "\(date) is before \(earliest), already recorded"
        case let .invalid(field, reason): return "\(field) \(reason)"
        }
    }
}
