public import Ledger
public import Transparency

/// Why a checkpoint was not signed, or did not check out against a ledger.
public enum NotaryError: Error, Equatable, CustomStringConvertible {
    /// The ledger's tree disagrees with a checkpoint signed before: the log was altered or cut back.
    case inconsistent(size: UInt64, reason: String)
    case ledger(LedgerError)
    case note(NoteError)
    case storage(String)

    public var description: String {
        switch self {
        case let .inconsistent(size, reason): return "inconsistent with the checkpoint of size \(size): \(reason)"
        case .ledger(let error): return error.description
        case .note(let error): return error.description
        case .storage(let reason): return "checkpoint archive: \(reason)"
        }
    }

    /// Runs `body`, turning what the ledger, the notes and storage throw into `NotaryError`.
    static func mapping<R>(_ body: () throws -> R) throws(NotaryError) -> R {
        do {
            return try body()
        } catch let error as NotaryError {
            throw error
        } catch let error as LedgerError {
            throw .ledger(error)
        } catch let error as NoteError {
            throw .note(error)
        } catch {
            throw .storage("\(error)")
        }
    }
}

/// Signs checkpoints of one ledger's tree with the log's key, never one inconsistent with a checkpoint it
/// signed before (C2SP tlog-checkpoint requires it), and keeps each in the archive.
public struct CheckpointNotary: Sendable {
    public let ledger: Ledger
    public let signer: NoteSigner
    public let archive: CheckpointArchive

    /// The origin line of every checkpoint: the log key's name.
    public var origin: String { signer.name }

    public init(ledger: Ledger, signer: NoteSigner, archive: CheckpointArchive) {
        self.ledger = ledger
        self.signer = signer
        self.archive = archive
    }

    /// The signed checkpoint of the tree of `size` records (nil: every record). A size signed before gives the
    /// note kept then, with the cosignatures it gathered, when it is this key's.
    ///
    /// Consistency is a matter of roots, not of keys: the tree must still have the root of every checkpoint kept,
    /// whoever signed it. A size kept under another key or origin (the key was rotated) is signed afresh with this
    /// one, and the earlier note is kept beside it (`CheckpointArchive.superseded`), so that what was handed out
    /// under the old key still verifies.
    public func checkpoint(size: UInt64? = nil) throws(NotaryError) -> SignedNote {
        try NotaryError.mapping {
            let (size, root) = try ledger.treeRoot(size: size)
            var superseded: SignedNote?
            if let kept = try archive.note(size: size) {
                let checkpoint = try Checkpoint(text: kept.text)
                guard checkpoint.root == root else {
                    throw NotaryError.inconsistent(size: size, reason: "the tree of \(size) records now has root \(root.base64), the checkpoint signed then says \(checkpoint.root.base64); the log was altered at or before position \(size)")
                }
                if checkpoint.origin == origin, (try? signer.verifier.verify(kept)) != nil { return kept }
                superseded = kept
            }
            if let latest = try archive.latest() {
                let signed = try Checkpoint(text: latest.text)
                let treeSize = try ledger.treeSize()
                guard signed.size <= treeSize else {
                    throw NotaryError.inconsistent(size: signed.size, reason: "the log holds \(treeSize) records, fewer than the \(signed.size) signed before; records were removed")
                }
                let then = try ledger.treeRoot(size: signed.size).root
                guard then == signed.root else {
                    throw NotaryError.inconsistent(size: signed.size, reason: "the tree of \(signed.size) records now has root \(then.base64), the checkpoint signed then says \(signed.root.base64); the log was altered, or cut back and appended again, at or before position \(signed.size)")
                }
            }
            let text = Checkpoint(origin: origin, size: size, root: root).text
            let note = SignedNote(text: text, signatures: [try signer.sign(text)])
            if let superseded { try archive.supersede(superseded, size: size) }
            try archive.keep(note, size: size)
            return note
        }
    }

    /// How the latest checkpoint kept was signed, when not by this key: the origin and key ID it carries, for
    /// telling an operator that the key was rotated (or the origin changed) rather than that the log was altered.
    public func rotation() -> (origin: String, keyID: UInt32?)? {
        guard let latest = try? archive.latest(), let checkpoint = try? Checkpoint(text: latest.text) else { return nil }
        if checkpoint.origin == origin, (try? signer.verifier.verify(latest)) != nil { return nil }
        return (checkpoint.origin, latest.signatures.first { $0.name == checkpoint.origin }?.keyID)
    }
}
