import Foundation
import Ledger
import Notary
import Testing
import TestSupport
import Transparency

/// docs/PROOFS.md continues FORMAT.md's worked example: its hashes, key, signed checkpoint, proofs and tile must
/// be what this code computes, byte for byte. Each block after `<!-- proofs:NAME -->` is compared as text; on a
/// mismatch the test prints the block the document should hold.
@Suite struct ProofsDocumentTests {
    static let documentPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/PROOFS.md").path

    /// The example's key: the seed 0x00, 0x01, … 0x1f (never use a key anyone can read in a document).
    static let signer = try! NoteSigner(name: "fangxin.example/zhejiang", kind: .ed25519, seed: Array(0..<32))

    @Test func theWorkedExampleInProofsMdIsWhatTheCodeComputes() async throws {
        let directory = try TemporaryDirectory()
        try await FormatExample.write(in: directory.path)
        let ledger = try Ledger(directory: directory.path, options: Ledger.Options(readOnly: true))
        let records = try [1, 2].map { try #require(try ledger.recordBytes(at: UInt64($0))) }
        let leaves = records.map { TreeHash.leaf($0) }
        let root = try ledger.treeRoot().root
        #expect(root == TreeHash.node(leaves[0], leaves[1]))
        let checkpoint = Checkpoint(origin: Self.signer.name, size: 2, root: root)
        let note = SignedNote(text: checkpoint.text, signatures: [try Self.signer.sign(checkpoint.text)])
        let inclusion = try ledger.inclusionProof(position: 1, size: 2)
        let consistency = try ledger.consistencyProof(from: 1, to: 2)
        let tile = try #require(try ledger.tile(TileAddress(level: 0, index: 0), width: 2))
        let expected: [String: String] = [
            "leaves": "leaf 1  \(leaves[0].hex)\nleaf 2  \(leaves[1].hex)\nroot    \(root.hex)\n",
            "keys": "\(Self.signer.privateKeyText)\n\(Self.signer.verifier.vkey)\n",
            "checkpoint": note.serialized,
            "inclusion": try Self.json(InclusionProofDocument(position: 1, size: 2, record: inclusion.record, hashes: inclusion.hashes)),
            "consistency": try Self.json(ConsistencyProofDocument(from: 1, to: 2, hashes: consistency.hashes)),
            "tile": "tile/0/000.p/2\n" + tile.map { String(format: "%02x", $0) }.joined() + "\n",
        ]
        let document = try String(contentsOfFile: Self.documentPath, encoding: .utf8)
        for (name, text) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(Self.block(named: name, in: document) == text, "docs/PROOFS.md block \(name) should read:\n\(text)")
        }
        // And what the document claims of them holds.
        try Self.signer.verifier.verify(try SignedNote(parsing: note.serialized))
        #expect(ProofVerification.verifyInclusion(inclusion.hashes, leaf: leaves[0], index: 0, size: 2, root: root))
        #expect(ProofVerification.verifyConsistency(consistency.hashes, from: 1, to: 2, fromRoot: leaves[0], toRoot: root))
    }

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder.proofs.encode(value), as: UTF8.self) + "\n"
    }

    static func block(named name: String, in document: String) -> String? {
        guard let marker = document.range(of: "<!-- proofs:\(name) -->"),
              let open = document.range(of: "```", range: marker.upperBound..<document.endIndex),
              let lineEnd = document.range(of: "\n", range: open.upperBound..<document.endIndex),
              let close = document.range(of: "```", range: lineEnd.upperBound..<document.endIndex)
        else { return nil }
        return String(document[lineEnd.upperBound..<close.lowerBound])
    }
}
