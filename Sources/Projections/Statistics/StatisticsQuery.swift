import Domain

/// A question to the complaint statistics: which complaints (by business time and dimensions), grouped how.
public struct StatisticsQuery: Sendable {
    public enum Grouping: String, CaseIterable, Sendable {
        case none, province, city, county, category, channel, merchant, day, month, quarter, year
    }

    /// Received on or after `from` and on or before `to` (business time; both optional).
    public var from: CivilDate?
    public var to: CivilDate?
    /// Received within this region (a province or city holds its counties).
    public var region: RegionCode?
    public var category: ComplaintCategory?
    public var channel: ComplaintChannel?
    public var merchant: String?
    public var groupBy: Grouping
    /// Keep only the N groups that received most (ties by group name).
    public var top: Int?

    public init(from: CivilDate? = nil, to: CivilDate? = nil, region: RegionCode? = nil, category: ComplaintCategory? = nil,
                channel: ComplaintChannel? = nil, merchant: String? = nil, groupBy: Grouping = .none, top: Int? = nil) {
        self.from = from
        self.to = to
        self.region = region
        self.category = category
        self.channel = channel
        self.merchant = merchant
        self.groupBy = groupBy
        self.top = top
    }
}

/// One group's figures, with the same period of the year before when the query has both ends.
public struct StatisticsGroup: Sendable {
    public var group: String
    /// For merchants, the name the complaints gave.
    public var label: String?
    public var indicators: Indicators
    /// Complaints received in the same period a year earlier (同比), and the growth in percent.
    public var receivedYearBefore: Int?
    public var growth: String? { receivedYearBefore.flatMap { Rate.growth(from: $0, to: indicators.received) } }
}

extension StatisticsQuery {
    /// Answers the query from the statistics rows. Groups come sorted by name, or by received (most first) with `top`.
    public func run(_ rows: some RowReader) throws -> [StatisticsGroup] {
        var current: [String: Indicators] = [:]
        var labels: [String: String] = [:]
        try visit(rows, from: from, to: to) { facts in
            let group = self.group(facts, day: facts.receivedOn)
            current[group, default: Indicators()].add(facts)
            if groupBy == .merchant { labels[group] = facts.merchantName }
        }
        var previous: [String: Int]?
        if let from, let to {
            var counts: [String: Int] = [:]
            // Keyed as the current period would key them: a day a year later.
            try visit(rows, from: from.yearEarlier, to: to.yearEarlier) { facts in
                counts[self.group(facts, day: facts.receivedOn.yearLater), default: 0] += 1
            }
            previous = counts
        }
        var groups = current.map { key, indicators in
            StatisticsGroup(group: key, label: labels[key], indicators: indicators, receivedYearBefore: previous.map { $0[key] ?? 0 })
        }
        if let top {
            groups.sort { ($0.indicators.received, $1.group) > ($1.indicators.received, $0.group) }
            groups = Array(groups.prefix(top))
        } else {
            groups.sort { $0.group < $1.group }
        }
        return groups
    }

    private func visit(_ rows: some RowReader, from: CivilDate?, to: CivilDate?, _ body: (ComplaintFacts) -> Void) throws {
        let prefix = [StatisticsProjection.table]
        let start = from.map { RowKey(table: StatisticsProjection.table).adding($0).bytes }
        try rows.scan(prefix: prefix, from: start) { key, value in
            var reader = RowKeyReader(key)
            let day = try reader.day()
            if let to, day > to { return false }
            let facts = try ComplaintFacts(id: try reader.text(), receivedOn: day, decoding: value)
            if let region, !region.contains(recorded: facts.region) { return true }
            if let category, facts.category != category { return true }
            if let channel, facts.channel != channel { return true }
            if let merchant, facts.merchant != merchant { return true }
            body(facts)
            return true
        }
    }

    private func group(_ facts: ComplaintFacts, day: CivilDate) -> String {
        switch groupBy {
        case .none: return "all"
        case .province: return String(facts.region.prefix(2)) + "0000"
        case .city: return String(facts.region.prefix(4)) + "00"
        case .county: return facts.region
        case .category: return facts.category == .goods ? "goods" : "service"
        case .channel: return facts.channel.name
        case .merchant: return facts.merchant
        case .day: return day.description
        case .month: return String(day.description.prefix(7))
        case .quarter: return "\(day.year)-Q\((day.month - 1) / 3 + 1)"
        case .year: return String(day.year)
        }
    }
}

extension CivilDate {
    /// The same day a year earlier or later; 29 February becomes the 28th, and the calendar's ends hold.
    var yearEarlier: CivilDate { adding(years: -1) }
    var yearLater: CivilDate { adding(years: 1) }
}
