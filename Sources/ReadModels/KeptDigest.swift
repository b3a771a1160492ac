import Ledger
import LMDB
import Projections

/// A model's digests as they were computed at one position of one generation, kept in the store's catalog so
/// that asking for them costs a read, not a walk of the model (docs/READMODELS.md, "Digests").
public struct KeptDigest: Sendable, Equatable {
    public var generation: UInt32
    /// The position the model stood at when they were computed.
    public var position: UInt64
    /// SHA-256 of the canonical export; nil where a row could not be read.
    public var digest: String?
    /// SHA-256 of the history; nil for a model without one.
    public var historyDigest: String?

    // generation (u32), position (u64), which digests follow (u8: 1 export, 2 history), then each of those, 32 bytes.
    var encoded: [UInt8] {
        var bytes = RowKey(table: 0).adding(generation).adding(position).bytes.dropFirst().map { $0 }
        bytes.append((digest == nil ? 0 : 1) | (historyDigest == nil ? 0 : 2))
        for hex in [digest, historyDigest].compactMap({ $0 }) { bytes += Self.bytes(hex) }
        return bytes
    }

    init(generation: UInt32, position: UInt64, digest: String?, historyDigest: String?) {
        self.generation = generation
        self.position = position
        self.digest = digest
        self.historyDigest = historyDigest
    }

    init?(decoding bytes: [UInt8]) {
        guard bytes.count >= 13 else { return nil }
        var reader = RowKeyReader([0] + bytes)
        guard let generation = try? reader.uint32(), let position = try? reader.uint64() else { return nil }
        let flags = bytes[12], count = (flags & 1) + (flags >> 1 & 1)
        guard flags <= 3, bytes.count == 13 + 32 * Int(count) else { return nil }
        var offset = 13
        func next(_ present: Bool) -> String? {
            guard present else { return nil }
            defer { offset += 32 }
            return hexadecimal(bytes[offset..<(offset + 32)])
        }
        self.init(generation: generation, position: position, digest: next(flags & 1 != 0), historyDigest: next(flags & 2 != 0))
    }

    private static func bytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8).map { $0 <= 0x39 ? $0 - 0x30 : $0 - 0x57 }
        return stride(from: 0, to: digits.count - 1, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }
}

extension ReadModelStore {
    /// The digests kept for the live generation of `name`; nil when none were kept since it was built.
    public func keptDigest(_ name: String) throws(ReadModelError) -> KeptDigest? {
        guard let entry = try entry(name) else { return nil }
        let bytes = try mapping { try environment.read { try $0.value(forKey: Self.digestKey(name), in: catalog) } }
        guard let bytes, let kept = KeptDigest(decoding: bytes), kept.generation == entry.generation else { return nil }
        return kept
    }

    /// Keeps `digest` for `name`, over any kept before.
    func keep(_ digest: KeptDigest, for name: String) throws(ReadModelError) {
        try mapping { try environment.write { try $0.put(digest.encoded, forKey: Self.digestKey(name), in: catalog) } }
    }

    private static func digestKey(_ name: String) -> [UInt8] { Array("digest:\(name)".utf8) }
}
