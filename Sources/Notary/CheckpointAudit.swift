public import Ledger
public import Transparency

/// What `verify --checkpoint` found: the checkpoint's size, and the records the ledger holds beyond it.
public struct CheckpointAuditReport: Sendable, Equatable {
    public var checkpoint: Checkpoint
    public var treeSize: UInt64
    /// The witnesses whose cosignatures verified.
    public var witnesses: [String]
}

/// Checks a signed checkpoint against a ledger: the log's signature, enough known witnesses' cosignatures, and
/// that this ledger's tree at that size has that root — so that the ledger extends what was signed.
public enum CheckpointAudit {
    public static func check(_ note: SignedNote, log: NoteVerifier, witnesses: [NoteVerifier] = [], quorum: Int = 0,
                             against ledger: Ledger) throws(NotaryError) -> CheckpointAuditReport {
        let checkpoint: Checkpoint
        do {
            try log.verify(note)
            checkpoint = try Checkpoint(text: note.text)
        } catch {
            throw .note(error)
        }
        let cosigned = note.cosigners(among: witnesses, log: log)
        guard cosigned.count >= quorum else {
            throw .note(.notSigned(by: "\(quorum) distinct witnesses of the \(witnesses.count) keys given (\(cosigned.count) cosigned; a key counts once, and never the log's own)"))
        }
        return try NotaryError.mapping {
            let treeSize = try ledger.treeSize()
            guard checkpoint.size <= treeSize else {
                throw NotaryError.inconsistent(size: checkpoint.size, reason: "the ledger holds \(treeSize) records, fewer than the checkpoint's \(checkpoint.size); records were removed")
            }
            let root = try ledger.treeRoot(size: checkpoint.size).root
            guard root == checkpoint.root else {
                throw NotaryError.inconsistent(size: checkpoint.size, reason: "this ledger's tree of \(checkpoint.size) records has root \(root.base64), the checkpoint says \(checkpoint.root.base64); the log was altered, or cut back and appended again, at or before position \(checkpoint.size)")
            }
            // The tree now extends the checkpoint's: prove it as a witness would.
            let proof = try ledger.consistencyProof(from: checkpoint.size, to: treeSize)
            let now = try ledger.treeRoot(size: treeSize).root
            guard ProofVerification.verifyConsistency(proof.hashes, from: checkpoint.size, to: treeSize, fromRoot: checkpoint.root, toRoot: now) else {
                throw NotaryError.inconsistent(size: checkpoint.size, reason: "the tree of \(treeSize) records does not extend it")
            }
            return CheckpointAuditReport(checkpoint: checkpoint, treeSize: treeSize, witnesses: cosigned)
        }
    }
}
