import Domain
import Foundation
@testable import Ledger
@testable import Projections
@testable import ReadModels
import Testing
import TestSupport

/// What the read models answer as of a past position, from their stored history, equals what a fresh fold of
/// the log up to that position answers: row by row for every model, and query by query.
@Suite struct HistoryEqualityTests {
    let cli = CLITests()

    @Test func historyAnswersEqualAFreshFoldAtRandomPositions() throws {
        let directory = try TemporaryDirectory()
        let data = directory.sub("ledger")
        let generated = try cli.fangxin(["generate", "--merchants", "120", "--events", "12000", "--seed", "5", "--data", data],
                                        environment: CLITests.fixtures)
        try #require(generated.status == 0, "\(generated.error)")
        let ledger = try Ledger(directory: data)
        let runner = ProjectionRunner(ledger: ledger, store: try ReadModelStore(ledgerDirectory: data))
        let head = try ledger.head().position
        // Written in stretches of 997 events, so that rows change across many commits.
        runner.rebuildStretch = 997
        try runner.rebuild()
        try #require(head > 5_000)
        var random = SystemRandomNumberGenerator()
        let positions = [0, 1, head] + (0..<21).map { _ in UInt64.random(in: 1...head, using: &random) }
        let names = ProjectionRunner.projectionNames
        for position in positions {
            let folded = try runner.foldedRows(asOf: position, names)
            try runner.read(names, asOf: position) { stored, at in
                #expect(at == position)
                for name in names {
                    let expected = folded[name]!
                    #expect(try rows(of: stored[name]!) == expected.rows, "\(name) at \(position)")
                    for row in expected.rows.prefix(200) { #expect(try stored[name]!.value(for: row.key) == row.value, "\(name) at \(position)") }
                }
                try expectSameAnswers(stored, folded.mapValues { $0 as any RowReader }, at: position)
            }
        }
    }

    /// The same, for history written as the service writes it: the ledger copied in pieces, as a replica copies
    /// it, and the models caught up after each piece in small commits. Every stored version equals the fold's
    /// (`check`), and every answer as of a random position equals a fresh fold's.
    @Test func historyWrittenByCatchingUpEqualsAFreshFold() async throws {
        let directory = try TemporaryDirectory()
        let source = directory.sub("source"), data = directory.sub("ledger")
        let generated = try cli.fangxin(["generate", "--merchants", "60", "--events", "5000", "--seed", "8", "--data", source],
                                        environment: CLITests.fixtures)
        try #require(generated.status == 0, "\(generated.error)")
        let original = try Ledger(directory: source)
        defer { original.close() }
        let size = try original.treeSize()
        let records = try (1...size).map { try #require(try original.recordBytes(at: $0)) }
        let ledger = try Ledger(directory: data)
        defer { ledger.close() }
        let runner = ProjectionRunner(ledger: ledger, store: try ReadModelStore(ledgerDirectory: data))
        runner.commitEvery = 101
        var start = 0, pieces = 0
        while start < records.count {
            // A piece ends where a command's records end, as a replica's copy does.
            var end = min(start + 613, records.count)
            func command(_ index: Int) throws -> [UInt8] { try records[index].withUnsafeBytes { Array(try RecordView(parsing: $0).commandIDBytes) } }
            while end < records.count, try !command(end - 1).isEmpty, try command(end) == command(end - 1) { end += 1 }
            let whole = try original.treeRoot()
            let check = CopyCheck(size: whole.size, root: whole.root, proof: try original.consistencyProof(from: UInt64(end), to: whole.size).hashes)
            _ = try await ledger.copy(Array(records[start..<end]), check: check)
            let outcomes = try runner.catchUp()
            #expect(outcomes.allSatisfy { $0.position == UInt64(end) && $0.rebuilt == (pieces == 0) })
            start = end
            pieces += 1
        }
        #expect(pieces > 5)
        let checks = try runner.check()
        #expect(checks.allSatisfy { $0.matches }, "\(checks.filter { !$0.matches })")
        // The supervision lists compared below are not empty: the generated cases run late and fall due.
        try runner.read(["supervision"], asOf: size) { rows, _ in
            let days = ["2024-02-29", "2024-07-15", "2024-12-31"].map { CivilDate($0)! }
            let cases = try days.flatMap { try SupervisionQueries.list(rows["supervision"]!, on: $0, dueWithin: 10) }
            #expect(cases.contains { $0.status == .overdue } && cases.contains { $0.status == .dueSoon })
        }
        var random = SystemRandomNumberGenerator()
        let names = ProjectionRunner.projectionNames
        for position in [1, size] + (0..<8).map({ _ in UInt64.random(in: 1...size, using: &random) }) {
            let folded = try runner.foldedRows(asOf: position, names)
            try runner.read(names, asOf: position) { stored, _ in
                for name in names { #expect(try rows(of: stored[name]!) == folded[name]!.rows, "\(name) at \(position)") }
                try expectSameAnswers(stored, folded.mapValues { $0 as any RowReader }, at: position)
            }
        }
    }

    private func rows(of reader: any RowReader) throws -> [Row] {
        var rows: [Row] = []
        try reader.scan(prefix: []) { key, value in
            rows.append(Row(key: key, value: value))
            return true
        }
        return rows
    }

    /// Every query the CLI and the service ask, on both sets of rows.
    private func expectSameAnswers(_ stored: [String: any RowReader], _ folded: [String: any RowReader], at position: UInt64) throws {
        func same<T: Equatable>(_ what: String, _ answer: ([String: any RowReader]) throws -> T) throws {
            #expect(try answer(stored) == answer(folded), "\(what) at \(position)")
        }
        let region = try RegionCode("330100")
        try same("tier counts") { try TierQueries.counts($0["tiers"]!).map { "\($0.tier.name) \($0.merchants)" } }
        try same("tier counts in a region") { try TierQueries.counts($0["tiers"]!, region: region).map { "\($0.tier.name) \($0.merchants)" } }
        for tier in Tier.allCases {
            try same("\(tier.name) list") { try TierQueries.members($0["tiers"]!, tier: tier).map(\.code) }
            // The library's members are the standings in that library, page after page.
            let everyStanding = try TierQueries.standings(folded["tiers"]!, tier: tier, region: region).map(\.code)
            var paged: [String] = [], after: String?
            repeat {
                let page = try TierQueries.members(stored["tiers"]!, tier: tier, region: region, after: after, limit: 7).map(\.code)
                paged += page
                after = page.count == 7 ? page.last : nil
            } while after != nil
            #expect(paged == everyStanding, "\(tier.name) pages at \(position)")
        }
        let merchants = try TierQueries.standings(folded["tiers"]!).map(\.code)
        for code in merchants.prefix(15) {
            try same("standing of \(code)") { try TierQueries.standing($0["tiers"]!, merchant: code).map { "\($0.tier?.name ?? "-") \($0.since) \($0.reason)" } }
            try same("history of \(code)") { try TierQueries.history($0["tiers"]!, merchant: code).map { "\($0.position) \($0.to.name)" } }
            try same("credit of \(code)") { try CreditQueries.report(credit: $0["credit"]!, tiers: $0["tiers"]!, merchant: code).lines.map { "\($0.line.bank) \($0.tier?.name ?? "-")" } }
        }
        try same("changes") { try TierQueries.changes($0["tiers"]!, after: 0, through: position).map { "\($0.position) \($0.merchant)" } }
        try same("credit") {
            let report = try CreditQueries.report(credit: $0["credit"]!, tiers: $0["tiers"]!)
            return report.byTier.map { "\($0.key) \($0.activeLines) \($0.activeFen)" } + report.alerts.map { "\($0.line.merchant) \($0.warningAt)" }
        }
        for grouping in StatisticsQuery.Grouping.allCases {
            try same("statistics by \(grouping)") { try StatisticsQuery(groupBy: grouping).run($0["stats"]!).map { "\($0.group) \($0.indicators)" } }
        }
        // The monthly totals, the merchant ranking and index, and the complaints' facts give the same figures,
        // wherever the shortcuts answer. Many merchants tie in this ledger, so the ranking's order of ties counts.
        let county = try RegionCode("330102")
        let merchant = try StatisticsQuery(groupBy: .merchant, top: 1).run(folded["stats"]!, shortcuts: false).first?.group ?? "no complaint yet"
        for query in StatisticsQuery.Grouping.allCases.map({ StatisticsQuery(groupBy: $0) }) + [
            StatisticsQuery(from: CivilDate("2024-02-01"), to: CivilDate("2025-02-28"), groupBy: .month),
            StatisticsQuery(from: CivilDate("2024-01-01"), to: CivilDate("2024-12-31"), region: county, category: .goods, groupBy: .channel),
            StatisticsQuery(channel: .online12315, groupBy: .quarter, top: 3),
            StatisticsQuery(groupBy: .merchant, top: 7),
            StatisticsQuery(groupBy: .merchant, top: 1_000),
            StatisticsQuery(from: CivilDate("2024-01-01"), to: CivilDate("2024-12-31"), groupBy: .merchant, top: 4),
            StatisticsQuery(from: CivilDate("2025-01-01"), to: CivilDate("2025-12-31"), groupBy: .merchant, top: 2),
            StatisticsQuery(merchant: merchant, groupBy: .month),
            StatisticsQuery(from: CivilDate("2024-03-05"), to: CivilDate("2025-06-30"), region: county, merchant: merchant, groupBy: .channel),
            StatisticsQuery(from: CivilDate("2024-01-01"), to: CivilDate("2024-12-31"), merchant: merchant, groupBy: .merchant, top: 3),
        ] {
            let rows = stored["stats"]!
            #expect(try query.run(rows, shortcuts: true).map { "\($0.group) \($0.label ?? "-") \($0.indicators) \($0.receivedYearBefore ?? -1)" }
                == query.run(rows, shortcuts: false).map { "\($0.group) \($0.label ?? "-") \($0.indicators) \($0.receivedYearBefore ?? -1)" },
                "\(query.groupBy) \(query.top ?? 0) at \(position)")
        }
        let year = StatisticsQuery(from: CivilDate("2024-01-01"), to: CivilDate("2024-12-31"), region: try RegionCode("330000"), groupBy: .county)
        try same("statistics for 2024 by county") { try year.run($0["stats"]!).map { "\($0.group) \($0.indicators) \($0.receivedYearBefore ?? -1)" } }
        try same("top merchants") { try StatisticsQuery(groupBy: .merchant, top: 5).run($0["stats"]!).map { "\($0.group) \($0.indicators.received)" } }
        try same("actors") { try TrailQueries.positions($0["trail"]!, actor: "fangxin-clock", through: position) }
        for name in ["tiers", "stats", "credit"] {
            try same("set aside by \(name)") { try SetAside.list($0[name]!).map { "\($0.0) \($0.1)" } }
        }
        // The supervision list, on days across the generated years, with and without a window and a region.
        for day in ["2023-06-01", "2024-02-29", "2024-07-15", "2024-12-31", "2025-03-03", "2025-09-30"].map({ CivilDate($0)! }) {
            for (within, region) in [(0, nil), (5, nil), (10, try RegionCode("330000")), (3, county)] as [(Int, RegionCode?)] {
                try same("supervision on \(day) within \(within) in \(region?.description ?? "all")") {
                    try SupervisionQueries.list($0["supervision"]!, on: day, dueWithin: within, region: region)
                        .map { "\($0.clock.due.date) \($0.clock.kind) \($0.clock.id) \($0.clock.limit) \($0.status) \($0.daysPastDue)" }
                }
            }
            try same("window from \(day)") { try SupervisionQueries.windowEnd($0["supervision"]!, day, 5) }
        }
    }
}
