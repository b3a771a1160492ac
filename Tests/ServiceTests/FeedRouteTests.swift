import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Service
import Testing

/// One Server-Sent Events message.
struct FeedMessage: Equatable {
    var id: UInt64?
    var event = ""
    var data = ""

    static func parse(_ text: String) -> [FeedMessage] {
        text.components(separatedBy: "\n\n").filter { !$0.isEmpty && !$0.hasPrefix(":") }.map { block in
            var message = FeedMessage()
            for line in block.split(separator: "\n") {
                if line.hasPrefix("id: ") { message.id = UInt64(line.dropFirst(4)) }
                if line.hasPrefix("event: ") { message.event = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { message.data = String(line.dropFirst(6)) }
            }
            return message
        }
    }

    func position() throws -> UInt64 {
        struct Positioned: Decodable { let position: UInt64 }
        return try JSONDecoder().decode(Positioned.self, from: Data(data.utf8)).position
    }
}

@Suite struct FeedRouteTests {
    @Test func theFeedSendsEventsAndTheChangesOfLibraryTheyCaused() async throws {
        try await ServedLedger().test { client in
            let response = try await client.get("/v1/feed?from=1&through=10")
            #expect(response.status == .ok && response.headers[.contentType] == "text/event-stream")
            let messages = FeedMessage.parse(String(buffer: response.body))
            let appended = messages.filter { $0.event == "appended" }
            #expect(try appended.map { try $0.position() } == Array(1...10))
            let changes = messages.filter { $0.event == "tier-changed" }
            #expect(changes.contains { $0.data.contains("\"to\":\"warning\"") && $0.data.contains(ServedLedger.warned.description) })
            // Each position's id is on its last message: an event that caused a change carries none itself.
            for change in changes {
                let index = messages.firstIndex(of: change)!
                let at = try change.position()
                let event = messages[..<index].last { $0.event == "appended" }!
                #expect(try event.position() == at && event.id == nil)
            }
            #expect(messages.compactMap(\.id) == Array(1...10))
        }
    }

    @Test func aClientResumesAfterItsLastEventID() async throws {
        try await ServedLedger().test { client in
            let response = try await client.execute(
                uri: "/v1/feed?through=10", method: .get,
                headers: [.authorization: "Bearer \(ServedLedger.tokens[.auditor]!)", HTTPField.Name("Last-Event-ID")!: "8"])
            let messages = FeedMessage.parse(String(buffer: response.body))
            #expect(try messages.filter { $0.event == "appended" }.map { try $0.position() } == [9, 10])
            let bad = try await client.execute(
                uri: "/v1/feed", method: .get,
                headers: [.authorization: "Bearer \(ServedLedger.tokens[.auditor]!)", HTTPField.Name("Last-Event-ID")!: "yesterday"])
            #expect(bad.status == .badRequest)
            #expect(try await client.get("/v1/feed", as: nil).status == .unauthorized)
        }
    }

    @Test func theFeedFollowsNewAppends() async throws {
        try await ServedLedger().test { client in
            // Position 11 is not yet recorded: the feed waits for the command posted below.
            async let feed = client.get("/v1/feed?from=11&through=11")
            try await Task.sleep(for: .milliseconds(50))
            let posted = try await client.post("/v1/complaints/h-1/receive", CommandRouteTests.receive)
            #expect(posted.status == .created)
            let messages = FeedMessage.parse(String(buffer: try await feed.body))
            #expect(messages.map(\.event) == ["appended"])
            #expect(messages.first?.id == 11 && messages.first?.data.contains("complaint.received") == true)
        }
    }
}
