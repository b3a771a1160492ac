/// How many merchants each tier holds in each region, following the standings slot by slot: each slot is
/// remembered as what it was last counted as, so a standing that moves (to another tier, or by re-applying, to
/// another region) is taken from one count and added to another.
struct TierCounts: Sendable {
    /// Where a standing is counted: its tier, in its region.
    struct Key: Hashable, Comparable {
        let tier: Tier
        let region: String

        static func < (lhs: Key, rhs: Key) -> Bool { (lhs.tier, lhs.region) < (rhs.tier, rhs.region) }
    }

    private var counts: [Key: Int] = [:]
    /// What each merchant's slot was last counted as; nil for none yet, or a standing without a tier.
    private var countedAs: [Key?] = []
    private var changed: Set<Key> = []

    /// Counts the standing in `slot` as it now is. Returns where it was counted before and where now, when
    /// that moved.
    @discardableResult
    mutating func count(_ slot: Int, _ standing: MerchantStanding) -> (before: Key?, now: Key?)? {
        while countedAs.count <= slot { countedAs.append(nil) }
        let now = standing.tier.map { Key(tier: $0, region: standing.region) }
        let before = countedAs[slot]
        guard now != before else { return nil }
        if let before {
            counts[before, default: 0] -= 1
            changed.insert(before)
        }
        if let now {
            counts[now, default: 0] += 1
            changed.insert(now)
        }
        countedAs[slot] = now
        return (before, now)
    }

    /// The counts changed since the last call, in key order.
    mutating func takeChanged() -> [(tier: Tier, region: String, count: Int)] {
        defer { changed = [] }
        return changed.sorted().map { ($0.tier, $0.region, counts[$0] ?? 0) }
    }
}
