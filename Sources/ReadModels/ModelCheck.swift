import Crypto
import LMDB
import Ledger
import Projections

/// A stored model checked against the log: every version its history keeps and every live row, compared byte
/// for byte with what a fold of the log from the first event writes (docs/READMODELS.md, "Checking a model").
public struct ModelCheck: Sendable, Encodable {
    public var projection: String
    public var version: Int
    /// The position the model stands at, which the fold was taken to.
    public var position: UInt64
    /// What the store holds: live rows, and versions in the history.
    public var rows: Int
    public var versions: Int
    /// SHA-256 of the model's canonical export (its rows as they stand; nil when a row cannot be read), and of
    /// its history (docs/READMODELS.md, "Digests"; nil for a model without one).
    public var digest: String?
    public var historyDigest: String?
    /// How many stored rows or versions differ from the log's, and the first of them, named.
    public var differing: Int
    public var differences: [String]

    public var matches: Bool { differing == 0 }

    private enum CodingKeys: String, CodingKey {
        case projection, version, position, rows, versions, digest, historyDigest, matches, differing, differences
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(projection, forKey: .projection)
        try container.encode(version, forKey: .version)
        try container.encode(position, forKey: .position)
        try container.encode(rows, forKey: .rows)
        try container.encode(versions, forKey: .versions)
        try container.encode(digest, forKey: .digest)
        try container.encode(historyDigest, forKey: .historyDigest)
        try container.encode(matches, forKey: .matches)
        try container.encode(differing, forKey: .differing)
        try container.encode(differences, forKey: .differences)
    }
}

/// Compares what a fold writes with what the store holds, one stretch of versions at a time, so that memory
/// holds a stretch and not the history.
struct HistoryComparison {
    let kind: ProjectionKind
    let limit: Int
    /// Versions the fold wrote: the store must hold as many.
    private(set) var written = 0
    private(set) var differing = 0
    private(set) var differences: [String] = []
    /// Of the versions the fold wrote, those the store lacks, and those it holds with other bytes.
    private(set) var missing = 0
    private(set) var changed = 0

    /// How many versions a rebuild would add, change or remove, given how many the store keeps: those the fold
    /// wrote that the store lacks or holds otherwise, and the store's beyond the ones it holds as the fold does.
    func versionsDiffering(stored: Int) -> Int {
        let same = written - missing - changed
        return missing + changed + max(0, stored - same - changed)
    }

    init(_ kind: ProjectionKind, limit: Int) {
        self.kind = kind
        self.limit = limit
    }

    mutating func note(_ difference: String) {
        differing += 1
        if differences.count < limit { differences.append(difference) }
    }

    /// Differences found elsewhere: `count` in all, the first of them named.
    mutating func note(_ named: [String], of count: Int) {
        differing += count
        differences += named.prefix(max(0, limit - differences.count))
    }

    /// The row in words ("standing 91330522MA2B3C4D57"), or its key's bytes where no code of this build reads it.
    func subject(_ key: [UInt8], _ value: [UInt8]) -> String {
        (try? kind.type.describe(Row(key: key, value: value)).subject) ?? "row \(hexadecimal(key))"
    }

    /// Looks up each version the fold wrote, where it wrote it.
    mutating func compare(_ versions: [(position: UInt64, row: Row)], with stored: StoredGeneration) throws {
        for (position, row) in versions {
            written += 1
            switch try stored.version(of: row.key, at: position) {
            case nil:
                missing += 1
                note("history of \(subject(row.key, row.value)) at position \(position): missing from the store")
            case let value? where value != row.value:
                changed += 1
                note("history of \(subject(row.key, row.value)) at position \(position): the store holds other bytes than the log gives")
            default:
                break
            }
        }
    }

    /// Walks every stored version once, in version-key order: every history key must be a version key, every live
    /// row must hold its position, and each row's last version must be its live row (a version the history keeps
    /// beside no live row, or at or after the live row's position, is named). Returns the history's digest.
    mutating func compareLive(_ stored: StoredGeneration, versions: Int) throws -> String {
        var hasher = SHA256()
        var held: (key: [UInt8], position: UInt64, value: [UInt8], isLive: Bool)?
        func endRow(_ held: (key: [UInt8], position: UInt64, value: [UInt8], isLive: Bool)) {
            if !held.isLive { note("live \(subject(held.key, held.value)): missing, though its history has versions up to position \(held.position)") }
        }
        try stored.forEachVersion { version in
            guard let (key, position) = version.version else {
                note(version.isLive ? "live: \(version.fault)" : "history: \(version.fault)")
                return true
            }
            version.value.withUnsafeBytes { Self.digest(&hasher, key, position, $0) }
            if let last = held {
                if last.key != key {
                    endRow(last)
                } else if last.isLive {
                    note("live \(subject(key, last.value)): not its last version (position \(last.position); its history holds position \(position))")
                }
            }
            held = (key, position, version.value, version.isLive)
            return true
        }
        if let held { endRow(held) }
        if versions != written {
            note("history: the store keeps \(versions) versions where the log gives \(written)")
        }
        return hexadecimal(Array(hasher.finalize()))
    }

    /// One version in the history digest: position (u64), key length (u32), key, value length (u32), value,
    /// integers big-endian (docs/READMODELS.md, "Digests").
    static func digest(_ hasher: inout SHA256, _ key: [UInt8], _ position: UInt64, _ value: UnsafeRawBufferPointer) {
        withUnsafeBytes(of: position.bigEndian) { hasher.update(bufferPointer: $0) }
        withUnsafeBytes(of: UInt32(key.count).bigEndian) { hasher.update(bufferPointer: $0) }
        hasher.update(data: key)
        withUnsafeBytes(of: UInt32(value.count).bigEndian) { hasher.update(bufferPointer: $0) }
        hasher.update(bufferPointer: value)
    }
}

extension HistoryComparison {
    /// Walks two models' versions side by side in key order: the live model's, and a rebuild's up to the live
    /// model's position (`through`), which must be the same versions with the same bytes. Notes each one that is
    /// only in one of them, or differs.
    mutating func compareHistories(live: inout VersionWalk, rebuilt: inout VersionWalk, through: UInt64) throws {
        func nextRebuilt() throws -> VersionWalk.Version? {
            while let found = try rebuilt.next() {
                if let (_, position) = found.version, position > through { continue }
                return found
            }
            return nil
        }
        func named(_ version: VersionWalk.Version) -> String {
            guard let (key, position) = version.version else { return version.fault }
            return "\(subject(key, version.value)) at position \(position)"
        }
        var old = try live.next()
        var new = try nextRebuilt()
        while old != nil || new != nil {
            if let a = old, let b = new, a.stored == b.stored {
                if a.value != b.value { note("history of \(named(b)): the live model holds other bytes") }
                old = try live.next()
                new = try nextRebuilt()
            } else if let a = old, new == nil || SortedRows.compare(a.stored, new!.stored) < 0 {
                note("history of \(named(a)): only in the live model")
                old = try live.next()
            } else if let b = new {
                note("history of \(named(b)): only in the rebuild")
                new = try nextRebuilt()
            }
        }
    }
}
