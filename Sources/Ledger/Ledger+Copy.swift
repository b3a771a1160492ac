import LMDB
public import Transparency

/// What a copy must prove once written: that the tree of its new size is a prefix of the source's tree of `size`
/// records with `root` (a checkpoint the source signed), by `proof`, the RFC 9162 consistency proof from the new
/// size to `size` (empty when they are equal).
public struct CopyCheck: Hashable, Sendable {
    public var size: UInt64
    public var root: TreeHash
    public var proof: [TreeHash]
    /// False for `recordsOnly`.
    public private(set) var checksTree = true

    public init(size: UInt64, root: TreeHash, proof: [TreeHash]) {
        self.size = size
        self.root = root
        self.proof = proof
    }

    /// Every rule of a record, and no tree yet: a standby's live copy (docs/REPLICAS.md), whose caller checks the
    /// tree against the next checkpoint it verifies.
    public static let recordsOnly: CopyCheck = {
        var check = CopyCheck(size: 0, root: .emptyTree, proof: [])
        check.checksTree = false
        return check
    }()
}

extension Ledger {
    /// Appends records exactly as another ledger stored them, chain hashes and times included: how a replica
    /// copies its primary (docs/FORMAT.md, "Copies"). Returns the new head once they are on disk.
    ///
    /// Each record must follow this ledger's head as if its own writer had written it, and the tree with them
    /// must pass `check`; otherwise `.copyRefused` names the first record at fault (0: the tree) and nothing is
    /// written. `records` must end at a command's last record, so that no command straddles two copies.
    /// `CopyCheck.recordsOnly` holds them to every rule of a record, and leaves the tree to the caller.
    public func copy(_ records: [[UInt8]], check: CopyCheck) async throws(LedgerError) -> Head {
        try checkOpen()
        guard let writer else { throw .readOnly }
        return try await Self.submit(records, check: check, to: writer).get()
    }

    /// Hands the copy to the writer and waits for it, in a function that neither throws nor captures: a
    /// continuation in the throwing function itself aborted with "freed pointer was not the last allocation" under
    /// Swift 6.3.1 (as in swiftlang/swift#87481), as `append`'s continuation, kept apart likewise, never did.
    private static func submit(_ records: [[UInt8]], check: CopyCheck, to writer: Writer) async -> Result<Head, LedgerError> {
        await withCheckedContinuation { continuation in
            writer.submit(Writer.CopyJob(records: records, check: check) { continuation.resume(returning: $0) })
        }
    }

    /// The root of the tree of the first `size` records, from the tiles a transaction sees.
    static func treeRoot(size: UInt64, _ transaction: borrowing ReadTransaction, _ store: LedgerStore) throws -> TreeHash {
        try MerkleTree.root(size: size) { height, index in
            try TileHashes.completeSubtree(height: height, index: index) { try LedgerStore.tile($0, transaction, store) }
        }
    }
}
