import Foundation
import Projections
@testable import ReadModels
import Testing

/// A rebuild's sorted runs (docs/READMODELS.md, "Rebuilding"): whatever stretches a fold hands over, merged they
/// are every stored key once, in LMDB's order, with the value written last, which is what writing the stretches
/// one after another into LMDB would have left.
@Suite struct SortedRunsTests {
    private static func directory() throws -> String {
        let path = NSTemporaryDirectory() + "sorted-runs-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private static func merged(_ runs: SortedRuns) throws -> [(key: [UInt8], value: [UInt8])] {
        var merge = try runs.merged()
        var entries: [(key: [UInt8], value: [UInt8])] = []
        while let (key, value) = try merge.next() { entries.append((Array(key), Array(value))) }
        return entries
    }

    /// Rows of few distinct keys, so that most are written again in later stretches, and some values larger
    /// than a cursor's buffer; more stretches than one merge reads at once, so that runs are first merged into fewer.
    @Test(arguments: [1, 7, 150])
    func mergedRowsAreTheLastValueOfEachKeyInKeyOrder(stretches: Int) throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var generator = SystemRandomNumberGenerator()
        let runs = try SortedRuns(directory: directory, keepsVersions: false)
        var buffer = RunEntries()   // one for every run, as a rebuild keeps it
        var expected: [[UInt8]: [UInt8]] = [:]
        for _ in 0..<stretches {
            var changes = FoldChanges()
            for _ in 0..<Int.random(in: 0...40, using: &generator) {
                let key = (0..<Int.random(in: 1...4, using: &generator)).map { _ in UInt8.random(in: 0...3, using: &generator) }
                let large = Int.random(in: 0..<200, using: &generator) == 0
                let value = (0..<(large ? 300_000 : Int.random(in: 0...20, using: &generator))).map { _ in UInt8.random(in: 0...255, using: &generator) }
                changes.rows.append(Row(key: key, value: value))
                expected[key] = value
            }
            try runs.add(changes, through: &buffer)
        }
        let entries = try Self.merged(runs)
        let keys = expected.keys.sorted { SortedRows.compare($0, $1) < 0 }
        #expect(entries.map(\.key) == keys)
        #expect(entries.map(\.value) == keys.map { expected[$0]! })
    }

    /// Versions are stored under version keys, escaped and in order of row then position, one per row and position.
    @Test(arguments: [1, 100])
    func mergedVersionsAreEveryVersionUnderItsVersionKey(stretches: Int) throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var generator = SystemRandomNumberGenerator()
        let runs = try SortedRuns(directory: directory, keepsVersions: true)
        var buffer = RunEntries()   // one for every run, as a rebuild keeps it
        var expected: [[UInt8]: [UInt8]] = [:]
        var position: UInt64 = 0
        for _ in 0..<stretches {
            var changes = FoldChanges()
            for _ in 0..<Int.random(in: 0...30, using: &generator) {
                position += UInt64.random(in: 1...3, using: &generator)
                // Keys with zero bytes, which the version key escapes, and rows written by several events.
                for _ in 0..<Int.random(in: 1...3, using: &generator) {
                    let key = (0..<Int.random(in: 1...3, using: &generator)).map { _ in [0, 1, 0xFF].randomElement(using: &generator)! } as [UInt8]
                    let value = [UInt8(truncatingIfNeeded: position), UInt8.random(in: 0...255, using: &generator)]
                    changes.versions.append((position, Row(key: key, value: value)))
                    expected[VersionKey.version(key, at: position)] = value
                }
            }
            changes.rows = changes.versions.map(\.row)
            try runs.add(changes, through: &buffer)
        }
        let entries = try Self.merged(runs)
        let keys = expected.keys.sorted { SortedRows.compare($0, $1) < 0 }
        #expect(entries.map(\.key) == keys)
        #expect(entries.map(\.value) == keys.map { expected[$0]! })

        // Cut into chunks far smaller than a row's versions, the generation is the same versions: each row's last
        // as its live row, stamped with its position, and the others in the history.
        var chunks = try runs.chunks(bytes: 64)
        var versions: [[UInt8]] = [], rows: [Row] = []
        while let chunk = try chunks.next() {
            chunk.versions.forEach { key, _ in versions.append(Array(key)) }
            chunk.rows.forEach { key, value in rows.append(Row(key: Array(key), value: Array(value))) }
        }
        var live: [[UInt8]: (position: UInt64, value: [UInt8])] = [:]
        var superseded: [[UInt8]] = []
        for key in keys {
            let (group, position) = VersionKey.split(key)!
            let row = VersionKey.key(of: group)!
            if let earlier = live[row] { superseded.append(VersionKey.version(row, at: earlier.position)) }
            live[row] = (position, expected[key]!)
        }
        #expect(versions == superseded)
        #expect(rows.map(\.key) == live.keys.sorted { SortedRows.compare($0, $1) < 0 })
        #expect(rows.allSatisfy { LiveRow.stamped(live[$0.key]!.value, at: live[$0.key]!.position) == $0.value })
        #expect(versions.count + rows.count == keys.count)
    }

    @Test func aRowKeyTooLongToVersionIsRefusedAndNamed() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let runs = try SortedRuns(directory: directory, keepsVersions: true)
        var buffer = RunEntries()   // one for every run, as a rebuild keeps it
        var changes = FoldChanges()
        changes.versions = [(1, Row(key: Array(repeating: 7, count: 600), value: [1]))]
        #expect(throws: ReadModelError.storeUnavailable(directory: directory, reason: "a row key of 600 bytes is too long to keep its history")) {
            try runs.add(changes, through: &buffer)
        }
    }

    @Test func theRunsLeaveNoFileBehind() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let runs = try SortedRuns(directory: directory, keepsVersions: false)
        var buffer = RunEntries()   // one for every run, as a rebuild keeps it
        try runs.add(FoldChanges(rows: [Row(key: [1], value: [2])]), through: &buffer)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
        #expect(try Self.merged(runs).map(\.key) == [[1]])
    }
}
