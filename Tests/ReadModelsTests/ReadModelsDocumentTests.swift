import Domain
import Foundation
import Projections
import ReadModels
import Testing
import TestSupport

/// docs/READMODELS.md's worked example, byte for byte: a merchant admitted to 培育库 and one complaint about it,
/// exported model by model, with each model's digest.
@Suite struct ReadModelsDocumentTests {
    @Test func theWorkedExampleIsWhatTheModelsExport() async throws {
        let scratch = try Scratch()
        try await scratch.admitted(first)
        try await scratch.complaints(1, about: first, on: "2025-03-03")
        let runner = try scratch.runner()
        try runner.catchUp()
        let document = try String(contentsOfFile: Self.root + "/docs/READMODELS.md", encoding: .utf8)
        for name in ["tiers", "stats"] {
            var lines: [String] = []
            let digest = try runner.store.read(name) { _, rows in
                try ProjectionRunner.export(name, rows) { lines.append($0) }
                return try ProjectionRunner.digest(name, rows).digest
            }
            let exported = lines.joined(separator: "\n")
            #expect(document.contains("```json\n" + exported + "\n```"), "\(name) export:\n\(exported)")
            #expect(document.contains("`\(name)`, 4 events: `\(digest)`"), "\(name) digest \(digest)")
        }
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
}
