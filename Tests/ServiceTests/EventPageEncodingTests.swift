import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Queries
import Service
import Testing

/// Event pages and the feed are written by `JSONWriter`; every other answer by `JSONEncoder`. They must agree.
@Suite struct EventPageEncodingTests {
    static func encoded(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func anEventPageIsWhatJSONEncoderWouldWrite() async throws {
        struct Page: Codable { let events: [EventDocument]; let next: UInt64? }
        try await ServedLedger().test { client in
            // Names take no control character (docs/COMMANDS.md, "Bounds"); free text takes tabs and line breaks.
            let awkward = CommandRouteTests.receive.replacingOccurrences(of: #""食品""#, with: #""食品 \"散装\" \\ / 😀""#)
            #expect(try await client.post("/v1/complaints/h-1/receive", awkward, key: "k/1").status == .created)
            let note = #"{"on": "2025-06-03", "ground": "other", "note": "第一行\n\t第二行 \"引号\" \\"}"#
            #expect(try await client.post("/v1/complaints/h-1/refuse", note, key: "k/2").status == .created)
            for uri in ["/v1/events?from=1&limit=5&minPosition=12", "/v1/events?from=6&limit=100"] {
                let body = String(buffer: try await client.get(uri).body)
                let page = try JSONDecoder().decode(Page.self, from: Data(body.utf8))
                #expect(!page.events.isEmpty)
                #expect(body == (try Self.encoded(page)), "\(uri)")
            }
        }
    }
}
