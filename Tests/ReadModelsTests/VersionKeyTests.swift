import Projections
@testable import ReadModels
import Testing

/// Version keys (docs/READMODELS.md, "History"): built in place as a rebuild builds them, they are the bytes the
/// documented rule gives, sort as their rows and positions do, and split back into both.
@Suite struct VersionKeyTests {
    private static let keys: [[UInt8]] = [[], [0], [0, 0], [1], [1, 0], [1, 0, 2], [1, 0xFF], [2, 0, 0, 3], [0xFF, 0], Array(repeating: 0, count: 40)]

    @Test func builtInPlaceTheyAreTheDocumentedBytes() {
        for key in Self.keys {
            for position in [0, 1, 255, 256, 1 << 40, .max] as [UInt64] {
                var bytes: [UInt8] = [9, 9]
                VersionKey.appendVersion(of: key, at: position, to: &bytes)
                // escape(key): each 00 becomes 00 FF; then 00 00; then the position, big-endian.
                let escaped = key.flatMap { $0 == 0 ? [0, 0xFF] : [$0] }
                let expected: [UInt8] = [9, 9] + escaped + [0, 0] + (0..<8).map { UInt8(truncatingIfNeeded: position >> (56 - 8 * UInt64($0))) }
                #expect(bytes == expected)
                #expect(Array(bytes.dropFirst(2)) == VersionKey.version(key, at: position))
                let split = VersionKey.split(Array(bytes.dropFirst(2)))
                #expect(split?.position == position && split.flatMap { VersionKey.key(of: $0.group) } == key)
            }
        }
    }

    @Test func theyKeepTheOrderOfRowsThenPositions() {
        let versions = Self.keys.flatMap { key in [0, 7, 1 << 33].map { (key, UInt64($0)) } }
        let sorted = versions.sorted { a, b in
            let order = SortedRows.compare(a.0, b.0)
            return order != 0 ? order < 0 : a.1 < b.1
        }
        let byVersionKey = versions.sorted { SortedRows.compare(VersionKey.version($0.0, at: $0.1), VersionKey.version($1.0, at: $1.1)) < 0 }
        #expect(byVersionKey.map { VersionKey.version($0.0, at: $0.1) } == sorted.map { VersionKey.version($0.0, at: $0.1) })
    }
}

/// The kept digests' catalog entry (docs/FORMAT.md): what it writes reads back, and bytes it did not write (a damaged
/// or altered catalog) read as no digest kept, never as a wrong one or a trap.
@Suite struct KeptDigestEntryTests {
    @Test func itReadsBackWhatItWrote() {
        let hex = String(repeating: "0f", count: 32), other = String(repeating: "a1", count: 32)
        for kept in [KeptDigest(generation: 0, position: 0, digest: nil, historyDigest: nil),
                     KeptDigest(generation: .max, position: .max, digest: hex, historyDigest: nil),
                     KeptDigest(generation: 7, position: 9_416_653, digest: hex, historyDigest: other),
                     KeptDigest(generation: 1, position: 1, digest: nil, historyDigest: other)] {
            #expect(KeptDigest(decoding: kept.encoded) == kept)
        }
    }

    @Test func bytesItDidNotWriteAreNoDigest() {
        let written = KeptDigest(generation: 3, position: 40, digest: String(repeating: "0f", count: 32), historyDigest: nil).encoded
        var badFlags = written
        badFlags[12] = 7
        for bytes in [[], Array(written.prefix(12)), Array(written.dropLast()), written + [0], badFlags,
                      [UInt8](repeating: 0xFF, count: 4 << 20)] {
            #expect(KeptDigest(decoding: bytes) == nil)
        }
    }
}
