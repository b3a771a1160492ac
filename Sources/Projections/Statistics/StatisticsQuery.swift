public import Domain

/// A question to the complaint statistics: which complaints (by business time and dimensions), grouped how.
public struct StatisticsQuery: Sendable {
    public enum Grouping: String, CaseIterable, Sendable {
        case none, province, city, county, category, channel, merchant, day, month, quarter, year, track
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
    /// The same period a year earlier (同比), when the query has both ends.
    public var yearBefore: Indicators?
    /// Complaints received then, and the growth in percent.
    public var receivedYearBefore: Int? { yearBefore?.received }
    public var growth: String? { receivedYearBefore.flatMap { Rate.growth(from: $0, to: indicators.received) } }
}

extension StatisticsQuery {
    /// Answers the query from the statistics rows. Groups come sorted by name, or by received (most first) with `top`.
    ///
    /// A question about whole months that neither names nor groups by merchant or day reads the monthly totals.
    /// The top merchants of all time or of a calendar year, with no other filter, are the ranking's first rows,
    /// and a merchant's complaints are found through its index. Any other question reads each complaint's facts.
    /// All give the same figures (a test checks it).
    public func run(_ rows: some RowReader) throws -> [StatisticsGroup] { try run(rows, shortcuts: true) }

    /// `shortcuts` false reads every complaint's facts even where the totals, the ranking or the merchant index
    /// could answer: how a test compares them.
    func run(_ rows: some RowReader, shortcuts: Bool) throws -> [StatisticsGroup] {
        var current: [String: Indicators] = [:]
        var labels: [String: String] = [:]
        // The merchants whose complaints to read, when not all: the one asked about, or the top ones.
        let merchants = shortcuts ? try chosenMerchants(rows) : nil
        try visitReports(rows, merchants: merchants, from: from, to: to) { report in
            let group = self.group(Cell(report), day: report.receivedOn)
            current[group, default: Indicators()].add(Indicators(report))
            if groupBy == .merchant, labels[group] == nil { labels[group] = report.merchantName }
        }
        if shortcuts, readsTotals(from: from, to: to) {
            try visitTotals(rows, from: from, to: to) { cell, indicators in
                current[group(cell, day: cell.month), default: Indicators()].add(indicators)
            }
        } else {
            try visit(rows, merchants: merchants, from: from, to: to) { facts in
                let group = self.group(Cell(facts), day: facts.receivedOn)
                current[group, default: Indicators()].add(facts)
                if groupBy == .merchant { labels[group] = facts.merchantName }
            }
        }
        var previous: [String: Indicators]?
        if let from, let to {
            var then: [String: Indicators] = [:]
            // Keyed as the current period would key them: a day a year later.
            if shortcuts, readsTotals(from: from.yearEarlier, to: to.yearEarlier) {
                try visitTotals(rows, from: from.yearEarlier, to: to.yearEarlier) { cell, indicators in
                    then[self.group(cell, day: cell.month.yearLater), default: Indicators()].add(indicators)
                }
            } else {
                try visit(rows, merchants: merchants, from: from.yearEarlier, to: to.yearEarlier) { facts in
                    then[self.group(Cell(facts), day: facts.receivedOn.yearLater), default: Indicators()].add(facts)
                }
            }
            try visitReports(rows, merchants: merchants, from: from.yearEarlier, to: to.yearEarlier) { report in
                then[self.group(Cell(report), day: report.receivedOn.yearLater), default: Indicators()].add(Indicators(report))
            }
            previous = then
        }
        var groups = current.map { key, indicators in
            StatisticsGroup(group: key, label: labels[key], indicators: indicators, yearBefore: previous.map { $0[key] ?? Indicators() })
        }
        if let top {
            groups.sort { a, b in
                a.indicators.received != b.indicators.received ? a.indicators.received > b.indicators.received : MerchantRanking.precedes(a.group, b.group)
            }
            groups = Array(groups.prefix(top))
        } else {
            groups.sort { $0.group < $1.group }
        }
        return groups
    }

    /// Whether the monthly totals can answer for complaints received from `from` to `to`: whole months, and no
    /// merchant or day asked about.
    private func readsTotals(from: CivilDate?, to: CivilDate?) -> Bool {
        merchant == nil && groupBy != .merchant && groupBy != .day && groupBy != .track
            && (from.map { $0.day == 1 } ?? true) && (to.map { $0 == $0.lastOfMonth } ?? true)
    }

    /// Visits the monthly totals within the months from `from` to `to` that the query's region, category and
    /// channel keep.
    private func visitTotals(_ rows: some RowReader, from: CivilDate?, to: CivilDate?, _ body: (Cell, Indicators) -> Void) throws {
        let prefix = [StatisticsProjection.totalsTable]
        let start = from.map { RowKey(table: StatisticsProjection.totalsTable).adding($0).bytes }
        try rows.scan(prefix: prefix, from: start) { key, value in
            var reader = RowKeyReader(key)
            let month = try reader.day()
            if let to, month > to { return false }
            let county = try reader.text()
            guard let kind = try reader.choice(ComplaintCategory.self), let via = try reader.choice(ComplaintChannel.self) else {
                throw RowError("stats: a total's category or channel is unknown")
            }
            if let region, !region.contains(recorded: county) { return true }
            if let category, kind != category { return true }
            if let channel, via != channel { return true }
            body(Cell(month: month, region: county, category: kind, channel: via, merchant: ""), try Indicators(decoding: value))
            return true
        }
    }

    /// The merchants whose complaints answer the query, when they are not all: the one it names, or, for the top
    /// merchants of all time or of one calendar year with no other filter, the first of the ranking.
    private func chosenMerchants(_ rows: some RowReader) throws -> [String]? {
        if let merchant { return [merchant] }
        guard groupBy == .merchant, let top, region == nil, category == nil, channel == nil,
              let period = MerchantRanking.period(from: from, to: to) else { return nil }
        var ranked: [String] = []
        guard top > 0 else { return ranked }
        try rows.scan(prefix: MerchantRanking.periodPrefix(period)) { _, value in
            // An empty row is a count its merchant has since passed.
            if !value.isEmpty { ranked.append(String(decoding: value, as: UTF8.self)) }
            return ranked.count < top
        }
        // Fewer merchants with complaints than asked for: those known only from reports come next, so read all.
        return ranked.count < top ? nil : ranked
    }

    /// Visits the facts of the complaints received from `from` to `to` that the query's filters keep: of the
    /// given merchants through their index, or of all.
    private func visit(_ rows: some RowReader, merchants: [String]?, from: CivilDate?, to: CivilDate?, _ body: (ComplaintFacts) -> Void) throws {
        guard let merchants else { return try visit(rows, from: from, to: to, body) }
        for merchant in merchants {
            let prefix = MerchantRanking.merchantPrefix(merchant)
            let start = from.map { RowKey(table: StatisticsProjection.merchantTable).adding(bytes: MerchantRanking.order(merchant)).adding($0).bytes }
            try rows.scan(prefix: prefix, from: start) { key, value in
                var reader = RowKeyReader(key)
                _ = try reader.text()
                let day = try reader.day()
                if let to, day > to { return false }
                // Another merchant's text can share the key (`MerchantRanking.order`); a moved complaint is empty.
                guard value.elementsEqual(merchant.utf8) else { return true }
                let id = try reader.text()
                guard let stored = try rows.value(for: StatisticsProjection.key(day, id)) else {
                    throw RowError("stats: the merchant index names complaint \(id), which has no facts")
                }
                guard !stored.isEmpty else { return true }   // a case voided (its index row is emptied with it)
                let facts = try ComplaintFacts(id: id, receivedOn: day, decoding: stored)
                if keeps(facts) { body(facts) }
                return true
            }
        }
    }

    /// Whether reports count in this query: they have no category or mediation track, so not when it filters or
    /// groups by either.
    private var countsReports: Bool { category == nil && groupBy != .category && groupBy != .track }

    /// Visits the reports received from `from` to `to` that the query's filters keep (of the given merchants only,
    /// when given). Reports are few beside complaints: their facts are read, never totals.
    private func visitReports(_ rows: some RowReader, merchants: [String]?, from: CivilDate?, to: CivilDate?, _ body: (ReportFacts) -> Void) throws {
        guard countsReports else { return }
        let chosen = merchants.map(Set.init)
        let start = from.map { RowKey(table: StatisticsProjection.reportTable).adding($0).bytes }
        try rows.scan(prefix: [StatisticsProjection.reportTable], from: start) { key, value in
            guard !value.isEmpty else { return true }
            var reader = RowKeyReader(key)
            let day = try reader.day()
            if let to, day > to { return false }
            let report = try ReportFacts(id: try reader.text(), receivedOn: day, decoding: value)
            if let region, !region.contains(recorded: report.region) { return true }
            if let channel, report.channel != channel { return true }
            if let merchant, report.merchant != merchant { return true }
            if let chosen, !chosen.contains(report.merchant) { return true }
            body(report)
            return true
        }
    }

    private func keeps(_ facts: ComplaintFacts) -> Bool {
        if let region, !region.contains(recorded: facts.region) { return false }
        if let category, facts.category != category { return false }
        if let channel, facts.channel != channel { return false }
        if let merchant, facts.merchant != merchant { return false }
        return true
    }

    private func visit(_ rows: some RowReader, from: CivilDate?, to: CivilDate?, _ body: (ComplaintFacts) -> Void) throws {
        let prefix = [StatisticsProjection.table]
        let start = from.map { RowKey(table: StatisticsProjection.table).adding($0).bytes }
        try rows.scan(prefix: prefix, from: start) { key, value in
            var reader = RowKeyReader(key)
            let day = try reader.day()
            if let to, day > to { return false }
            guard !value.isEmpty else { return true }   // a case voided
            let facts = try ComplaintFacts(id: try reader.text(), receivedOn: day, decoding: value)
            if keeps(facts) { body(facts) }
            return true
        }
    }

    /// What a group is made of: a complaint, or a monthly total (whose merchant is not kept).
    private struct Cell {
        var month: CivilDate
        var region: String
        var category: ComplaintCategory
        var channel: ComplaintChannel
        var merchant: String
        /// The mediation track, `none` before (or without) mediation; reports have none.
        var track = "none"

        init(month: CivilDate, region: String, category: ComplaintCategory, channel: ComplaintChannel, merchant: String) {
            self.month = month
            self.region = region
            self.category = category
            self.channel = channel
            self.merchant = merchant
        }

        init(_ facts: ComplaintFacts) {
            self.init(month: facts.receivedOn.firstOfMonth, region: facts.region, category: facts.category, channel: facts.channel,
                      merchant: facts.merchant)
            if let mode = facts.track { track = mode.importName }
        }

        /// A report has no category: it is never grouped by one (`countsReports`).
        init(_ report: ReportFacts) {
            self.init(month: report.receivedOn.firstOfMonth, region: report.region, category: .goods, channel: report.channel,
                      merchant: report.merchant)
        }
    }

    private func group(_ facts: Cell, day: CivilDate) -> String {
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
        case .track: return facts.track
        }
    }
}

extension CivilDate {
    /// The same day a year earlier or later; 29 February becomes the 28th, and the calendar's ends hold.
    var yearEarlier: CivilDate { adding(years: -1) }
    var yearLater: CivilDate { adding(years: 1) }
}
