import Dispatch
import Foundation
import Ledger
import Notary
import Synchronization
import Testing
import TestSupport
import Transparency

/// What a verifier, a witness or a quorum makes of input crafted against it: refused with a reason, never a
/// trap, never counted twice.
@Suite struct HostileNotaryTests {
    /// The ustar size field of the bundle's first entry, replaced: a sign, a space, a digit beyond octal, a size
    /// beyond the archive. `evidence verify` once trapped on `-0000000001`.
    @Test func aCraftedSizeFieldIsRefusedNotTrappedOn() async throws {
        let directory = try TemporaryDirectory()
        let (bytes, log) = try await EvidenceBundleTests.bundle(directory)
        for field in ["-0000000001", "+0000000001", " 0000000001", "0000000008", "77777777777", "-7777777777", "0x000000001", "\0\0\0\0\0\0\0\0\0\0\0"] {
            var crafted = bytes
            crafted.replaceSubrange(124..<135, with: Array(field.utf8))
            #expect(throws: EvidenceBundle.Failure.self, "\(field)") { try EvidenceBundle.verify(crafted, log: log.verifier) }
        }
        var crafted = bytes
        crafted.replaceSubrange(124..<135, with: Array("-0000000001".utf8))
        do { _ = try EvidenceBundle.verify(crafted, log: log.verifier) } catch {
            #expect("\(error)".contains("entry 1 has a bad size"), "\(error)")
        }
    }

    /// Random bytes written anywhere, and the archive cut anywhere: each is refused, none traps.
    @Test func randomDamageToABundleIsRefused() async throws {
        let directory = try TemporaryDirectory()
        let (bytes, log) = try await EvidenceBundleTests.bundle(directory)
        var generator = SplitMix(seed: 27)
        for _ in 0..<1_500 {
            var damaged = bytes
            for _ in 0..<(1 + Int(generator.next() % 4)) {
                let offset = Int(generator.next() % UInt64(bytes.count))
                var byte = UInt8(truncatingIfNeeded: generator.next())
                if byte == damaged[offset] { byte ^= 0x01 }
                damaged[offset] = byte
            }
            #expect(throws: EvidenceBundle.Failure.self) { try EvidenceBundle.verify(damaged, log: log.verifier) }
        }
        for length in stride(from: 0, to: bytes.count, by: 97) {
            #expect(throws: EvidenceBundle.Failure.self) { try EvidenceBundle.verify(Array(bytes.prefix(length)), log: log.verifier) }
        }
    }

    /// A quorum counts distinct witness keys: the same key given twice counts once, and the log's own key is no
    /// witness of its checkpoint, for `verify` and `evidence verify` alike.
    @Test func aQuorumCountsDistinctWitnessesAndNeverTheLogsKey() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try await NotaryTests.ledger(directory.sub("log"), (1...5).map { "event \($0)" })
        let log = try NoteSigner.generate(name: "fangxin.example/test", kind: .ed25519)
        var note = try CheckpointNotary(ledger: ledger, signer: log, archive: try CheckpointArchive(directory: directory.sub("log"))).checkpoint()
        let court = try NoteSigner.generate(name: "court.example/w", kind: .cosignature)
        let bureau = try NoteSigner.generate(name: "bureau.example/w", kind: .cosignature)
        note.signatures.append(try court.sign(note.text, time: 1_795_000_000))

        func audit(_ witnesses: [NoteVerifier], _ quorum: Int) throws -> [String] {
            try CheckpointAudit.check(note, log: log.verifier, witnesses: witnesses, quorum: quorum, against: ledger).witnesses
        }
        #expect(try audit([court.verifier], 1) == [court.name])
        #expect(try audit([court.verifier, court.verifier], 1) == [court.name])
        #expect(throws: NotaryError.self) { try audit([court.verifier, court.verifier], 2) }
        #expect(throws: NotaryError.self) { try audit([court.verifier, log.verifier], 2) }
        #expect(throws: NotaryError.self) { try audit([log.verifier], 1) }
        // A second witness's cosignature makes two.
        note.signatures.append(try bureau.sign(note.text, time: 1_795_000_001))
        #expect(try audit([court.verifier, bureau.verifier, log.verifier, court.verifier], 2) == [court.name, bureau.name])

        let proof = try ledger.inclusionProof(position: 1)
        let bundle = EvidenceBundle(checkpoint: note, proofs: [InclusionProofDocument(position: proof.position, size: proof.size, record: proof.record, hashes: proof.hashes)],
                                    keys: [log.verifier.vkey], answer: Array("{}".utf8), readme: "README\n")
        let archive = try bundle.archive(signedBy: log)
        #expect(throws: EvidenceBundle.Failure.self) { try EvidenceBundle.verify(archive, log: log.verifier, witnesses: [court.verifier, court.verifier, log.verifier], quorum: 2) }
        #expect(try EvidenceBundle.verify(archive, log: log.verifier, witnesses: [court.verifier, bureau.verifier], quorum: 2).1.checkpoint.size == 5)
    }

    /// C2SP tlog-checkpoint allows extension lines after the root: such a checkpoint is read, cosigned by a
    /// witness over its whole text, and checked by `verify`; an empty extension line is refused.
    @Test func aCheckpointWithExtensionLinesIsTakenWhole() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try await NotaryTests.ledger(directory.sub("log"), (1...5).map { "event \($0)" })
        let log = try NoteSigner.generate(name: "fangxin.example/test", kind: .ed25519)
        let root = try ledger.treeRoot(size: 5).root
        let text = Checkpoint(origin: log.name, size: 5, root: root, extensions: ["Timestamp: 1795000000", "x-sth extra"]).text
        #expect(text.hasSuffix("\(root.base64)\nTimestamp: 1795000000\nx-sth extra\n"))
        let parsed = try Checkpoint(text: text)
        #expect(parsed.extensions == ["Timestamp: 1795000000", "x-sth extra"] && parsed.text == text && parsed.size == 5)
        #expect(throws: NoteError.self) { try Checkpoint(text: "\(log.name)\n5\n\(root.base64)\n\nx\n") }

        let note = SignedNote(text: text, signatures: [try log.sign(text)])
        #expect(try CheckpointAudit.check(note, log: log.verifier, against: ledger).checkpoint.extensions.count == 2)
        let witness = try Witness(signer: try NoteSigner.generate(name: "court.example/w", kind: .cosignature), logs: [log.verifier],
                                  directory: directory.sub("witness"), clock: { 1_795_000_000 })
        let answer = witness.addCheckpoint(AddCheckpointRequest(oldSize: 0, proof: [], note: note).body)
        #expect(answer.status == 200, "\(answer.body)")
        let cosignature = try SignedNote.Signature(line: answer.body.dropLast())
        #expect(witness.signer.verifier.verifies(cosignature, over: text))
    }

    /// Two processes on one witness folder (`witness serve` and `witness add-checkpoint`) take turns: of two
    /// requests from the same old size, one is cosigned and the other told the new size, so the size held never
    /// goes back. Two `Witness` values stand for the two processes: their locks are the folder's, not theirs.
    @Test func twoWitnessesOnOneFolderNeverLetTheSizeGoBack() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try await NotaryTests.ledger(directory.sub("log"), (1...6).map { "event \($0)" })
        let log = try NoteSigner.generate(name: "fangxin.example/test", kind: .ed25519)
        let notes = try [3, 6].map { size in
            let text = Checkpoint(origin: log.name, size: UInt64(size), root: try ledger.treeRoot(size: UInt64(size)).root).text
            return SignedNote(text: text, signatures: [try log.sign(text)])
        }
        let key = try NoteSigner.generate(name: "court.example/w", kind: .cosignature)
        for round in 0..<40 {
            let folder = directory.sub("witness-\(round)")
            let witnesses = try (0..<2).map { _ in try Witness(signer: key, logs: [log.verifier], directory: folder, clock: { 1_795_000_000 }) }
            let statuses = Mutex<[Int]>([])
            // The larger first in one, the smaller in the other, started together.
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                let answer = witnesses[index].addCheckpoint(AddCheckpointRequest(oldSize: 0, proof: [], note: notes[index == 0 ? 1 : 0]).body)
                statuses.withLock { $0.append(answer.status) }
            }
            #expect(statuses.withLock { $0.sorted() } == [200, 409], "round \(round)")
        }
    }
}

/// A small seeded generator, so that a failure is repeated by its round.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
