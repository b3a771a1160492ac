import Foundation
import Hummingbird
import HummingbirdTesting
import Service
import Synchronization
import Testing

/// A service as `serve --replica` runs it, fed what a replica's state file could hold, however odd.
@Suite struct ReplicaRouteTests {
    final class Feed: Sendable {
        let status = Mutex<ReplicaSettings.Status?>(nil)
        let checkpoint = Mutex<String?>(nil)
        var settings: ReplicaSettings {
            ReplicaSettings(primary: "https://primary.example/zj/", status: { self.status.withLock { $0 } }, checkpoint: { self.checkpoint.withLock { $0 } })
        }
    }

    static func metric(_ name: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ")[1]) }
    }

    @Test func theLagAnswersForAnyStateAndCommandsGoToThePrimary() async throws {
        let feed = Feed()
        let served = try await ServedLedger(replica: feed.settings)
        try await served.test { client in
            func metrics() async throws -> String { String(buffer: try await client.get("/metrics", as: nil).body) }
            // Before the first contact.
            var text = try await metrics()
            #expect(Self.metric("fangxin_replica_contact_age_seconds", in: text) == -1)
            #expect(Self.metric("fangxin_replica_lag_records", in: text) == 0)
            let head = try #require(Self.metric("fangxin_log_head_position", in: text))
            // A size beyond Int64 and a time at Int64.min: clamped, not trapped.
            feed.status.withLock { $0 = .init(primarySize: .max, seenAt: .min) }
            text = try await metrics()
            #expect(Self.metric("fangxin_replica_primary_size", in: text) == Double(Int64.max))
            #expect(Self.metric("fangxin_replica_lag_records", in: text) == Double(Int64.max))
            #expect(Self.metric("fangxin_replica_contact_age_seconds", in: text) == Double(Int64.max))
            // A time in the future (the year 9999, Int64.max): an age of 0. A size below the head: no lag.
            for future: Int64 in [253_402_300_799, .max] {
                feed.status.withLock { $0 = .init(primarySize: 1, seenAt: future) }
                text = try await metrics()
                #expect(Self.metric("fangxin_replica_contact_age_seconds", in: text) == 0)
                #expect(Self.metric("fangxin_replica_lag_records", in: text) == 0)
            }
            feed.status.withLock { $0 = .init(primarySize: UInt64(head) + 5, seenAt: 0) }
            #expect(Self.metric("fangxin_replica_lag_records", in: try await metrics()) == 5)

            // The mirrored checkpoint: 503 before the first, then served as it is, however long.
            #expect(try await client.get("/checkpoint", as: nil).status == .serviceUnavailable)
            let long = "fangxin.example/zj\n1\n" + String(repeating: "A", count: 4 << 20) + "\n"
            feed.checkpoint.withLock { $0 = long }
            let served = try await client.get("/checkpoint", as: nil)
            #expect(served.status == .ok && String(buffer: served.body) == long)

            // A command, however large its body, is sent to the primary, without the double slash.
            let body = ByteBuffer(bytes: Array(repeating: UInt8(ascii: "x"), count: 4 << 20))
            let command = try await client.execute(uri: "/v1/merchants/91330421MA28JJY015/inspect", method: .post,
                                                   headers: [.authorization: "Bearer \(ServedLedger.tokens[.regulator]!)"], body: body)
            #expect(command.status == .misdirectedRequest)
            #expect(String(buffer: command.body).contains("send this request to https://primary.example/zj/v1/merchants/91330421MA28JJY015/inspect"))
            let erasure = try await client.execute(uri: "/v1/privacy/erasures", method: .post, headers: [.authorization: "Bearer \(ServedLedger.tokens[.admin]!)"])
            #expect(erasure.status == .misdirectedRequest)
        }
    }
}
