import Application
import Commands
import Domain
import Foundation
import JSONText
import Ledger
import Projections
import PropertyBased
import Queries
import ReadModels
import Testing
import TestSupport
import Vault

/// Random sequences of commands, extreme values mixed in, go through the recorder that import and the service
/// share; then the read models must build, a rebuild must equal the incremental fold byte for byte, and every
/// query must answer, now and as of earlier positions. A failure reports its seed (`.fixedSeed(…)` replays it)
/// and shrinks to the fewest, simplest steps that still fail.
@Suite struct GenerativeTests {
    @Test func anySequenceOfCommandsFoldsAndEveryQueryAnswers() async {
        await propertyCheck(count: 60, input: CommandSequences.step.array(of: 1...80)) { steps in
            try await Self.check(steps)
        }
    }

    static func check(_ steps: [CommandSequences.Step]) async throws {
        let clock: @Sendable () -> Timestamp = { Timestamp(businessDay: CommandSequences.ledgerDay) }
        let scratch = try Scratch(clock: clock)
        let recorder = try await CommandRecorder.open(
            ledger: scratch.ledger, calendar: fixtureCalendar, deadlines: .standard, tiers: .standard, actor: Actor(id: "gen", role: "system"))
        let runner = try scratch.runner()
        var positions: [UInt64] = []
        var sequences: [Int: Int] = [:]
        for (index, step) in steps.enumerated() {
            var advanced = false
            if step.target == 5 {
                // Days pass too: the clock's ticks wake merchants in 预警库.
                let closing = CivilDate(CommandSequences.day(step, sequences[5, default: 0]))!
                _ = try? await ClockService(ledger: scratch.ledger).close(closing, actor: Actor(id: "gen", role: "system"))
            } else {
                var writer = JSONWriter()
                writer.write(JSONValue.object(CommandSequences.line(step, index: index, sequence: sequences[step.target, default: 0])))
                if let parsed = try? ParsedCommand(parsing: Data(writer.bytes), vault: recorder.vault) {
                    _ = try? await recorder.record(parsed)
                    // A command within the bounds moves its target's life on, decided or refused.
                    if parsed.day <= CommandSequences.ledgerDay { advanced = true }
                }
            }
            // The live models fold as the log grows, in batches of every size.
            if step.choice % 3 == 0 { try runner.catchUp() }
            positions.append(try scratch.ledger.head().position)
            if advanced || step.target == 5 { sequences[step.target, default: 0] += 1 }
        }
        try runner.catchUp()

        // A rebuild from the first event gives the live rows, byte for byte.
        let checks = try runner.check()
        #expect(checks.count == ProjectionRunner.projectionNames.count)
        for check in checks { #expect(check.matches, "\(check.projection): the rebuild differs from the incremental fold") }

        // Every question answers, now and as of earlier positions.
        let queries = ReadModelQueries(runner: runner, catchesUp: false)
        for asOf in [nil, positions.first.map(AsOf.position), positions.dropLast().last.map(AsOf.position)] {
            try ask(queries, asOf: asOf)
        }
    }

    static func ask(_ queries: ReadModelQueries, asOf: AsOf?) throws {
        for region in [nil, try RegionCode("330000"), try RegionCode("330522")] {
            _ = try queries.tierCounts(region: region, asOf: asOf)
            for tier in Tier.allCases { _ = try queries.tierList(tier, region: region, asOf: asOf) }
        }
        for code in CommandSequences.merchants {
            do { _ = try queries.merchant(code, asOf: asOf) } catch .noSuchMerchant {}
        }
        let ranges: [(CivilDate?, CivilDate?)] = [(nil, nil), (.earliest, .latest), (.earliest, .earliest), (.latest, .latest),
                                                  (CivilDate("2025-01-01"), CivilDate("2025-12-31"))]
        for grouping in StatisticsQuery.Grouping.allCases {
            for (from, to) in ranges {
                _ = try queries.statistics(StatisticsQuery(from: from, to: to, groupBy: grouping, top: grouping == .merchant ? 3 : nil), asOf: asOf)
            }
        }
        _ = try queries.statistics(StatisticsQuery(region: try RegionCode("330000"), category: .goods, channel: .hotline12315, merchant: CommandSequences.merchants[0]), asOf: asOf)
        _ = try queries.credit(asOf: asOf)
        _ = try queries.credit(merchant: CommandSequences.merchants[0], bank: "bank-a", asOf: asOf)
        _ = try queries.credit(alertsOnly: true, asOf: asOf)
        _ = try queries.setAside(asOf: asOf)
        _ = try queries.events(limit: 1_000, asOf: asOf)
        _ = try queries.trail(actor: "gen", limit: 1_000, asOf: asOf)
        for complaint in CommandSequences.complaints { _ = try queries.trail(stream: Complaint.stream(complaint), limit: 1_000, asOf: asOf) }
    }
}
