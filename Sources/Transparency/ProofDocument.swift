public import Foundation

/// An inclusion proof as JSON (docs/PROOFS.md): `{"hashes":[…],"position":P,"record":"<base64>","size":N}`.
public struct InclusionProofDocument: Codable, Hashable, Sendable {
    public var position: UInt64
    public var size: UInt64
    /// Base64 of the record envelope, the leaf's data.
    public var record: String
    /// Base64 hashes, the sibling nearest the leaf first (RFC 9162 §2.1.3).
    public var hashes: [String]

    public init(position: UInt64, size: UInt64, record: [UInt8], hashes: [TreeHash]) {
        self.position = position
        self.size = size
        self.record = Data(record).base64EncodedString()
        self.hashes = hashes.map(\.base64)
    }

    /// The record's bytes and the proof's hashes; nil when either is not valid base64 of the right length.
    public var decoded: (record: [UInt8], hashes: [TreeHash])? {
        guard let record = Data(base64Encoded: record) else { return nil }
        let hashes = hashes.compactMap { TreeHash(base64: $0) }
        guard hashes.count == self.hashes.count else { return nil }
        return ([UInt8](record), hashes)
    }

    /// Whether this proves its record at its position in the tree of its size whose root is `root`.
    public func proves(root: TreeHash) -> Bool {
        guard position >= 1, let (record, hashes) = decoded else { return false }
        return ProofVerification.verifyInclusion(hashes, leaf: .leaf(record), index: position - 1, size: size, root: root)
    }
}

/// A consistency proof as JSON: `{"from":M,"hashes":[…],"to":N}`.
public struct ConsistencyProofDocument: Codable, Hashable, Sendable {
    public var from: UInt64
    public var to: UInt64
    public var hashes: [String]

    public init(from: UInt64, to: UInt64, hashes: [TreeHash]) {
        self.from = from
        self.to = to
        self.hashes = hashes.map(\.base64)
    }

    public func proves(fromRoot: TreeHash, toRoot: TreeHash) -> Bool {
        let decoded = hashes.compactMap { TreeHash(base64: $0) }
        return decoded.count == hashes.count
            && ProofVerification.verifyConsistency(decoded, from: from, to: to, fromRoot: fromRoot, toRoot: toRoot)
    }
}

extension JSONEncoder {
    /// Keys sorted and slashes left alone: the same proof always gives the same bytes.
    public static var proofs: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
