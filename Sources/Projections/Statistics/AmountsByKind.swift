public import Domain

/// Losses recovered, kept apart by the kind of payment (docs/STATISTICS.md): refunds, compensation, punitive
/// damages and the rest are published separately.
///
/// Totals over many complaints are exact in 128 bits, as their sum is (`RecoveredByKind`). One complaint's
/// amounts each lie within its own total, an `Int64` checked at every payment, so 64 bits hold them exactly
/// (`PaymentsByKind`): half the memory for the millions of complaints a rebuild keeps.
public struct AmountsByKind<Amount: FixedWidthInteger & SignedInteger & Sendable>: Hashable, Sendable {
    private var refund: Amount = 0, compensation: Amount = 0, punitive: Amount = 0, noReasonReturn: Amount = 0
    private var repair: Amount = 0, replacement: Amount = 0, agreed: Amount = 0

    public init() {}

    public subscript(_ kind: CompensationKind) -> Amount {
        get {
            switch kind {
            case .refund: return refund
            case .compensation: return compensation
            case .punitive: return punitive
            case .noReasonReturn: return noReasonReturn
            case .repair: return repair
            case .replacement: return replacement
            case .agreed: return agreed
            }
        }
        set {
            switch kind {
            case .refund: refund = newValue
            case .compensation: compensation = newValue
            case .punitive: punitive = newValue
            case .noReasonReturn: noReasonReturn = newValue
            case .repair: repair = newValue
            case .replacement: replacement = newValue
            case .agreed: agreed = newValue
            }
        }
    }

    /// The kinds with an amount, in the order of their numbers.
    public var amounts: [(kind: CompensationKind, fen: Amount)] {
        CompensationKind.allCases.compactMap { self[$0] == 0 ? nil : ($0, self[$0]) }
    }

    /// One kind's amount as the documents show it: held at `Int64.max` (or `Int64.min`) past it, as the total is.
    public func fen(_ kind: CompensationKind) -> Int64 { Int64(clamping: self[kind]) }

}

extension AmountsByKind where Amount == Int128 {
    /// One complaint's payments, to be summed: every `Int64` fits.
    init(_ payments: PaymentsByKind) {
        for kind in CompensationKind.allCases { self[kind] = Int128(payments[kind]) }
    }

    /// Adds another group's amounts, or with `sign` -1 takes them away: sums of `Int64` amounts stay far inside
    /// 128 bits.
    mutating func add(_ other: RecoveredByKind, sign: Int128 = 1) {
        for kind in CompensationKind.allCases { self[kind] += sign * other[kind] }
    }
}

/// Recovered amounts of many complaints, exact in 128 bits.
public typealias RecoveredByKind = AmountsByKind<Int128>
/// One complaint's payments by kind, each within its checked `Int64` total.
public typealias PaymentsByKind = AmountsByKind<Int64>
