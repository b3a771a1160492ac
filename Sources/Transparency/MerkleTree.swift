/// The Merkle tree hash of any range and the proofs of RFC 9162 §2.1, computed from complete subtrees.
///
/// Leaves are numbered from 0: a tree of size n holds leaves 0 ..< n (the ledger's position p is leaf p − 1).
/// Each function takes `subtree(height, index)`, the hash of the complete subtree of 2^height leaves whose first
/// leaf is index · 2^height: from stored tiles (`TileHashes`), or from the leaves themselves in tests.
public enum MerkleTree {
    public typealias Subtree = (_ height: Int, _ index: UInt64) throws -> TreeHash

    /// MTH(D[start ..< start + count]), for a range that starts on a multiple of the largest power of two below
    /// `count` (every range the proofs ask for does).
    public static func hash(start: UInt64, count: UInt64, _ subtree: Subtree) rethrows -> TreeHash {
        if count == 0 { return .emptyTree }
        if count & (count - 1) == 0 {
            let height = count.trailingZeroBitCount
            return try subtree(height, start >> UInt64(height))
        }
        let split = largestPowerOfTwo(below: count)
        return TreeHash.node(try hash(start: start, count: split, subtree), try hash(start: start + split, count: count - split, subtree))
    }

    /// The root of the tree of the first `size` leaves.
    public static func root(size: UInt64, _ subtree: Subtree) rethrows -> TreeHash {
        try hash(start: 0, count: size, subtree)
    }

    /// The audit path of leaf `index` in the tree of `size` leaves (RFC 9162 §2.1.3.1), nearest the leaf first.
    public static func inclusionProof(index: UInt64, size: UInt64, _ subtree: Subtree) rethrows -> [TreeHash] {
        precondition(index < size)
        var proof: [TreeHash] = []
        try path(index, start: 0, count: size, into: &proof, subtree)
        return proof
    }

    /// The proof that the tree of `from` leaves is a prefix of the tree of `to` leaves (RFC 9162 §2.1.4.1);
    /// empty when `from` is 0 or equals `to`.
    public static func consistencyProof(from: UInt64, to: UInt64, _ subtree: Subtree) rethrows -> [TreeHash] {
        precondition(from <= to)
        var proof: [TreeHash] = []
        if from > 0 && from < to { try subproof(from, start: 0, count: to, complete: true, into: &proof, subtree) }
        return proof
    }

    private static func path(_ index: UInt64, start: UInt64, count: UInt64, into proof: inout [TreeHash], _ subtree: Subtree) rethrows {
        if count == 1 { return }
        let split = largestPowerOfTwo(below: count)
        if index < split {
            try path(index, start: start, count: split, into: &proof, subtree)
            proof.append(try hash(start: start + split, count: count - split, subtree))
        } else {
            try path(index - split, start: start + split, count: count - split, into: &proof, subtree)
            proof.append(try hash(start: start, count: split, subtree))
        }
    }

    private static func subproof(_ size: UInt64, start: UInt64, count: UInt64, complete: Bool,
                                 into proof: inout [TreeHash], _ subtree: Subtree) rethrows {
        if size == count {
            if !complete { proof.append(try hash(start: start, count: count, subtree)) }
            return
        }
        let split = largestPowerOfTwo(below: count)
        if size <= split {
            try subproof(size, start: start, count: split, complete: complete, into: &proof, subtree)
            proof.append(try hash(start: start + split, count: count - split, subtree))
        } else {
            try subproof(size - split, start: start + split, count: count - split, complete: false, into: &proof, subtree)
            proof.append(try hash(start: start, count: split, subtree))
        }
    }

    /// The largest power of two strictly below `count` (count ≥ 2).
    static func largestPowerOfTwo(below count: UInt64) -> UInt64 {
        UInt64(1) << UInt64(63 - (count - 1).leadingZeroBitCount)
    }
}

/// Complete subtrees' hashes from tiles: a subtree of height h is 2^(h mod 8) consecutive hashes of one tile
/// at level ⌊h / 8⌋, hashed together.
public enum TileHashes {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The tile is missing or narrower than the hashes it should hold.
        case missing(TileAddress, needed: Int, found: Int)

        public var description: String {
            switch self {
            case let .missing(address, needed, found):
                return "\(address) holds \(found) hashes, \(needed) were needed"
            }
        }
    }

    public static func completeSubtree(height: Int, index: UInt64, readTile: (TileAddress) throws -> [TreeHash]?) throws -> TreeHash {
        let level = height / TileAddress.height
        let span = 1 << (height % TileAddress.height)
        let first = index << UInt64(height % TileAddress.height)
        let address = TileAddress(level: level, index: first / UInt64(TileAddress.fullWidth))
        let offset = Int(first % UInt64(TileAddress.fullWidth))
        let tile = try readTile(address) ?? []
        guard tile.count >= offset + span else { throw Failure.missing(address, needed: offset + span, found: tile.count) }
        return span == 1 ? tile[offset] : TreeHash.root(ofComplete: tile[offset..<(offset + span)])
    }
}
