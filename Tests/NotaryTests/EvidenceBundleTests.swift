import Foundation
import Ledger
import Notary
import Testing
import TestSupport
import Transparency

@Suite struct EvidenceBundleTests {
    static func bundle(_ directory: TemporaryDirectory) async throws -> (bytes: [UInt8], log: NoteSigner) {
        let ledger = try await NotaryTests.ledger(directory.sub("log"), (1...300).map { "event \($0)" })
        let log = try NoteSigner.generate(name: "fangxin.example/test", kind: .ed25519)
        let note = try CheckpointNotary(ledger: ledger, signer: log, archive: try CheckpointArchive(directory: directory.sub("log"))).checkpoint()
        let proofs = try [1, 2, 257, 300].map { position in
            let proof = try ledger.inclusionProof(position: UInt64(position))
            return InclusionProofDocument(position: proof.position, size: proof.size, record: proof.record, hashes: proof.hashes)
        }
        let bundle = EvidenceBundle(checkpoint: note, proofs: proofs, keys: [log.verifier.vkey], answer: Array(#"{"subject":"test"}"#.utf8), readme: "README\n")
        return (try bundle.archive(signedBy: log), log)
    }

    @Test func aBundleVerifiesWithNothingButTheLogsKey() async throws {
        let directory = try TemporaryDirectory()
        let (bytes, log) = try await Self.bundle(directory)
        let (bundle, report) = try EvidenceBundle.verify(bytes, log: log.verifier)
        #expect(report.positions == [1, 2, 257, 300] && report.checkpoint.size == 300)
        #expect(bundle.answer == Array(#"{"subject":"test"}"#.utf8))
        // The same bundle written again is the same bytes.
        #expect(try bundle.archive(signedBy: log) == bytes)
    }

    @Test func aBundleWithAnyOneByteChangedIsRefused() async throws {
        let directory = try TemporaryDirectory()
        let (bytes, log) = try await Self.bundle(directory)
        var refused = 0
        for offset in stride(from: 0, to: bytes.count, by: 61) {
            var altered = bytes
            altered[offset] ^= 0x20
            do {
                _ = try EvidenceBundle.verify(altered, log: log.verifier)
                Issue.record("a change at byte \(offset) of \(bytes.count) passed")
            } catch {
                refused += 1
            }
        }
        #expect(refused == (bytes.count + 60) / 61)
        let stranger = try NoteSigner.generate(name: "fangxin.example/test", kind: .ed25519)
        #expect(throws: EvidenceBundle.Failure.self) { try EvidenceBundle.verify(bytes, log: stranger.verifier) }
    }
}
