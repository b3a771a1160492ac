import Foundation
import LMDB
import Testing
import TestSupport
@testable import Ledger

/// docs/FORMAT.md is the contract for independent verifiers: its worked example must be the bytes this code
/// writes. Each block after an `<!-- example:NAME -->` marker is compared byte for byte (hex, with `#`
/// comments and white space ignored); on a mismatch the test prints the block the document should hold.
@Suite struct FormatDocumentTests {
    static let documentPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/FORMAT.md").path

    static func exampleLedger(in directory: String) async throws {
        try await FormatExample.write(in: directory)
    }

    @Test func theWorkedExampleInFormatMdIsWhatTheLedgerWrites() async throws {
        let directory = try TemporaryDirectory()
        try await Self.exampleLedger(in: directory.path)
        let ledger = try Ledger(directory: directory.path, options: Ledger.Options(readOnly: true))
        var expected: [String: [String]] = [:]
        var index = 0
        try ledger.scan { view in
            index += 1
            expected["record-\(index)"] = Self.annotate(view)
            return true
        }
        #expect(index == 2)
        expected["other-databases"] = try Self.otherDatabases(ledger)

        let document = try String(contentsOfFile: Self.documentPath, encoding: .utf8)
        for (name, lines) in expected.sorted(by: { $0.key < $1.key }) {
            let found = Self.block(named: name, in: document)
            let wanted = Self.bytes(of: lines)
            #expect(found.map(Self.bytes) == wanted, "docs/FORMAT.md example \(name) should read:\n\(lines.joined(separator: "\n"))")
        }
    }

    /// One line per field: hex, then a comment naming it.
    static func annotate(_ view: RecordView) -> [String] {
        let bytes = Array(view.bytes)
        var lines: [String] = []
        var offset = 0
        func take(_ count: Int, _ comment: String) {
            let hex = bytes[offset..<(offset + count)].map { String(format: "%02x", $0) }.joined()
            lines.append(hex.isEmpty ? "# \(comment)" : "\(hex)  # \(comment)")
            offset += count
        }
        func text(_ name: String) {
            let length = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
            let value = String(decoding: bytes[(offset + 2)..<(offset + 2 + length)], as: UTF8.self)
            take(2, "\(name) length \(length)")
            take(length, length == 0 ? "\(name): none" : "\(name) \"\(value)\"")
        }
        take(1, "envelope format 1")
        take(8, "position \(view.position)")
        take(8, "stream version \(view.streamVersion)")
        take(8, "recorded at \(view.recordedAt.rawValue) µs = \(view.recordedAt)")
        take(8, "occurred at \(view.occurredAt.rawValue) µs = \(view.occurredAt)")
        take(2, "schema version \(view.schemaVersion)")
        for name in ["event type", "stream", "actor id", "actor role", "correlation id", "causation id", "command id"] { text(name) }
        take(4, "payload length \(view.payload.count)")
        take(view.payload.count, "payload \(String(decoding: view.payload, as: UTF8.self))")
        take(32, "chain hash")
        return lines
    }

    /// Every entry of streams, stream-index, commands, meta and tiles, as `key -> value` hex lines.
    static func otherDatabases(_ ledger: Ledger) throws -> [String] {
        var lines: [String] = []
        let store = ledger.store
        try store.environment.read { transaction in
            for (name, database) in [("streams", store.streams), ("stream-index", store.streamIndex), ("commands", store.commands), ("meta", store.meta), ("tiles", store.tiles)] {
                lines.append("# \(name)")
                try transaction.forEach(in: database) { key, value in
                    let hex = { (bytes: UnsafeRawBufferPointer) in bytes.map { String(format: "%02x", $0) }.joined() }
                    let readable = String(decoding: key, as: UTF8.self).allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } ? "  # \"\(String(decoding: key, as: UTF8.self))\"" : ""
                    lines.append("\(hex(key)) -> \(hex(value))\(readable)")
                    return true
                }
            }
        }
        return lines
    }

    static func block(named name: String, in document: String) -> [String]? {
        guard let marker = document.range(of: "<!-- example:\(name) -->"),
              let open = document.range(of: "```", range: marker.upperBound..<document.endIndex),
              let lineEnd = document.range(of: "\n", range: open.upperBound..<document.endIndex),
              let close = document.range(of: "```", range: lineEnd.upperBound..<document.endIndex)
        else { return nil }
        return document[lineEnd.upperBound..<close.lowerBound].split(separator: "\n").map(String.init)
    }

    /// The hex digits of a block, comments and white space dropped (`->` kept apart as a separator).
    static func bytes(of lines: [String]) -> String {
        lines.map { line in
            let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            return code.filter { !$0.isWhitespace }
        }.filter { !$0.isEmpty }.joined(separator: "|")
    }
}
