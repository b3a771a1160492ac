import LMDB
public import Transparency

/// A record as stored and the hashes that prove it is in the tree of `size` records.
public struct InclusionProof: Hashable, Sendable {
    public var position: UInt64
    public var size: UInt64
    /// The record envelope: the leaf's data.
    public var record: [UInt8]
    /// RFC 9162 §2.1.3 order: the sibling nearest the leaf first.
    public var hashes: [TreeHash]

    public init(position: UInt64, size: UInt64, record: [UInt8], hashes: [TreeHash]) {
        self.position = position
        self.size = size
        self.record = record
        self.hashes = hashes
    }

    /// The root these hashes lead to from the record; nil when they do not fit the position and size.
    public var root: TreeHash? {
        guard position >= 1 else { return nil }
        return ProofVerification.root(fromInclusion: hashes, leaf: .leaf(record), index: position - 1, size: size)
    }
}

/// The hashes that prove the tree of `from` records is a prefix of the tree of `to` records.
public struct ConsistencyProof: Hashable, Sendable {
    public var from: UInt64
    public var to: UInt64
    public var hashes: [TreeHash]

    public init(from: UInt64, to: UInt64, hashes: [TreeHash]) {
        self.from = from
        self.to = to
        self.hashes = hashes
    }
}

/// The Merkle tree over the records (docs/PROOFS.md): its size, roots, proofs and tiles, read from the tiles.
///
/// Record at position p is leaf p − 1. Each call reads one snapshot; `size` nil means the whole tree of it.
extension Ledger {
    /// The number of records the tree covers, which is every record.
    public func treeSize() throws(LedgerError) -> UInt64 {
        try checkOpen()
        return try LedgerError.mapping { try store.environment.read { try LedgerStore.treeSize($0, store) } }
    }

    /// The root of the tree of the first `size` records, and that size.
    public func treeRoot(size: UInt64? = nil) throws(LedgerError) -> (size: UInt64, root: TreeHash) {
        try readTree { transaction, tiles in
            let size = try Self.checkedSize(size, treeSize: LedgerStore.treeSize(transaction, store))
            return (size, try MerkleTree.root(size: size) { try subtree($0, $1, tiles, transaction) })
        }
    }

    /// The record at `position` and its inclusion proof in the tree of `size` records.
    public func inclusionProof(position: UInt64, size: UInt64? = nil) throws(LedgerError) -> InclusionProof {
        try readTree { transaction, tiles in
            let size = try Self.checkedSize(size, treeSize: LedgerStore.treeSize(transaction, store))
            guard position >= 1, position <= size else {
                throw LedgerError.notInTree("position \(position) is not in the tree of \(size) records (positions 1…\(size))")
            }
            let record = try recordBytes(position, transaction) ?? []
            return InclusionProof(position: position, size: size, record: record,
                                  hashes: try MerkleTree.inclusionProof(index: position - 1, size: size) { try subtree($0, $1, tiles, transaction) })
        }
    }

    /// The consistency proof from the tree of `from` records to the tree of `to` records.
    public func consistencyProof(from: UInt64, to: UInt64? = nil) throws(LedgerError) -> ConsistencyProof {
        try readTree { transaction, tiles in
            let to = try Self.checkedSize(to, treeSize: LedgerStore.treeSize(transaction, store))
            guard from <= to else {
                throw LedgerError.notInTree("a consistency proof runs from a smaller tree to a larger one, not from \(from) records to \(to)")
            }
            return ConsistencyProof(from: from, to: to, hashes: try MerkleTree.consistencyProof(from: from, to: to) { try subtree($0, $1, tiles, transaction) })
        }
    }

    /// A tile as tlog-tiles serves it: the first `width` hashes of the stored tile (256: the full tile), or nil
    /// when the tree does not have that many yet.
    public func tile(_ address: TileAddress, width: Int) throws(LedgerError) -> [UInt8]? {
        try checkOpen()
        guard address.level <= TileAddress.levelMax, (1...TileAddress.fullWidth).contains(width) else { return nil }
        return try LedgerError.mapping {
            try store.environment.read { transaction -> [UInt8]? in
                guard let hashes = try LedgerStore.tile(address, transaction, store), hashes.count >= width else { return nil }
                return TreeHash.concatenated(hashes.prefix(width))
            }
        }
    }

    /// An entry bundle as tlog-tiles serves it: records 256 · index + 1 … 256 · index + width, each behind its
    /// length as a big-endian u16; nil when the log does not have them all. A record over 65,535 bytes (appended
    /// before that bound) cannot be carried: `.entryTooLarge` names it.
    public func entryBundle(index: UInt64, width: Int) throws(LedgerError) -> [UInt8]? {
        try checkOpen()
        guard (1...TileAddress.fullWidth).contains(width) else { return nil }
        let (first, overflow) = index.multipliedReportingOverflow(by: UInt64(TileAddress.fullWidth))
        guard !overflow, first <= UInt64.max - UInt64(width) else { return nil }
        return try LedgerError.mapping {
            try store.environment.read { transaction -> [UInt8]? in
                var bundle: [UInt8] = []
                for position in (first + 1)...(first + UInt64(width)) {
                    guard let record = try recordBytes(position, transaction) else { return nil }
                    guard record.count <= Int(UInt16.max) else { throw LedgerError.entryTooLarge(position: position, bytes: record.count) }
                    bundle.append(UInt8(record.count >> 8))
                    bundle.append(UInt8(record.count & 0xFF))
                    bundle.append(contentsOf: record)
                }
                return bundle
            }
        }
    }

    /// The record stored at `position`, byte for byte.
    public func recordBytes(at position: UInt64) throws(LedgerError) -> [UInt8]? {
        try checkOpen()
        return try LedgerError.mapping { try store.environment.read { try recordBytes(position, $0) } }
    }

    private func recordBytes(_ position: UInt64, _ transaction: borrowing ReadTransaction) throws -> [UInt8]? {
        var key = Key.position(position)
        return try withUnsafeBytes(of: &key) { key in try transaction.value(forKey: key, in: store.records) { Array($0) } }
    }

    private static func checkedSize(_ size: UInt64?, treeSize: UInt64) throws -> UInt64 {
        guard let size else { return treeSize }
        guard size <= treeSize else {
            throw LedgerError.notInTree("the tree has \(treeSize) records, not \(size)")
        }
        return size
    }

    /// Runs `body` on one snapshot, with a cache of the tiles read from it.
    private func readTree<R>(_ body: (borrowing ReadTransaction, TileCache) throws -> R) throws(LedgerError) -> R {
        try checkOpen()
        return try LedgerError.mapping {
            try store.environment.read { transaction in
                do {
                    return try body(transaction, TileCache())
                } catch let failure as TileHashes.Failure {
                    throw LedgerError.damaged(position: 0, problem: "a proof needs a tile the ledger lacks: \(failure); run `fangxin verify`")
                }
            }
        }
    }

    /// A complete subtree's hash from the snapshot's tiles, each tile read once.
    private func subtree(_ height: Int, _ index: UInt64, _ tiles: TileCache, _ transaction: borrowing ReadTransaction) throws -> TreeHash {
        try TileHashes.completeSubtree(height: height, index: index) { address in
            if let tile = tiles.tiles[address] { return tile }
            let tile = try LedgerStore.tile(address, transaction, store)
            tiles.tiles[address] = tile
            return tile
        }
    }
}

/// The tiles one proof has read: a proof reads the same tile for several subtrees.
private final class TileCache {
    var tiles: [TileAddress: [TreeHash]?] = [:]
}
