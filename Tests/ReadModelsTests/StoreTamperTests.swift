import Domain
import Foundation
import LMDB
import Ledger
@testable import Projections
@testable import ReadModels
import Testing
import TestSupport

/// `check` compares every stored byte of a model, history included, with what the log gives, and names what
/// differs by model, row and position.
@Suite struct StoreTamperTests {
    /// A scratch ledger with its read models built, and a way to change the store's bytes under them.
    private func built() async throws -> (Scratch, ProjectionRunner) {
        let scratch = try Scratch()
        try await scratch.admitted(first)
        try await scratch.complaints(3, about: first, on: "2025-03-03")
        try await scratch.admitted(second)
        try await scratch.complaints(2, about: second, on: "2025-04-01")
        let runner = try scratch.runner()
        runner.commitEvery = 3
        try runner.catchUp()
        return (scratch, runner)
    }

    /// The `index`th stored version of `model` (or its live row), changed by `change`; returns its key and
    /// position (nil for a live row).
    private func tamper(_ runner: ProjectionRunner, _ model: String, history: Bool, at index: Int,
                        _ change: (inout [UInt8], inout [UInt8]) -> Void) throws -> (key: [UInt8], position: UInt64?, value: [UInt8]) {
        let store = runner.store
        let entry = try #require(try store.entry(model))
        let database = try store.database(model, entry.generation, history: history)
        var found: ([UInt8], [UInt8])?
        try store.environment.withSnapshot { snapshot in
            var seen = 0
            try snapshot.forEach(in: database, from: nil) { key, value in
                if seen == index { found = (Array(key), Array(value)) }
                seen += 1
                return found == nil
            }
        }
        let (key, value) = try #require(found)
        var newKey = key, newValue = value
        change(&newKey, &newValue)
        try store.environment.write { transaction in
            try transaction.remove(forKey: key, in: database)
            try transaction.put(newValue, forKey: newKey, in: database)
        }
        guard history else { return (key, nil, value) }
        let (group, position) = try #require(VersionKey.split(key))
        return (try #require(VersionKey.key(of: group)), position, value)
    }

    @Test func anUntouchedStoreEqualsTheLog() async throws {
        let (scratch, runner) = try await built()
        defer { withExtendedLifetime(scratch) {} }
        let checks = try runner.check()
        #expect(checks.count == ProjectionRunner.projectionNames.count)
        #expect(checks.allSatisfy { $0.matches && $0.differences.isEmpty }, "\(checks)")
        let tiers = try #require(checks.first { $0.projection == "tiers" })
        #expect(tiers.versions > tiers.rows && tiers.rows > 0 && tiers.historyDigest?.count == 64)
        #expect(checks.first { $0.projection == "trail" }?.historyDigest == nil)
    }

    @Test func aChangedByteInAVersionIsNamedByRowAndPosition() async throws {
        let (scratch, runner) = try await built()
        defer { withExtendedLifetime(scratch) {} }
        let changed = try tamper(runner, "tiers", history: true, at: 0) { _, value in value[value.count - 1] ^= 1 }
        let check = try #require(try runner.check(["tiers"]).first)
        #expect(!check.matches)
        let subject = try TiersProjection.describe(Row(key: changed.key, value: changed.value)).subject
        #expect(check.differences.contains("history of \(subject) at position \(changed.position!): the store holds other bytes than the log gives"),
                "\(check.differences)")
        // The others are untouched and still equal the log.
        #expect(try runner.check(["stats", "supervision"]).allSatisfy(\.matches))
    }

    @Test func aChangedByteInAVersionsKeyIsAVersionMissing() async throws {
        let (scratch, runner) = try await built()
        defer { withExtendedLifetime(scratch) {} }
        // The last byte of the key is the position's lowest: the version moves to another position.
        let changed = try tamper(runner, "stats", history: true, at: 2) { key, _ in key[key.count - 1] ^= 0x40 }
        let check = try #require(try runner.check(["stats"]).first)
        let subject = try StatisticsProjection.describe(Row(key: changed.key, value: changed.value)).subject
        #expect(check.differences.contains("history of \(subject) at position \(changed.position!): missing from the store"), "\(check.differences)")
    }

    /// A row's latest version is its live row: a changed byte of its value is named as a version, by row and
    /// position; a changed byte of its position is that version missing, and one the log does not give.
    @Test func aChangedLiveRowIsNamedByRowAndPosition() async throws {
        let (scratch, runner) = try await built()
        defer { withExtendedLifetime(scratch) {} }
        let changed = try tamper(runner, "tiers", history: false, at: 0) { _, value in value[value.count - 1] ^= 0x10 }
        let (position, value) = try #require(LiveRow.split(changed.value))
        let subject = try TiersProjection.describe(Row(key: changed.key, value: Array(value))).subject
        let check = try #require(try runner.check(["tiers"]).first)
        #expect(check.differing == 1 && check.differences == ["history of \(subject) at position \(position): the store holds other bytes than the log gives"],
                "\(check.differences)")

        let moved = try tamper(runner, "supervision", history: false, at: 0) { _, value in value[7] ^= 0x40 }
        let was = try #require(LiveRow.split(moved.value))
        let clock = try SupervisionProjection.describe(Row(key: moved.key, value: Array(was.value))).subject
        let supervision = try #require(try runner.check(["supervision"]).first)
        #expect(supervision.differences.first == "history of \(clock) at position \(was.position): missing from the store", "\(supervision.differences)")
    }

    @Test func aVersionTheLogDoesNotGiveIsCounted() async throws {
        let (scratch, runner) = try await built()
        defer { withExtendedLifetime(scratch) {} }
        let store = runner.store
        let entry = try #require(try store.entry("supervision"))
        let history = try store.database("supervision", entry.generation, history: true)
        // A version of a row the log never wrote, at position 1.
        try store.environment.write { transaction in
            try transaction.put([1, 2, 3], forKey: VersionKey.version([1, 0x41, 0], at: 1), in: history)
        }
        let check = try #require(try runner.check(["supervision"]).first)
        #expect(!check.matches)
        #expect(check.differences.contains { $0.contains("missing, though its history has versions up to position 1") }, "\(check.differences)")
        #expect(check.differences.contains { $0.contains("keeps \(check.versions) versions where the log gives \(check.versions - 1)") }, "\(check.differences)")
    }

    @Test func onlyTheAlteredModelDiffers() async throws {
        let (scratch, runner) = try await built()
        defer { withExtendedLifetime(scratch) {} }
        _ = try tamper(runner, "stats", history: true, at: 0) { _, value in value.append(0) }
        #expect(try runner.check().filter { !$0.matches }.map(\.projection) == ["stats"])
    }

    /// A rebuild is swapped in only if it gives the live model's history too, not only its rows: an altered past
    /// version stops it, named; `--force` swaps it in and so repairs the store.
    @Test func aRebuildRefusesToSwapOverAnAlteredPast() async throws {
        let (scratch, runner) = try await built()
        defer { withExtendedLifetime(scratch) {} }
        let changed = try tamper(runner, "tiers", history: true, at: 0) { _, value in value[value.count - 1] ^= 1 }
        let subject = try TiersProjection.describe(Row(key: changed.key, value: changed.value)).subject
        #expect {
            try runner.rebuild(["tiers"])
        } throws: { error in
            guard case let .rebuildDiffers(projection, _, differing, first) = error as? ReadModelError else { return false }
            return projection == "tiers" && differing == 1 && first == ["history of \(subject) at position \(changed.position!): the live model holds other bytes"]
        }
        try runner.rebuild(["tiers"], force: true)
        #expect(try runner.check(["tiers"]).allSatisfy(\.matches))
    }
}
