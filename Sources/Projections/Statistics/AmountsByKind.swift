import Domain

/// Losses recovered, kept apart by the kind of payment (docs/STATISTICS.md): refunds, compensation, punitive
/// damages and the rest are published separately. Exact in 128 bits, as the total is.
public struct RecoveredByKind: Hashable, Sendable {
    private var refund: Int128 = 0, compensation: Int128 = 0, punitive: Int128 = 0, noReasonReturn: Int128 = 0
    private var repair: Int128 = 0, replacement: Int128 = 0, agreed: Int128 = 0

    public init() {}

    public subscript(_ kind: CompensationKind) -> Int128 {
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
    public var amounts: [(kind: CompensationKind, fen: Int128)] {
        CompensationKind.allCases.compactMap { self[$0] == 0 ? nil : ($0, self[$0]) }
    }

    /// One kind's amount as the documents show it: held at `Int64.max` past it, as the total is.
    public func fen(_ kind: CompensationKind) -> Int64 { self[kind] > Int128(Int64.max) ? .max : Int64(self[kind]) }

    mutating func add(_ other: RecoveredByKind, sign: Int128 = 1) {
        for kind in CompensationKind.allCases { self[kind] += sign * other[kind] }
    }
}
