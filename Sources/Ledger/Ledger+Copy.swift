import LMDB
import Transparency

/// What a copy must prove once written: that the tree of its new size is a prefix of the source's tree of `size`
/// records with `root` (a checkpoint the source signed), by `proof`, the RFC 9162 consistency proof from the new
/// size to `size` (empty when they are equal).
public struct CopyCheck: Hashable, Sendable {
    public var size: UInt64
    public var root: TreeHash
    public var proof: [TreeHash]

    public init(size: UInt64, root: TreeHash, proof: [TreeHash]) {
        self.size = size
        self.root = root
        self.proof = proof
    }
}

extension Ledger {
    /// Appends records exactly as another ledger stored them, chain hashes and times included: how a replica
    /// copies its primary (docs/FORMAT.md, "Copies"). Returns the new head once they are on disk.
    ///
    /// Each record must follow this ledger's head as if its own writer had written it, and the tree with them
    /// must pass `check`; otherwise `.copyRefused` names the first record at fault (0: the tree) and nothing is
    /// written. `records` must end at a command's last record, so that no command straddles two copies.
    public func copy(_ records: [[UInt8]], check: CopyCheck) async throws(LedgerError) -> Head {
        try checkOpen()
        guard let writer else { throw .readOnly }
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Head, LedgerError>, Never>) in
            writer.submit(Writer.CopyJob(records: records, check: check) { continuation.resume(returning: $0) })
        }
        return try result.get()
    }

    /// The root of the tree of the first `size` records, from the tiles a transaction sees.
    static func treeRoot(size: UInt64, _ transaction: borrowing ReadTransaction, _ store: LedgerStore) throws -> TreeHash {
        try MerkleTree.root(size: size) { height, index in
            try TileHashes.completeSubtree(height: height, index: index) { try LedgerStore.tile($0, transaction, store) }
        }
    }
}
