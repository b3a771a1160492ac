import Domain
import Foundation
import Ledger
@testable import Projections
@testable import ReadModels
import LMDB
import Testing
import TestSupport

let first = try! UnifiedSocialCreditCode("91330522MA2B3C4D57")
let second = try! UnifiedSocialCreditCode("91330421MA28JJY015")

@Suite struct RunnerTests {
    /// Folding in many small commits, across runners that each start from what the last one stored, gives the
    /// same rows as one rebuild: `check` finds every digest equal.
    @Test func incrementalCatchUpEqualsRebuild() async throws {
        let scratch = try Scratch()
        try await scratch.admitted(first)
        try await scratch.complaints(2, about: first, on: "2025-03-03")
        let runner = try scratch.runner()
        runner.commitEvery = 3
        runner.rebuildStretch = 3
        let outcomes = try runner.catchUp()
        #expect(outcomes.allSatisfy { $0.rebuilt && $0.position == 6 })

        try await scratch.admitted(second)
        try await scratch.complaints(3, about: second, on: "2025-04-01")
        let restarted = try scratch.runner()
        restarted.commitEvery = 2
        let caughtUp = try restarted.catchUp()
        #expect(caughtUp.allSatisfy { !$0.rebuilt && $0.position == 14 && $0.events == 8 })

        let checks = try restarted.check()
        #expect(checks.count == 5)
        #expect(checks.allSatisfy { $0.matches && $0.position == 14 }, "\(checks)")
        let tiers = try restarted.store.read("tiers") { _, rows in try TierQueries.standing(rows, merchant: second.description)?.tier }
        #expect(tiers == .warning)
    }

    /// Digests are kept where they were computed: they stay at that position while the model moves on, are
    /// computed again only where stale, and a rebuild (a new generation) leaves none until they are computed.
    @Test func keptDigestsFollowTheirGeneration() async throws {
        let scratch = try Scratch()
        try await scratch.admitted(first)
        let runner = try scratch.runner()
        try runner.catchUp()
        #expect(try runner.store.keptDigest("tiers") == nil)
        let kept = try runner.keepDigests()
        let tiers = try #require(kept["tiers"])
        #expect(tiers.position == 2 && tiers.digest?.count == 64 && tiers.historyDigest?.count == 64 && kept["trail"]?.historyDigest == nil)
        #expect(try runner.store.keptDigest("tiers") == tiers)

        try await scratch.complaints(1, about: first, on: "2025-03-03")
        try runner.catchUp()
        #expect(try runner.store.keptDigest("tiers")?.position == 2)
        let again = try runner.keepDigests(onlyStale: true)
        #expect(again["tiers"]?.position == 4 && again["tiers"]?.digest != tiers.digest)
        let check = try #require(try runner.check(["tiers"]).first)
        #expect(check.digest == again["tiers"]?.digest && check.historyDigest == again["tiers"]?.historyDigest)

        try runner.rebuild(["tiers"])
        #expect(try runner.store.keptDigest("tiers") == nil)
        #expect(try runner.keepDigests(["tiers"])["tiers"]?.historyDigest == again["tiers"]?.historyDigest)
    }

    /// A rebuild decodes a batch on both cores and folds the projections side by side; folding the same log one
    /// event per commit, on one thread, stores the same bytes.
    @Test func aParallelPassEqualsFoldingOneEventAtATime() async throws {
        let scratch = try Scratch()
        try await scratch.admitted(first)
        try await scratch.admitted(second)
        let runner = try scratch.runner()
        try runner.catchUp()
        // Enough events for a batch to be decoded in more than one run (512 or more).
        try await scratch.complaints(150, about: first, on: "2025-03-03")
        try await scratch.complaints(150, about: second, on: "2025-05-20")
        runner.commitEvery = 1
        let outcomes = try runner.catchUp()
        #expect(outcomes.allSatisfy { !$0.rebuilt && $0.position == 604 }, "\(outcomes)")
        let checks = try runner.check()
        #expect(checks.allSatisfy { $0.matches && $0.position == 604 }, "\(checks)")
    }

    /// Another runner (another process) moving a model on is noticed: the first reloads instead of writing over it.
    @Test func aRunnerNoticesAnotherMovedTheModelOn() async throws {
        let scratch = try Scratch()
        try await scratch.admitted(first)
        let one = try scratch.runner(), two = try scratch.runner()
        try one.catchUp()
        try await scratch.complaints(3, about: first, on: "2025-03-03")
        try two.catchUp()
        try await scratch.complaints(1, about: first, on: "2025-03-04")
        try one.catchUp()
        #expect(try one.check().allSatisfy(\.matches))
        let (standing, history) = try one.store.read("tiers") { _, rows in
            (try TierQueries.standing(rows, merchant: first.description), try TierQueries.history(rows, merchant: first.description))
        }
        // It entered 预警库 for the three complaints that crossed the threshold, as its history keeps; its standing
        // cites the four that hold it there now.
        #expect(standing?.tier == .warning && standing?.causes.count == 4)
        #expect(history.last?.to == .warning && history.last?.causes.count == 3)
    }

    /// A model stored by code of another version is rebuilt, alone.
    @Test func aChangedVersionRebuildsThatProjectionOnly() async throws {
        let scratch = try Scratch()
        try await scratch.admitted(first)
        let runner = try scratch.runner()
        try runner.catchUp()
        _ = try runner.store.install(try runner.store.beginRebuild("stats"), version: StatisticsProjection.version + 1, checkpoint: 2)
        try await scratch.complaints(1, about: first, on: "2025-03-03")
        let outcomes = try scratch.runner().catchUp()
        #expect(outcomes.filter(\.rebuilt).map(\.projection) == ["stats"])
        #expect(try runner.store.entry("stats")?.version == StatisticsProjection.version)
        #expect(try scratch.runner().check().allSatisfy(\.matches))
    }

    /// A reader that began before a rebuild keeps its snapshot; the next reader sees the new generation.
    @Test func rebuildSwapsAtomically() async throws {
        let scratch = try Scratch()
        try await scratch.admitted(first)
        let runner = try scratch.runner()
        try runner.catchUp()
        try await scratch.complaints(3, about: first, on: "2025-03-03")
        let before = try runner.store.entry("tiers")!
        let seen = try runner.store.read("tiers") { entry, rows in
            _ = try runner.rebuild(["tiers"])
            return (entry, try TierQueries.standing(rows, merchant: first.description)?.tier)
        }
        #expect(seen.0 == before && seen.1 == .cultivation)
        let after = try runner.store.entry("tiers")!
        #expect(after.generation == before.generation + 1 && after.checkpoint == 8)
        #expect(try runner.store.read("tiers") { _, rows in try TierQueries.standing(rows, merchant: first.description)?.tier } == .warning)
    }

    /// As of a past position, a model shows exactly what the live model showed when it stood there.
    @Test func asOfAPastPositionReproducesWhatWasShown() async throws {
        let scratch = try Scratch()
        try await scratch.admitted(first)
        try await scratch.complaints(2, about: first, on: "2025-03-03")
        let runner = try scratch.runner()
        try runner.catchUp()
        let then = try runner.store.read("stats") { entry, rows in (entry!.checkpoint, try ProjectionRunner.digest("stats", rows).digest) }
        try await scratch.complaints(2, about: first, on: "2025-03-04")
        try runner.catchUp()
        let kept = try runner.read(["stats"], asOf: then.0) { rows, position in (position, try ProjectionRunner.digest("stats", rows["stats"]!).digest) }
        #expect(kept.0 == then.0 && kept.1 == then.1)
        let replayed = try runner.foldedRows(asOf: then.0, ["stats"])["stats"]!
        #expect(try ProjectionRunner.digest("stats", replayed).digest == then.1)
        #expect(throws: ReadModelError.self) { _ = try runner.foldedRows(asOf: 99, ["stats"]) }
        #expect(throws: ReadModelError.self) { _ = try runner.read(["stats"], asOf: 99) { _, _ in 0 } }
    }

    /// A dry run compares the live rows with a fold aside and names, field by field, what a rebuild would change;
    /// it changes nothing.
    @Test func aDryRunNamesEachRowARebuildWouldChange() async throws {
        let scratch = try Scratch()
        try await scratch.admitted(first)
        try await scratch.complaints(3, about: first, on: "2025-03-03")
        let runner = try scratch.runner()
        try runner.catchUp()
        #expect(try runner.diff().allSatisfy { $0.differing == 0 })

        // A damaged live row: the standing says 星级库 where the log says 预警库.
        let entry = try #require(try runner.store.entry("tiers"))
        let key = RowKey(table: 1).adding(first.description).bytes
        var standing = try #require(try runner.store.read("tiers") { _, rows in try TierQueries.standing(rows, merchant: first.description) })
        standing.tier = .starRated
        // Written over the stored row, which keeps the position that wrote it (`LiveRow`).
        let live = try runner.store.database("tiers", entry.generation)
        try runner.store.environment.write { transaction in
            let stored = try #require(try transaction.reading { try $0.value(forKey: key, in: live) })
            try transaction.put(LiveRow.stamped(encode(standing), at: try #require(LiveRow.split(stored)).position), forKey: key, in: live)
        }

        let diffs = try runner.diff(["tiers"])
        let difference = try #require(diffs.first?.differences.first)
        #expect(diffs.first?.differing == 1 && difference.kind == .changed && difference.row == "standing \(first)")
        #expect(difference.fields.map(\.field) == ["tier"] && difference.fields.first?.live == "star-rated" && difference.fields.first?.rebuilt == "warning")
        #expect(try runner.check(["tiers"]).first?.matches == false)
        // Nothing was changed by looking.
        #expect(try runner.store.entry("tiers") == entry)
        #expect(try runner.store.read("tiers") { _, rows in try TierQueries.standing(rows, merchant: first.description)?.tier } == .starRated)

        // A rebuild by the same code gives other rows than the live model claims: it is not swapped in. The live
        // row is also the row's latest version, so its history differs too.
        let refused = #expect(throws: ReadModelError.self) { _ = try runner.rebuild(["tiers"]) }
        let tiers = try runner.store.database("tiers", entry.generation)
        let stored = try #require(try runner.store.environment.read { try $0.value(forKey: key, in: tiers) })
        let stamp = try #require(LiveRow.split(stored)).position
        #expect(refused == .rebuildDiffers(projection: "tiers", position: entry.checkpoint, differing: 2,
                                           first: ["changed standing \(first) (tier star-rated → warning)",
                                                   "history of standing \(first) at position \(stamp): the live model holds other bytes"]),
                "\(String(describing: refused))")
        #expect(refused?.description.contains("--force") == true)
        #expect(try runner.store.entry("tiers") == entry)
        // Forced, it replaces the damaged model.
        _ = try runner.rebuild(["tiers"], force: true)
        #expect(try runner.store.read("tiers") { _, rows in try TierQueries.standing(rows, merchant: first.description)?.tier } == .warning)
        #expect(try runner.check(["tiers"]).first?.matches == true)
    }

    private func encode(_ standing: MerchantStanding) -> [UInt8] { standing.encoded() }

    /// Recorded times map to positions: the last event recorded at or before the time.
    @Test func recordedTimeFindsItsPosition() async throws {
        let tick = Tick()
        let scratch = try Scratch(clock: { tick.next() })
        for _ in 0..<5 { try await scratch.admitted(first) }
        // Each commit read the clock once: 1_000, 2_000, …
        #expect(try scratch.ledger.position(recordedAtOrBefore: Timestamp(rawValue: 999)) == 0)
        #expect(try scratch.ledger.position(recordedAtOrBefore: Timestamp(rawValue: 3_000)) == 3)
        #expect(try scratch.ledger.position(recordedAtOrBefore: Timestamp(rawValue: 3_500)) == 3)
        #expect(try scratch.ledger.position(recordedAtOrBefore: Timestamp(rawValue: 99_000)) == 10)
    }

    /// Following the log folds each append of this process as it commits.
    @Test func followFoldsNewAppends() async throws {
        let scratch = try Scratch()
        let runner = try scratch.runner()
        let task = Task { try await runner.follow() }
        try await scratch.admitted(first)
        var reached: UInt64 = 0
        for _ in 0..<200 where reached < 2 {
            try await Task.sleep(for: .milliseconds(10))
            reached = try runner.store.entry("tiers")?.checkpoint ?? 0
        }
        task.cancel()
        #expect(reached == 2)
    }
}

/// A clock that ticks 1 ms per reading.
final class Tick: @unchecked Sendable {
    private let lock = NSLock()
    private var now: Int64 = 0
    func next() -> Timestamp { lock.withLock { now += 1_000; return Timestamp(rawValue: now) } }
}
