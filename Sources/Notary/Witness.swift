import Crypto
public import Foundation
import Synchronization
public import Transparency

/// What a witness answers to an add-checkpoint request, as C2SP tlog-witness says.
public struct WitnessAnswer: Sendable, Equatable {
    /// 200 cosigned; 400 malformed; 403 not signed by a trusted key; 404 unknown origin; 409 the old size is
    /// not the one the witness holds; 422 the checkpoint does not extend what it holds.
    public var status: Int
    public var body: String
    public var contentType: String

    static func text(_ status: Int, _ body: String) -> WitnessAnswer {
        WitnessAnswer(status: status, body: body.hasSuffix("\n") ? body : body + "\n", contentType: "text/plain; charset=utf-8")
    }
}

/// A witness (a provincial bureau, a court, an auditor's office): it holds its own key and, for each log it
/// watches, the last checkpoint it cosigned, and cosigns a newer one only if a consistency proof shows that
/// it extends that one (C2SP tlog-witness, tlog-cosignature/v1).
///
/// Its state lives in a directory: `<sha256 of origin, hex>.checkpoint` holds the last cosigned checkpoint of
/// each log, replaced atomically (written aside, synced, renamed); `evidence/` keeps every refused checkpoint
/// that the log did sign, next to the one the witness held, as proof of the log's misbehaviour.
public final class Witness: Sendable {
    public let signer: NoteSigner
    public let logs: [String: NoteVerifier]
    public let directory: String
    private let clock: @Sendable () -> UInt64
    /// The check of the old size and the update of the state are one step (the protocol's race): under this
    /// mutex within the process, and `DIR/witness.lock` across processes sharing the folder.
    private let turn = Mutex(())

    public init(signer: NoteSigner, logs: [NoteVerifier], directory: String,
                clock: @escaping @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970) }) throws {
        guard signer.verifier.kind == .cosignature else {
            throw NoteError.badKey("a witness cosigns with a witness's key (`fangxin keys generate --witness`)")
        }
        self.signer = signer
        self.logs = Dictionary(logs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.directory = directory
        self.clock = clock
        try FileManager.default.createDirectory(atPath: directory + "/evidence", withIntermediateDirectories: true)
    }

    /// The last checkpoint cosigned for `origin`, if any.
    public func latest(origin: String) throws -> SignedNote? {
        guard let data = FileManager.default.contents(atPath: path(origin)) else { return nil }
        return try SignedNote(parsing: String(decoding: data, as: UTF8.self))
    }

    /// Handles one add-checkpoint body.
    public func addCheckpoint(_ body: String) -> WitnessAnswer {
        let request: AddCheckpointRequest
        let checkpoint: Checkpoint
        do {
            request = try AddCheckpointRequest(body: body)
            checkpoint = try Checkpoint(text: request.note.text)
        } catch {
            return .text(400, "\(error)")
        }
        guard let log = logs[checkpoint.origin] else { return .text(404, "this witness does not watch the log \(checkpoint.origin)") }
        do {
            try log.verify(request.note)
        } catch {
            return .text(403, "\(error)")
        }
        guard request.oldSize <= checkpoint.size else {
            return .text(400, "old size \(request.oldSize) is larger than the checkpoint's \(checkpoint.size)")
        }
        return turn.withLock { _ in
            do {
                return try DirectoryLock.exclusively(directory + "/witness.lock") { () throws -> WitnessAnswer in
                    try cosign(request, checkpoint)
                }
            } catch {
                return .text(500, "the witness could not keep its state: \(error)")
            }
        }
    }

    /// Checks `request` against the checkpoint held and cosigns it; the caller holds the turn.
    private func cosign(_ request: AddCheckpointRequest, _ checkpoint: Checkpoint) throws -> WitnessAnswer {
        let held = try latest(origin: checkpoint.origin).map { try Checkpoint(text: $0.text) }
        let heldSize = held?.size ?? 0
        guard request.oldSize == heldSize else {
            return WitnessAnswer(status: 409, body: "\(heldSize)\n", contentType: "text/x.tlog.size")
        }
        if checkpoint.size == 0 && checkpoint.root != .emptyTree {
            return .text(422, "a checkpoint of size 0 has the empty tree's root")
        }
        let consistent: Bool
        if let held {
            consistent = ProofVerification.verifyConsistency(request.proof, from: held.size, to: checkpoint.size, fromRoot: held.root, toRoot: checkpoint.root)
        } else {
            consistent = request.proof.isEmpty
        }
        guard consistent else {
            try keepEvidence(request.note, held: try latest(origin: checkpoint.origin))
            return .text(422, "the checkpoint of \(checkpoint.size) records does not extend the one of \(heldSize) this witness cosigned; both are kept as evidence")
        }
        let cosignature = try signer.sign(request.note.text, time: clock())
        var stored = request.note
        stored.signatures.removeAll { $0.name == signer.name && $0.keyID == signer.verifier.keyID }
        stored.signatures.append(cosignature)
        try replace(path(checkpoint.origin), with: stored.serialized)
        return WitnessAnswer(status: 200, body: cosignature.line, contentType: "text/plain; charset=utf-8")
    }

    private func path(_ origin: String) -> String {
        directory + "/" + Self.originHash(origin) + ".checkpoint"
    }

    /// Lowercase hex SHA-256 of an origin: how tlog-witness names a log in paths.
    public static func originHash(_ origin: String) -> String { sha256Hex(Array(origin.utf8)) }

    private func keepEvidence(_ refused: SignedNote, held: SignedNote?) throws {
        let name = "\(directory)/evidence/\(clock())-\(UUID().uuidString.prefix(8)).txt"
        let text = "# refused: not consistent with the checkpoint held\n" + refused.serialized
            + "\n# held\n" + (held?.serialized ?? "(none)\n")
        try replace(name, with: text)
    }

    /// Writes aside, syncs, renames over, syncs the directory: the old state or the new one, never half.
    private func replace(_ path: String, with text: String) throws {
        let aside = path + ".new"
        let descriptor = open(aside, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw NoteError.malformed("cannot write \(aside): \(String(cString: strerror(errno)))") }
        let bytes = Array(text.utf8)
        let written = write(descriptor, bytes, bytes.count)
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == bytes.count, synced == 0, rename(aside, path) == 0 else {
            throw NoteError.malformed("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        let folder = open(directory, O_RDONLY)
        if folder >= 0 { _ = fsync(folder); close(folder) }
    }
}

/// Lowercase hex of SHA-256: how tlog-witness names a log, and how a bundle's manifest names a file's content.
func sha256Hex(_ bytes: [UInt8]) -> String {
    SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
}
