public import Domain

/// The credit picture: every line with its merchant's tier, totals by bank and by tier, and the alert list.
public struct CreditReport: Sendable {
    public struct Line: Sendable {
        public var line: CreditLine
        public var merchantName: String?
        public var tier: Tier?
    }

    public struct Total: Sendable {
        public var key: String
        public var activeLines = 0
        public var activeFen: Int64 = 0
    }

    /// A merchant with an active line that sits in 预警库: the bank should look again (授信预警).
    public struct Alert: Sendable {
        public var line: CreditLine
        public var merchantName: String
        /// 预警库 or delisted.
        public var tier: Tier
        public var warningSince: CivilDate
        /// The position at which it entered that library, why, and the positions of the events that caused it.
        public var warningAt: UInt64
        public var reason: String
        public var causes: [UInt64]
    }

    public var lines: [Line] = []
    public var byBank: [Total] = []
    public var byTier: [Total] = []
    public var alerts: [Alert] = []
    public var subsidyFen: Int64 = 0
}

public enum CreditQueries {
    /// Reads credit rows and tiers rows of the same position; `merchant` and `bank` narrow the lines.
    public static func report(credit: some RowReader, tiers: some RowReader, merchant: String? = nil, bank: String? = nil) throws -> CreditReport {
        var report = CreditReport()
        var banks: [String: CreditReport.Total] = [:], tierTotals: [String: CreditReport.Total] = [:]
        let prefix = merchant.map { RowKey(table: CreditProjection.lineTable).adding($0).bytes } ?? [CreditProjection.lineTable]
        try credit.scan(prefix: prefix) { key, value in
            guard !value.isEmpty else { return true }   // no line stands: its grant was voided
            let line = try CreditLine(key: key, decoding: value)
            if let bank, line.bank != bank { return true }
            let standing = try TierQueries.standing(tiers, merchant: line.merchant)
            report.lines.append(.init(line: line, merchantName: standing?.name, tier: standing?.tier))
            guard line.status == .active else { return true }
            let tierName = standing?.tier?.name ?? "not-in-a-library"
            banks[line.bank, default: .init(key: line.bank)].activeLines += 1
            banks[line.bank]!.activeFen.addSaturating(line.amountFen)
            tierTotals[tierName, default: .init(key: tierName)].activeLines += 1
            tierTotals[tierName]!.activeFen.addSaturating(line.amountFen)
            // An active line to a merchant in 预警库, or delisted (摘牌), is a risk its bank must see.
            if let standing, let tier = standing.tier, tier == .warning || tier == .delisted {
                report.alerts.append(.init(line: line, merchantName: standing.name, tier: tier, warningSince: standing.since,
                                           warningAt: standing.sincePosition, reason: standing.reason, causes: standing.causes))
            }
            return true
        }
        try credit.scan(prefix: [CreditProjection.acquiringTable]) { key, value in
            guard !value.isEmpty else { return true }   // the acquiring was voided
            var reader = RowKeyReader(key)
            let code = try reader.text()
            if let merchant, code != merchant { return true }
            if let bank, try reader.text() != bank { return true }
            report.subsidyFen.addSaturating(CreditProjection.int64(value))
            return true
        }
        report.byBank = banks.values.sorted { $0.key < $1.key }
        report.byTier = tierTotals.values.sorted { $0.key < $1.key }
        return report
    }
}
