import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Replication
import Service
import Testing
import Vault

/// A primary's standby stream and acknowledgement after a standby holds a command (`serve --ack-replicas`): the
/// stream is a replica's only, carries the records and the vault's keys, refuses a copy that is not a prefix of
/// the log, and what a standby says it holds is what lets a command be answered.
@Suite struct StandbyRouteTests {
    static let receive = #"{"channel": "12315-hotline", "consumer": "consumer-s1", "consumerName": "赵六", "consumerPhone": "13900000000", "merchant": "91330522MA2B3C4D57", "merchantName": "商户", "category": "goods", "subcategory": "食品", "amountInDisputeFen": 100, "receivedRegion": "330522", "merchantRegion": "330522", "receivedOn": "2025-03-03"}"#

    static func stream(_ client: any TestClientProtocol, after: UInt64, hash: String, slots: UInt64 = 0, wait: Int = 0,
                       as role: Role = .replica) async throws -> TestResponse {
        try await client.get("/v1/standby/stream?after=\(after)&hash=\(hash)&slots=\(slots)&wait=\(wait)", as: role)
    }

    /// The log's head, from the stream from nothing (which says the asker holds nothing: no command waits on it).
    static func head(_ client: any TestClientProtocol) async throws -> (position: UInt64, hash: String) {
        let frame = try StandbyFrame(parsing: Array(buffer: try await stream(client, after: 0, hash: "").body))
        let hash = try #require(frame.records.last).withUnsafeBytes { try RecordView(parsing: $0).chainHash.hex }
        return (UInt64(frame.records.count), hash)
    }

    @Test func aCommandIsAnsweredOnlyOnceAStandbyHoldsIt() async throws {
        let served = try await ServedLedger(acks: StandbyAcks(required: 1, timeout: .milliseconds(300)))
        try await served.service.application().test(.router) { client in
            // No standby follows: not ready, once the read models are, and a command is recorded but not acknowledged.
            var ready = try await client.get("/ready", as: nil)
            for _ in 0..<200 where String(buffer: ready.body).contains("catching up") {
                try await Task.sleep(for: .milliseconds(10))
                ready = try await client.get("/ready", as: nil)
            }
            #expect(ready.status == .serviceUnavailable && String(buffer: ready.body).contains("0 standbys are following"))
            let refused = try await client.post("/v1/complaints/s-1/receive", Self.receive, key: "cmd-s1")
            #expect(refused.status == .serviceUnavailable && refused.headers[.retryAfter] == "1")
            let problem = try decode(ProblemBody.self, refused)
            #expect(problem.detail.contains("is recorded on this primary") && problem.detail.contains("same Idempotency-Key"), "\(problem.detail)")
            let metrics = String(buffer: try await client.get("/metrics", as: nil).body)
            #expect(ReplicaRouteTests.metric("fangxin_unacknowledged_total", in: metrics) == 1)
            #expect(ReplicaRouteTests.metric("fangxin_standbys_following", in: metrics) == 0)

            // The stream is a replica's: it carries the keys. No other role reads it, nor a caller without a token.
            #expect(try await Self.stream(client, after: 0, hash: "").status == .ok)
            for role in Role.allCases where role != .replica {
                #expect(try await Self.stream(client, after: 0, hash: "", as: role).status == .forbidden, "\(role)")
            }
            #expect(try await client.get("/v1/standby/stream?after=0&slots=0", as: nil).status == .unauthorized)

            // From nothing: every record, and the vault's key of the complainant, which opens the sealed name.
            let (size, hash) = try await Self.head(client)
            let first = try StandbyFrame(parsing: Array(buffer: try await Self.stream(client, after: 0, hash: "").body))
            #expect(first.first == 1 && UInt64(first.records.count) == size && first.primarySize == size)
            #expect(first.firstSlot == 0 && first.keys.contains { $0.subject == "consumer-s1" && $0.key?.count == 32 })
            // Asked for no record (replicate's first ask): none, and the primary's size.
            let none = try StandbyFrame(parsing: Array(buffer: try await client.get("/v1/standby/stream?after=0&slots=0&limit=0", as: .replica).body))
            #expect(none.records.isEmpty && none.primarySize == size)
            #expect(try await client.get("/v1/standby/stream?after=0&slots=0&limit=4097", as: .replica).status == .unprocessableContent)
            let last = try #require(first.records.last)
            #expect(try last.withUnsafeBytes { try RecordView(parsing: $0).chainHash.hex } == hash)

            // A copy that is not this log's: another hash, or more records than it holds.
            let forked = try await Self.stream(client, after: size, hash: String(repeating: "0", count: 64))
            #expect(forked.status == .conflict && String(buffer: forked.body).contains("not a prefix of this log"))
            #expect(try await Self.stream(client, after: size + 1, hash: hash).status == .conflict)
            #expect(try await Self.stream(client, after: size, hash: hash, slots: 1 << 40).status == .ok)
            #expect(try await Self.stream(client, after: 1, hash: "x", wait: 10_001).status == .unprocessableContent)

            // Once a standby says it holds the command, the retry is answered with what was recorded.
            #expect(try await Self.stream(client, after: size, hash: hash, slots: UInt64(first.keys.count)).status == .ok)
            let retried = try await client.post("/v1/complaints/s-1/receive", Self.receive, key: "cmd-s1")
            #expect(retried.status == .ok && String(buffer: retried.body).contains(#""alreadyRecorded":true"#))
            #expect(try await client.get("/ready", as: nil).status == .ok)
        }
    }

    @Test func aStandbyWaitingIsWokenByTheNextCommandWhichItsNextAskAcknowledges() async throws {
        let served = try await ServedLedger(acks: StandbyAcks(required: 1, timeout: .seconds(20)))
        try await served.service.application().test(.router) { client in
            let (size, hash) = try await Self.head(client)
            let slots = try StandbyFrame(parsing: Array(buffer: try await Self.stream(client, after: 0, hash: "").body)).keys.count
            // The standby waits for the next record; the command waits for the standby.
            async let waited = Self.stream(client, after: size, hash: hash, slots: UInt64(slots), wait: 10_000)
            async let command = client.post("/v1/complaints/s-2/receive", Self.receive.replacingOccurrences(of: "consumer-s1", with: "consumer-s2"), key: "cmd-s2")
            let frame = try StandbyFrame(parsing: Array(buffer: try await waited.body))
            #expect(frame.first == size + 1 && frame.records.count == 1 && frame.keys.map(\.subject) == ["consumer-s2"])
            let newHash = try frame.records[0].withUnsafeBytes { try RecordView(parsing: $0).chainHash.hex }
            #expect(try await Self.stream(client, after: size + 1, hash: newHash, slots: UInt64(slots + 1)).status == .ok)
            #expect(try await command.status == .created)
        }
    }

    @Test func anErasureIsAcknowledgedAsACommandIs() async throws {
        let served = try await ServedLedger(acks: StandbyAcks(required: 1, timeout: .milliseconds(200)))
        try await served.service.application().test(.router) { client in
            _ = try await client.post("/v1/complaints/s-3/receive", Self.receive, key: "cmd-s3")
            let erased = try await client.post("/v1/privacy/erasures", #"{"subject": "consumer-s1", "reason": "本人申请"}"#, as: .admin)
            #expect(erased.status == .serviceUnavailable && String(buffer: erased.body).contains("the erasure of consumer-s1"))
            let (size, hash) = try await Self.head(client)
            #expect(try await Self.stream(client, after: size, hash: hash).status == .ok)
            let again = try await client.post("/v1/privacy/erasures", #"{"subject": "consumer-s1", "reason": "本人申请"}"#, as: .admin)
            #expect(again.status == .ok)
        }
    }

    @Test func hostileParametersAreRefusedNamingThemAndExtremesAnswer() async throws {
        let served = try await ServedLedger()
        try await served.test { client in
            let huge = String(repeating: "9", count: 4 << 20)
            var refused: [(String, String)] = []
            for name in ["after", "slots", "wait", "limit"] {
                for value in ["-1", "", "1.5", "18446744073709551615", "18446744073709551616", huge] {
                    let others = ["after": "0", "slots": "0", "wait": "0", "limit": "1"].filter { $0.key != name }.map { "\($0.key)=\($0.value)" }
                    refused.append(("/v1/standby/stream?\(name)=\(value)&" + others.joined(separator: "&"), name))
                }
            }
            refused += [("/v1/standby/stream?after=0&slots=0&wait=10001", "wait"), ("/v1/standby/stream?after=0&slots=0&wait=9223372036854775807", "wait"),
                        ("/v1/standby/stream?slots=0", "after"), ("/v1/standby/stream?after=0", "slots")]
            for (uri, field) in refused {
                let response = try await client.get(uri, as: .replica)
                #expect(response.status == .unprocessableContent, "\(uri.prefix(60)): \(response.status)")
                #expect(try decode(ProblemBody.self, response).field == field, "\(uri.prefix(60))")
                #expect(response.body.readableBytes < 1_024, "\(uri.prefix(60)): \(response.body.readableBytes) bytes")
            }
            // The largest values answer: more records than the log holds is no prefix; more slots than the vault's, none.
            let beyond = try await client.get("/v1/standby/stream?after=9223372036854775807&slots=0", as: .replica)
            #expect(beyond.status == .conflict)
            let (size, hash) = try await Self.head(client)
            let noSlots = try StandbyFrame(parsing: Array(buffer: try await client.get("/v1/standby/stream?after=\(size)&hash=\(hash)&slots=9223372036854775807", as: .replica).body))
            #expect(noSlots.records.isEmpty && noSlots.keys.isEmpty && noSlots.firstSlot == UInt64(Int64.max))
            // A 4 MiB hash is refused as no prefix, quoted by its start only.
            let long = try await client.get("/v1/standby/stream?after=\(size)&slots=0&hash=" + String(repeating: "a", count: 4 << 20), as: .replica)
            #expect(long.status == .conflict && long.body.readableBytes < 1_024)
        }
    }
}
