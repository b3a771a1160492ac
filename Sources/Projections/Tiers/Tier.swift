/// The four libraries a 放心消费 merchant can sit in (docs/DOMAIN.md §4.2, docs/TIERS.md), and delisting.
public enum Tier: UInt64, Sendable, CaseIterable, Comparable {
    case selectionPool = 1   // 选育池: candidates, self-declared or nominated
    case cultivation = 2     // 培育库: admitted by the regulator, being brought up to standard
    case starRated = 3       // 星级库: recognised units, rated by stars
    case warning = 4         // 预警库: a risk signal is open; rectifying
    case delisted = 5        // 摘牌: out of every library

    /// The name used on the command line and in JSON.
    public var name: String {
        switch self {
        case .selectionPool: return "selection-pool"
        case .cultivation: return "cultivation"
        case .starRated: return "star-rated"
        case .warning: return "warning"
        case .delisted: return "delisted"
        }
    }

    public var chineseName: String {
        switch self {
        case .selectionPool: return "选育池"
        case .cultivation: return "培育库"
        case .starRated: return "星级库"
        case .warning: return "预警库"
        case .delisted: return "摘牌"
        }
    }

    public init?(name: String) {
        guard let tier = Tier.allCases.first(where: { $0.name == name || $0.chineseName == name }) else { return nil }
        self = tier
    }

    public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.rawValue < rhs.rawValue }
}
