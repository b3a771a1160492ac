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
        if let day = event.day { state.lastDay = day }
        switch event {
        case .granted(let grant): state.lines[Line(bank: grant.bank, product: grant.product)] = grant.amountFen
        case let .revoked(_, bank, product, _), let .expired(_, bank, product): state.lines[Line(bank: bank, product: product)] = nil
        case let .cardAcquiringOpened(_, bank, _): state.acquiringBanks.insert(bank)
        }
    }

    /// Decides `command` for the merchant whose credit stream is keyed by `code`.
    public static func decide(_ command: CreditCommand, _ state: State, code: UnifiedSocialCreditCode) -> Result<[CreditEvent], CreditRejection> {
        Result { () throws(CreditRejection) -> [CreditEvent] in
            if let last = state.lastDay, command.businessDay < last { throw .dateBefore(date: command.businessDay, earliest: last) }
            guard !command.bank.isEmpty else { throw .invalid(field: "bank", reason: "is required") }
            switch command {
            case let .grant(on, bank, product, amount, term):
                guard !product.isEmpty else { throw .invalid(field: "product", reason: "is required") }
                guard amount > 0 else { throw .invalid(field: "amountFen", reason: "must be positive") }
                guard term >= 1 else { throw .invalid(field: "termMonths", reason: "must be at least 1") }
                guard state.lines[Line(bank: bank, product: product)] == nil else { throw .lineAlreadyActive(bank: bank, product: product) }
                return [.granted(CreditGranted(merchant: code, bank: bank, product: product, amountFen: amount, termMonths: term, grantedOn: on))]
            case let .revoke(on, bank, product, reason):
                guard state.lines[Line(bank: bank, product: product)] != nil else { throw .noActiveLine(bank: bank, product: product) }
                guard !reason.isEmpty else { throw .invalid(field: "reason", reason: "is required") }
                return [.revoked(on: on, bank: bank, product: product, reason: reason)]
            case let .expire(on, bank, product):
                guard state.lines[Line(bank: bank, product: product)] != nil else { throw .noActiveLine(bank: bank, product: product) }
                return [.expired(on: on, bank: bank, product: product)]
            case let .openCardAcquiring(on, bank, subsidy):
                guard subsidy >= 0 else { throw .invalid(field: "feeSubsidyFen", reason: "is \(subsidy); amounts are never negative") }
                guard !state.acquiringBanks.contains(bank) else { throw .invalid(field: "bank", reason: "\(bank) already acquires for this merchant") }
                return [.cardAcquiringOpened(on: on, bank: bank, feeSubsidyFen: subsidy)]
            }
        }
    }
}

/// Why a credit fact may not be recorded. Nothing is recorded for it.
public enum CreditRejection: Error, Equatable, CustomStringConvertible {
    case lineAlreadyActive(bank: String, product: String)
    case noActiveLine(bank: String, product: String)
    case dateBefore(date: CivilDate, earliest: CivilDate)
    case invalid(field: String, reason: String)

    public var description: String {
        switch self {
        case let .lineAlreadyActive(bank, product): return "\(bank) already has an active \(product) line for this merchant"
        case let .noActiveLine(bank, product): return "\(bank) has no active \(product) line for this merchant"
        case let .dateBefore(date, earliest): return "\(date) is before \(earliest), already recorded"
        case let .invalid(field, reason): return "\(field) \(reason)"
        }
    }
}
