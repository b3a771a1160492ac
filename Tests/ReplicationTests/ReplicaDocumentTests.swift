import Foundation
@testable import Replication
import Testing
import Transparency

/// docs/REPLICAS.md's example state reads as `ReplicaState`, and its checkpoints verify with its key.
@Suite struct ReplicaDocumentTests {
    static var document: String {
        get throws {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            return try String(contentsOf: root.appendingPathComponent("docs/REPLICAS.md"), encoding: .utf8)
        }
    }

    @Test func theExampleStateReadsAndItsCheckpointsVerify() throws {
        let text = try Self.document
        let marker = try #require(text.range(of: "<!-- replicas:state -->\n```json\n"))
        let json = String(text[marker.upperBound...].prefix { $0 != "\n" })
        let state = try JSONDecoder().decode(ReplicaState.self, from: Data(json.utf8))
        let key = try NoteVerifier(vkey: state.log)
        for note in [state.checkpoint, state.complete] {
            let signed = try SignedNote(parsing: try #require(note))
            try key.verify(signed)
        }
        #expect(state.verifiedCheckpoint?.size == 2 && state.seenSize == 2)
        #expect(state.verifiedCheckpoint?.origin == key.name)
        // The same keys, sorted, as the replica writes them.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(String(decoding: try encoder.encode(state), as: UTF8.self) == json)
    }
}
