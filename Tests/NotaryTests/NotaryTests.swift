import Foundation
import Ledger
import Notary
import Testing
import TestSupport
import Transparency

@Suite struct NotaryTests {
    static let actor = Actor(id: "clerk", role: "regulator")

    /// A ledger whose records are the same for the same `labels`, whatever ledger they go into.
    static func ledger(_ directory: String, _ labels: [String]) async throws -> Ledger {
        let ledger = try Ledger(directory: directory, options: { var options = Ledger.Options(); options.clock = { Timestamp(rawValue: 1_776_000_000_000_000) }; return options }())
        for label in labels {
            _ = try await ledger.append(Append(stream: "s", actor: actor, events: [NewEvent(type: "t", occurredAt: Timestamp(rawValue: 0), payload: Array(label.utf8))]))
        }
        return ledger
    }

    @Test func aSignedCheckpointChecksOutAgainstTheLedgerThatGrewFromIt() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try await Self.ledger(directory.sub("log"), (1...10).map { "event \($0)" })
        let signer = try NoteSigner.generate(name: "fangxin.example/test", kind: .ed25519)
        let notary = CheckpointNotary(ledger: ledger, signer: signer, archive: try CheckpointArchive(directory: directory.sub("log")))
        let note = try notary.checkpoint()
        #expect(try Checkpoint(text: note.text).size == 10)
        #expect(try notary.checkpoint(size: 10) == note)   // the same size gives the note kept
        _ = try await ledger.append(Append(stream: "s", actor: Self.actor, events: [NewEvent(type: "t", occurredAt: Timestamp(rawValue: 0), payload: [1])]))
        let report = try CheckpointAudit.check(note, log: signer.verifier, against: ledger)
        #expect(report.checkpoint.size == 10 && report.treeSize == 11)
        #expect(try notary.archive.all().count == 1)
    }

    @Test func aLogCutBackAndAppendedAgainFailsNamingTheSize() async throws {
        let directory = try TemporaryDirectory()
        let signer = try NoteSigner.generate(name: "fangxin.example/test", kind: .ed25519)
        let original = try await Self.ledger(directory.sub("original"), (1...10).map { "event \($0)" })
        let note = try CheckpointNotary(ledger: original, signer: signer, archive: try CheckpointArchive(directory: directory.sub("original"))).checkpoint()
        // The same first six records, then others: the chain of the rewritten log verifies on its own.
        let rewritten = try await Self.ledger(directory.sub("rewritten"), (1...6).map { "event \($0)" } + (7...12).map { "other \($0)" })
        _ = try rewritten.verify()
        #expect(try original.head().position == 10 && rewritten.head().position == 12)
        let refusal = #expect(throws: NotaryError.self) { try CheckpointAudit.check(note, log: signer.verifier, against: rewritten) }
        guard case .inconsistent(let size, let reason)? = refusal else {
            Issue.record("expected an inconsistency, got \(String(describing: refusal))")
            return
        }
        #expect(size == 10)
        #expect(reason.contains("cut back and appended again, at or before position 10"))
        // Nor will the log sign for it, once it signed the original.
        let archive = try CheckpointArchive(directory: directory.sub("rewritten"))
        try archive.keep(note, size: 10)
        #expect(throws: NotaryError.self) { try CheckpointNotary(ledger: rewritten, signer: signer, archive: archive).checkpoint() }
        // A shorter log is caught too.
        let cut = try await Self.ledger(directory.sub("cut"), (1...6).map { "event \($0)" })
        #expect(throws: NotaryError.inconsistent(size: 10, reason: "the ledger holds 6 records, fewer than the checkpoint's 10; records were removed")) {
            try CheckpointAudit.check(note, log: signer.verifier, against: cut)
        }
    }

    @Test func aCheckpointWithAChangedByteOrAnotherKeysSignatureIsRefused() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try await Self.ledger(directory.path, ["a", "b", "c"])
        let signer = try NoteSigner.generate(name: "fangxin.example/test", kind: .ed25519)
        let note = try CheckpointNotary(ledger: ledger, signer: signer, archive: try CheckpointArchive(directory: directory.path)).checkpoint()
        var altered = note
        altered.text = altered.text.replacingOccurrences(of: "\n3\n", with: "\n2\n")
        #expect(throws: NotaryError.note(.badSignature(by: "fangxin.example/test"))) { try CheckpointAudit.check(altered, log: signer.verifier, against: ledger) }
        let stranger = try NoteSigner.generate(name: "fangxin.example/test", kind: .ed25519)
        #expect(throws: NotaryError.note(.notSigned(by: "fangxin.example/test"))) { try CheckpointAudit.check(note, log: stranger.verifier, against: ledger) }
        let witness = try NoteSigner.generate(name: "court.example/w", kind: .cosignature)
        #expect(throws: NotaryError.self) { try CheckpointAudit.check(note, log: signer.verifier, witnesses: [witness.verifier], quorum: 1, against: ledger) }
    }

    @Test func aWitnessCosignsOnlyWhatExtendsWhatItHolds() async throws {
        let directory = try TemporaryDirectory()
        let log = try NoteSigner.generate(name: "fangxin.example/test", kind: .ed25519)
        let ledger = try await Self.ledger(directory.sub("log"), (1...5).map { "event \($0)" })
        let notary = CheckpointNotary(ledger: ledger, signer: log, archive: try CheckpointArchive(directory: directory.sub("log")))
        let witness = try Witness(signer: try NoteSigner.generate(name: "court.example/w", kind: .cosignature), logs: [log.verifier],
                                  directory: directory.sub("witness"), clock: { 1_795_000_000 })
        let first = try notary.checkpoint()
        let accepted = witness.addCheckpoint(AddCheckpointRequest(oldSize: 0, proof: [], note: first).body)
        #expect(accepted.status == 200)
        let cosignature = try SignedNote.Signature(line: accepted.body.dropLast())
        #expect(witness.signer.verifier.verifies(cosignature, over: first.text))

        for label in ["event 6", "event 7"] {
            _ = try await ledger.append(Append(stream: "s", actor: Self.actor, events: [NewEvent(type: "t", occurredAt: Timestamp(rawValue: 0), payload: Array(label.utf8))]))
        }
        let second = try notary.checkpoint()
        // Asked from the wrong size: 409 and the size it holds.
        let conflict = witness.addCheckpoint(AddCheckpointRequest(oldSize: 3, proof: try ledger.consistencyProof(from: 3).hashes, note: second).body)
        #expect(conflict.status == 409 && conflict.body == "5\n" && conflict.contentType == "text/x.tlog.size")
        let extended = witness.addCheckpoint(AddCheckpointRequest(oldSize: 5, proof: try ledger.consistencyProof(from: 5).hashes, note: second).body)
        #expect(extended.status == 200)
        #expect(try witness.latest(origin: log.name).map { try Checkpoint(text: $0.text).size } == 7)

        // A fork signed by the log: same size 7 elsewhere, then 9 that does not extend what the witness holds.
        let fork = try await Self.ledger(directory.sub("fork"), (1...5).map { "event \($0)" } + ["forked 6", "forked 7", "forked 8", "forked 9"])
        let forkNote = try CheckpointNotary(ledger: fork, signer: log, archive: try CheckpointArchive(directory: directory.sub("fork"))).checkpoint()
        let refused = witness.addCheckpoint(AddCheckpointRequest(oldSize: 7, proof: try fork.consistencyProof(from: 7).hashes, note: forkNote).body)
        #expect(refused.status == 422)
        #expect(try witness.latest(origin: log.name).map { try Checkpoint(text: $0.text).size } == 7)
        let evidence = try FileManager.default.contentsOfDirectory(atPath: directory.sub("witness/evidence"))
        #expect(evidence.count == 1)

        let stranger = try NoteSigner.generate(name: "fangxin.example/test", kind: .ed25519)
        let unsigned = SignedNote(text: second.text, signatures: [try stranger.sign(second.text)])
        #expect(witness.addCheckpoint(AddCheckpointRequest(oldSize: 7, proof: [], note: unsigned).body).status == 403)
        let other = try NoteSigner.generate(name: "other.example/log", kind: .ed25519)
        let otherText = Checkpoint(origin: other.name, size: 0, root: .emptyTree).text
        #expect(witness.addCheckpoint(AddCheckpointRequest(oldSize: 0, proof: [], note: SignedNote(text: otherText, signatures: [try other.sign(otherText)])).body).status == 404)
        #expect(witness.addCheckpoint("old x\n\n").status == 400)
    }

    /// A log rotates its key, or renames its origin: the same tree is signed afresh under the new key, the note
    /// signed under the old one is kept beside it and still verifies, and the rotation is told apart from an
    /// alteration, which is refused whatever the key.
    @Test func aRotatedKeySignsTheSameTreeAfreshAndAnAlterationIsStillRefused() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try await Self.ledger(directory.path, ["a", "b", "c"])
        let old = try NoteSigner.generate(name: "fangxin.example/test", kind: .ed25519)
        let archive = try CheckpointArchive(directory: directory.path)
        let first = try CheckpointNotary(ledger: ledger, signer: old, archive: archive).checkpoint()
        for new in [try NoteSigner.generate(name: "fangxin.example/test", kind: .ed25519), try NoteSigner.generate(name: "fangxin.example/renamed", kind: .ed25519)] {
            let notary = CheckpointNotary(ledger: ledger, signer: new, archive: archive)
            let was = try #require(notary.rotation())
            #expect(was.keyID != new.verifier.keyID)
            let signed = try notary.checkpoint()
            #expect(try Checkpoint(text: signed.text).origin == new.name)
            try new.verifier.verify(signed)
            #expect(try CheckpointAudit.check(signed, log: new.verifier, against: ledger).checkpoint.size == 3)
            #expect(notary.rotation() == nil)
        }
        // What the old key signed is kept, and verifies with the old key still.
        let superseded = try archive.superseded()
        #expect(superseded.contains(first))
        #expect(try CheckpointAudit.check(first, log: old.verifier, against: ledger).checkpoint.size == 3)

        // A tree of the same size with another root is an alteration, under any key.
        let forked = try TemporaryDirectory()
        let fork = try await Self.ledger(forked.path, ["a", "b", "x"])
        try? FileManager.default.removeItem(atPath: forked.path + "/checkpoints")
        try FileManager.default.copyItem(atPath: directory.path + "/checkpoints", toPath: forked.path + "/checkpoints")
        let another = try NoteSigner.generate(name: "fangxin.example/test", kind: .ed25519)
        #expect(throws: NotaryError.self) {
            _ = try CheckpointNotary(ledger: fork, signer: another, archive: try CheckpointArchive(directory: forked.path)).checkpoint()
        }
    }
}
