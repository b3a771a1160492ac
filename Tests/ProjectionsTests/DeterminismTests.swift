import Domain
import Projections
import Testing

/// The same events give the same rows whether folded at once or in batches stored one after another, as the
/// runner does across restarts.
@Suite struct DeterminismTests {
    static func mixedLog() -> EventLog {
        var log = EventLog()
        log.add(.policy(.tierPolicyAdopted(.standard)))
        log.merchant(shopCode, applied("2025-01-02"))
        log.merchant(shopCode, .regulatorReviewed(on: day("2025-01-10"), passed: true, reasons: []))
        for index in 0..<300 {
            let on = CivilDate(daysSinceEpoch: day("2025-01-11").daysSinceEpoch + index / 4).description
            let id = "c\(index)"
            log.complaint(id, received(on, due: on), actor: "platform-\(index % 3)")
            if index % 5 != 0 { log.complaint(id, accepted(on, mediationDue: on), actor: "bureau-\(index % 2)") }
            if index % 7 == 0 { log.complaint(id, .closed(.init(closedOn: day(on))), actor: "bureau-\(index % 2)") }
            if index % 50 == 0 { log.close(day(on)) }
        }
        log.add(.credit(code: shopCode, .granted(CreditGranted(merchant: shop, bank: "长兴农商银行", product: "放心贷", amountFen: 100_000_00, termMonths: 12, grantedOn: day("2025-02-01")))))
        return log
    }

    @Test(arguments: [1, 7, 100, 257])
    func batchedFoldsEqualOneFold(batch: Int) throws {
        let log = Self.mixedLog()
        try expectSame(TiersProjection.self, log, batch: batch)
        try expectSame(StatisticsProjection.self, log, batch: batch)
        try expectSame(CreditProjection.self, log, batch: batch)
        try expectSame(TrailProjection.self, log, batch: batch)
    }

    private func expectSame<P: Projection>(_ type: P.Type, _ log: EventLog, batch: Int) throws {
        var stored = SortedRows([])
        var projection = P()
        for (index, event) in log.events.enumerated() {
            try projection.apply(event)
            if (index + 1) % batch == 0 {
                stored = SortedRows(stored.rows + projection.takeChanges())
                // A restart: the next batch continues from the stored rows alone.
                projection = try P(rows: stored)
            }
        }
        stored = SortedRows(stored.rows + projection.takeChanges())
        #expect(stored.rows == log.rows(P.self).rows, "\(P.name) batched by \(batch)")
    }

    @Test func trailListsAnActorsPositionsInOrder() throws {
        let log = Self.mixedLog()
        let rows = log.rows(TrailProjection.self)
        let expected = log.events.filter { $0.actorID == "bureau-1" }.map(\.position)
        #expect(try TrailQueries.positions(rows, actor: "bureau-1") == expected)
        #expect(try TrailQueries.positions(rows, actor: "bureau-1", from: expected[10], through: expected[20]) == Array(expected[10...20]))
        #expect(try TrailQueries.actors(rows).contains("platform-2"))
    }
}
