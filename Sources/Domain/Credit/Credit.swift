/// The credit decider: one active line per bank and product; only an active line can be revoked or expire;
/// card acquiring opens once per bank. Amounts in fen, never negative.
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
        if let day = event.day { state.lastDay = day }
        switch event {
        case .granted(let grant): state.lines[Line(bank: grant.bank, product: grant.product)] = grant.amountFen
        case let .revoked(_, bank, product, _), let .expired(_, bank, product): state.lines[Line(bank: bank, product: product)] = nil
        case let .cardAcquiringOpened(_, bank, _): state.acquiringBanks.insert(bank)
        }
        return state
    }

    /// Accepts the next credit fact of the merchant `code`, or says why not.
    public static func decide(_ event: CreditEvent, _ state: State, code: UnifiedSocialCreditCode) -> Result<[CreditEvent], CreditRejection> {
        Result { () throws(CreditRejection) -> [CreditEvent] in
            if let day = event.day, let last = state.lastDay, day < last { throw .dateBefore(date: day, earliest: last) }
            switch event {
            case .granted(let grant):
                guard grant.merchant == code else { throw .invalid(field: "merchant", reason: "is \(grant.merchant), but this is the stream of \(code)") }
                guard grant.grantedOn != nil else { throw .invalid(field: "grantedOn", reason: "is required") }
                guard !grant.bank.isEmpty, !grant.product.isEmpty else { throw .invalid(field: "bank and product", reason: "are required") }
                guard grant.amountFen > 0 else { throw .invalid(field: "amountFen", reason: "must be positive") }
                guard grant.termMonths >= 1 else { throw .invalid(field: "termMonths", reason: "must be at least 1") }
                guard state.lines[Line(bank: grant.bank, product: grant.product)] == nil else {
                    throw .lineAlreadyActive(bank: grant.bank, product: grant.product)
                }
            case let .revoked(_, bank, product, reason):
                guard state.lines[Line(bank: bank, product: product)] != nil else { throw .noActiveLine(bank: bank, product: product) }
                guard !reason.isEmpty else { throw .invalid(field: "reason", reason: "is required") }
            case let .expired(_, bank, product):
                guard state.lines[Line(bank: bank, product: product)] != nil else { throw .noActiveLine(bank: bank, product: product) }
            case let .cardAcquiringOpened(_, bank, subsidy):
                guard !bank.isEmpty else { throw .invalid(field: "bank", reason: "is required") }
                guard subsidy >= 0 else { throw .invalid(field: "feeSubsidyFen", reason: "is \(subsidy); amounts are never negative") }
                guard !state.acquiringBanks.contains(bank) else { throw .invalid(field: "bank", reason: "\(bank) already acquires for this merchant") }
            }
            return [event]
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
