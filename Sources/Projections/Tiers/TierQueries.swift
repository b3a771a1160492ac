public import Domain

/// Questions the tiers read model answers, from its rows (live, or folded for a past position).
public enum TierQueries {
    /// Merchants in `tier` within `region`, by credit code: those after `after`, at most `limit`. Reads the
    /// library's members, then each member's standing.
    public static func members(_ rows: some RowReader, tier: Tier, region: RegionCode? = nil, after: String? = nil,
                               limit: Int = .max) throws -> [MerchantStanding] {
        var found: [MerchantStanding] = []
        guard limit > 0 else { return found }
        let prefix = RowKey(table: TiersProjection.memberTable).adding(choice: tier)
        // Just past `after`: its key with one more byte.
        let start = after.map { prefix.adding($0).bytes + [0] }
        try rows.scan(prefix: prefix.bytes, from: start) { key, value in
            guard !value.isEmpty else { return true }
            if let region, !region.contains(recorded: String(decoding: value, as: UTF8.self)) { return true }
            var reader = RowKeyReader(key)
            _ = try reader.choice(Tier.self)
            let code = try reader.text()
            guard let standing = try standing(rows, merchant: code) else { throw RowError("tiers: member \(code) has no standing") }
            found.append(standing)
            return found.count < limit
        }
        return found
    }

    /// Merchants in `tier` (every tier when nil) within `region`, by credit code, from every standing.
    public static func standings(_ rows: some RowReader, tier: Tier? = nil, region: RegionCode? = nil) throws -> [MerchantStanding] {
        var found: [MerchantStanding] = []
        try rows.scan(prefix: [TiersProjection.standingTable]) { key, value in
            var reader = RowKeyReader(key)
            let standing = try MerchantStanding(code: try reader.text(), decoding: value)
            if let tier, standing.tier != tier { return true }
            if let region, !region.contains(recorded: standing.region) { return true }
            found.append(standing)
            return true
        }
        return found
    }

    /// How many merchants each tier holds, every tier listed: from the counts the fold keeps by region.
    public static func counts(_ rows: some RowReader, region: RegionCode? = nil) throws -> [(tier: Tier, merchants: Int)] {
        var counts: [Tier: Int] = [:]
        try rows.scan(prefix: [TiersProjection.countTable]) { key, value in
            var reader = RowKeyReader(key)
            guard let tier = try reader.choice(Tier.self), value.count == 8 else { throw RowError("tiers: a count row is malformed") }
            if let region, !region.contains(recorded: try reader.text()) { return true }
            counts[tier, default: 0] += Int(clamping: value.reduce(0) { $0 << 8 | UInt64($1) })
            return true
        }
        return Tier.allCases.map { ($0, counts[$0] ?? 0) }
    }

    /// The merchants whose prior-compensation deposit has run out (docs/TIERS.md), by credit code.
    public static func depositAlerts(_ rows: some RowReader) throws -> [MerchantStanding] {
        var codes: [String] = []
        try rows.scan(prefix: [TiersProjection.depositAlertTable]) { key, value in
            var reader = RowKeyReader(key)
            if !value.isEmpty { codes.append(try reader.text()) }
            return true
        }
        return try codes.compactMap { try standing(rows, merchant: $0) }
    }

    public static func standing(_ rows: some RowReader, merchant code: String) throws -> MerchantStanding? {
        guard let value = try rows.value(for: RowKey(table: TiersProjection.standingTable).adding(code).bytes) else { return nil }
        return try MerchantStanding(code: code, decoding: value)
    }

    /// The merchant's changes of tier up to and including position `through`, oldest first.
    public static func history(_ rows: some RowReader, merchant code: String, through position: UInt64 = .max) throws -> [TierChange] {
        var changes: [TierChange] = []
        try rows.scan(prefix: RowKey(table: TiersProjection.historyTable).adding(code).bytes) { key, value in
            var reader = RowKeyReader(key)
            _ = try reader.text()
            let at = try reader.uint64()
            guard at <= position else { return false }
            changes.append(try TierChange(merchant: code, position: at, decoding: value))
            return true
        }
        return changes
    }

    /// Every change of tier at a position after `after`, up to and including `through`, in log order (and by
    /// merchant at one position: a closed day moves many).
    public static func changes(_ rows: some RowReader, after: UInt64, through: UInt64) throws -> [TierChange] {
        var found: [TierChange] = []
        let prefix = [TiersProjection.changeTable]
        try rows.scan(prefix: prefix, from: RowKey(table: TiersProjection.changeTable).adding(after + 1).bytes) { key, _ in
            var reader = RowKeyReader(key)
            let position = try reader.uint64()
            guard position <= through else { return false }
            let code = try reader.text()
            let historyKey = RowKey(table: TiersProjection.historyTable).adding(code).adding(position).bytes
            guard let value = try rows.value(for: historyKey) else {
                throw RowError("a change of tier at \(position) for \(code) has no history row")
            }
            found.append(try TierChange(merchant: code, position: position, decoding: value))
            return true
        }
        return found
    }
}
