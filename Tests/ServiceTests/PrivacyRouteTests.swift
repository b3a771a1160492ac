import Foundation
import Hummingbird
import HummingbirdTesting
import Service
import Testing

/// Personal data on request: a regulator of the case's region reads a complainant's contact details, each read
/// recorded first; an operator carries out an erasure, after which nothing is left to read.
@Suite struct PrivacyRouteTests {
    @Test func aRegulatorRevealsAndAnOperatorErases() async throws {
        try await ServedLedger().test { client in
            let receive = #"{"channel": "12315-hotline", "consumer": "consumer-p1", "consumerName": "王五", "consumerPhone": "13800000000", "merchant": "91330522MA2B3C4D57", "merchantName": "商户", "category": "goods", "subcategory": "食品", "amountInDisputeFen": 100, "receivedRegion": "330522", "merchantRegion": "330522", "receivedOn": "2025-03-03"}"#
            #expect(try await client.post("/v1/complaints/p-1/receive", receive).status == .created)

            let revealed = try await client.post("/v1/complaints/p-1/reveal", #"{"reason": "回访需要联系消费者"}"#)
            #expect(revealed.status == .ok)
            struct Contact: Decodable { let complaint: String; let subject: String; let name: String?; let phone: String? }
            let contact = try decode(Contact.self, revealed)
            #expect(contact.name == "王五" && contact.phone == "13800000000" && contact.subject == "consumer-p1")

            // Other roles never see personal data; a request must say why, and only that.
            for role in [Role.mediator, .auditor, .admin, .bank, .merchant] {
                #expect(try await client.post("/v1/complaints/p-1/reveal", #"{"reason": "x"}"#, as: role).status == .forbidden, "\(role)")
            }
            for (body, field) in [(#"{}"#, "reason"), (#"{"reason": ""}"#, "reason"), (#"{"reason": "x", "why": "y"}"#, "why"),
                                  (#"{"reason": "a\u0001b"}"#, "reason")] {
                let refused = try await client.post("/v1/complaints/p-1/reveal", body)
                let problem = try decode(ProblemBody.self, refused)
                #expect(refused.status == .unprocessableContent && problem.field == field, "\(body)")
            }
            #expect(try await client.post("/v1/complaints/nobody/reveal", #"{"reason": "x"}"#).status == .notFound)

            #expect(try await client.post("/v1/privacy/erasures", #"{"subject": "consumer-p1", "reason": "本人申请删除"}"#).status == .forbidden)
            #expect(try await client.post("/v1/privacy/erasures", #"{"subject": "consumer-p1", "reason": "本人申请删除"}"#, as: .admin).status == .ok)
            let again = try await client.post("/v1/privacy/erasures", #"{"subject": "consumer-p1", "reason": "本人申请删除"}"#, as: .admin)
            #expect(again.status == .ok && String(buffer: again.body).contains(#""alreadyRecorded":true"#))
            #expect(try await client.post("/v1/privacy/erasures", #"{"subject": "nobody", "reason": "x"}"#, as: .admin).status == .notFound)
            let erased = try await client.post("/v1/complaints/p-1/reveal", #"{"reason": "再次联系"}"#)
            #expect(erased.status == .unprocessableContent && String(buffer: erased.body).contains("erased"))

            // Hostile bodies: too large, not an object, a subject past the id bounds, an unknown member.
            let huge = #"{"reason": ""# + String(repeating: "x", count: 4 << 20) + #""}"#
            #expect(try await client.post("/v1/complaints/p-1/reveal", huge).status == .contentTooLarge)
            #expect(try await client.post("/v1/privacy/erasures", "[1]", as: .admin).status == .badRequest)
            let long = try await client.post("/v1/privacy/erasures", #"{"subject": ""# + String(repeating: "长", count: 41) + #"", "reason": "x"}"#, as: .admin)
            let longProblem = try decode(ProblemBody.self, long)
            #expect(long.status == .unprocessableContent && longProblem.field == "subject")
            #expect(try await client.post("/v1/privacy/erasures", #"{"subject": "s", "reason": "x", "all": true}"#, as: .admin).status == .unprocessableContent)

            // The trail shows every access and the erasure, who and why, and nothing of what was read or erased.
            let stream = String(buffer: try await client.get("/v1/streams/privacy/events").body)
            #expect(stream.contains(#""type":"privacy.revealed""#) && stream.contains(#""type":"privacy.erased""#))
            #expect(stream.contains(#""id":"regulator-1""#) && stream.contains(#""id":"admin-1""#) && stream.contains("回访需要联系消费者"))
            #expect(!stream.contains("王五") && !stream.contains("13800000000"))
        }
    }
}
