/// The statutory basis of punitive damages (惩罚性赔偿): what the law multiplies, and the least it awards.
public enum PunitiveBasis: UInt64, Sendable, CaseIterable {
    /// 消费者权益保护法 Art. 55(1): fraud in goods or services, three times the price paid, at least ¥500 (退一赔三).
    case consumerRightsArt55 = 1
    /// 食品安全法 Art. 148(2): food that fails the safety standard, ten times the price or three times the loss,
    /// at least ¥1,000.
    case foodSafetyArt148 = 2

    /// The most the law awards for goods at `priceFen` that caused `lossFen`, in fen; saturates at `Int64.max`.
    public func limitFen(priceFen: Int64, lossFen: Int64) -> Int64 {
        switch self {
        case .consumerRightsArt55:
            return max(CompensationRules.times(3, priceFen), 50_000)
        case .foodSafetyArt148:
            return max(CompensationRules.times(10, priceFen), CompensationRules.times(3, lossFen), 100_000)
        }
    }

    public var title: String {
        switch self {
        case .consumerRightsArt55: return "Consumer Rights Protection Law Art. 55 (3 times the price, at least ¥500)"
        case .foodSafetyArt148: return "Food Safety Law Art. 148 (10 times the price or 3 times the loss, at least ¥1,000)"
        }
    }
}

/// How much a complaint's payments may add up to (docs/COMMANDS.md, `compensate`). The price is the amount in
/// dispute recorded on receipt.
///
/// - Statutory punitive damages add up, basis by basis, to at most what the law awards (`PunitiveBasis`).
/// - Everything else (refunds, no-reason returns, repairs, replacements, compensation for a loss, agreed
///   amounts) adds up to at most the policy's multiple of the price: a guard against a mistyped amount, not a
///   statute. [I] A prior compensation (先行赔付) and the merchant's own refund may both be recorded within it.
public enum CompensationRules {
    /// The payments a limit adds up.
    public enum Bucket: Hashable, Sendable {
        case punitive(PunitiveBasis)
        case restitution
    }

    /// Nil for punitive damages without a basis, which no rule allows.
    public static func bucket(_ kind: CompensationKind, basis: PunitiveBasis?) -> Bucket? {
        kind == .punitive ? basis.map(Bucket.punitive) : .restitution
    }

    /// The limit of a bucket, in fen; saturates at `Int64.max`.
    public static func limitFen(_ bucket: Bucket, priceFen: Int64, lossFen: Int64, multiple: Int64) -> Int64 {
        switch bucket {
        case .punitive(let basis): return basis.limitFen(priceFen: priceFen, lossFen: lossFen)
        case .restitution: return times(multiple, priceFen)
        }
    }

    /// What the bucket's limit says, for a refusal.
    public static func rule(_ bucket: Bucket, multiple: Int64) -> String {
        switch bucket {
        case .punitive(let basis): return "punitive damages under \(basis.title)"
        case .restitution: return "payments other than punitive damages are at most \(multiple) times the price in dispute (a policy guard)"
        }
    }

    static func times(_ multiple: Int64, _ fen: Int64) -> Int64 {
        let (product, overflow) = fen.multipliedReportingOverflow(by: multiple)
        return overflow ? .max : product
    }
}
