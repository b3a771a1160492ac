import Foundation
import Testing
import Transparency

@Suite struct SignedNoteTests {
    @Test func theSignedNoteSpecificationsExampleVerifies() throws {
        // C2SP signed-note's own example.
        let verifier = try NoteVerifier(vkey: "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")
        let note = try SignedNote(parsing: "This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n")
        try verifier.verify(note)
        #expect(verifier.vkey == "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")
        var altered = note
        altered.text = "This is an example message!\n"
        #expect(throws: NoteError.badSignature(by: "example.com/foo")) { try verifier.verify(altered) }
    }

    @Test func aSignedCheckpointRoundTripsAndItsAlterationsAreNamed() throws {
        let signer = try NoteSigner.generate(name: "fangxin.example/zhejiang", kind: .ed25519)
        let checkpoint = Checkpoint(origin: "fangxin.example/zhejiang", size: 42, root: .leaf([1, 2, 3]))
        let note = SignedNote(text: checkpoint.text, signatures: [try signer.sign(checkpoint.text)])
        let parsed = try SignedNote(parsing: note.serialized)
        #expect(parsed == note)
        try signer.verifier.verify(parsed)
        #expect(try Checkpoint(text: parsed.text) == checkpoint)

        // Keys whose base64 holds plus signs (most do) read back too.
        for _ in 0..<20 {
            let key = try NoteSigner.generate(name: "a.example/log", kind: .ed25519)
            #expect(try NoteVerifier(vkey: key.verifier.vkey) == key.verifier)
            #expect(try NoteSigner(privateKey: key.privateKeyText).verifier == key.verifier)
        }
        let reloaded = try NoteSigner(privateKey: signer.privateKeyText)
        #expect(reloaded.verifier == signer.verifier)
        #expect(try NoteVerifier(vkey: signer.verifier.vkey) == signer.verifier)

        let other = try NoteSigner.generate(name: "fangxin.example/zhejiang", kind: .ed25519)
        #expect(throws: NoteError.notSigned(by: "fangxin.example/zhejiang")) { try other.verifier.verify(parsed) }

        var forged = parsed
        forged.text = Checkpoint(origin: checkpoint.origin, size: 41, root: checkpoint.root).text
        #expect(throws: NoteError.badSignature(by: "fangxin.example/zhejiang")) { try signer.verifier.verify(forged) }

        var flipped = parsed
        flipped.signatures[0].bytes[10] ^= 1
        #expect(throws: NoteError.badSignature(by: "fangxin.example/zhejiang")) { try signer.verifier.verify(flipped) }
    }

    @Test func aCosignatureCoversItsTimeAndTheCheckpoint() throws {
        let witness = try NoteSigner.generate(name: "witness.example/court", kind: .cosignature)
        let text = Checkpoint(origin: "fangxin.example/zhejiang", size: 7, root: .emptyTree).text
        let cosignature = try witness.sign(text, time: 1_795_000_000)
        #expect(cosignature.bytes.count == 72 && Cosignature.time(of: cosignature) == 1_795_000_000)
        #expect(witness.verifier.verifies(cosignature, over: text))
        var retimed = cosignature
        retimed.bytes[7] ^= 1
        #expect(!witness.verifier.verifies(retimed, over: text))
        // A witness's key ID is computed with type 0x04, so a log's verifier of the same key does not match it.
        #expect(Data(base64Encoded: String(witness.verifier.vkey.split(separator: "+", maxSplits: 2)[2]))?.first == 0x04)
    }

    @Test func malformedNotesAndKeysAreRefusedSayingWhy() throws {
        #expect(throws: NoteError.self) { try SignedNote(parsing: "no blank line\n— a AAAAAAA=\n") }
        #expect(throws: NoteError.self) { try SignedNote(parsing: "text\n\nnot a signature\n") }
        #expect(throws: NoteError.self) { try SignedNote(parsing: "text\u{7}\n\n— a AAAAAAA=\n") }
        #expect(throws: NoteError.self) { try Checkpoint(text: "origin\n042\nAAAA\n") }
        // Extension lines are C2SP tlog-checkpoint's (taken, and kept in the text); an empty one is not.
        #expect(try Checkpoint(text: "origin\n42\n\(TreeHash.emptyTree.base64)\nextension\n").extensions == ["extension"])
        #expect(throws: NoteError.self) { try Checkpoint(text: "origin\n42\n\(TreeHash.emptyTree.base64)\n\n") }
        #expect(throws: NoteError.self) { try NoteVerifier(vkey: "example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k") }
        #expect(throws: NoteError.self) { try NoteVerifier(vkey: "a b+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k") }
        #expect(throws: NoteError.self) { try NoteSigner(privateKey: "PRIVATE+KEY+x+00000000+AAAA") }
    }
}
