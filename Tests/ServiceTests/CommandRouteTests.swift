import Foundation
import Hummingbird
import HummingbirdTesting
import Ledger
import Queries
import Service
import Testing
import TestSupport

/// What the service answers of a recorded command.
struct RecordedBody: Decodable {
    struct Span: Decodable { let first: UInt64; let last: UInt64 }
    let id: String
    let stream: String
    let positions: Span
    let streamVersions: Span
    let alreadyRecorded: Bool
}

struct EventPageBody: Decodable { let events: [EventDocument]; let next: UInt64? }

@Suite struct CommandRouteTests {
    static let receive = """
        {"channel": "12315-online", "consumer": "consumer-h", "consumerName": "张三", "consumerPhone": "13900000009",
         "merchant": "91330421MA28JJY015", "merchantName": "商户", "category": "goods", "subcategory": "食品",
         "amountInDisputeFen": 9900, "receivedRegion": "330421", "merchantRegion": "330421", "receivedOn": "2025-06-02"}
        """

    /// The merchant's own stream sets the window a no-reason return is held to: it pledged 7 days, and the
    /// complaint was received on 2025-06-02, so goods bought 2025-05-26 may be returned and 2025-05-25 may not.
    @Test func aNoReasonReturnIsHeldToTheWindowTheMerchantPledged() async throws {
        try await ServedLedger().test { client in
            let code = ServedLedger.quiet
            #expect(try await client.post("/v1/merchants/\(code)/pledge", #"{"on": "2025-05-01", "kind": "offline-no-reason-return", "windowDays": 7}"#).status == .created)
            #expect(try await client.post("/v1/complaints/r-7/receive", Self.receive).status == .created)
            #expect(try await client.post("/v1/complaints/r-7/accept", #"{"on": "2025-06-03"}"#).status == .created)
            let late = try await client.post("/v1/complaints/r-7/compensate",
                                              #"{"on": "2025-06-04", "amountFen": 9900, "payer": "merchant", "kind": "no-reason-return", "purchasedOn": "2025-05-25"}"#)
            #expect(late.status == .unprocessableContent && String(buffer: late.body).contains("within 7 days"))
            let inTime = try await client.post("/v1/complaints/r-7/compensate",
                                               #"{"on": "2025-06-04", "amountFen": 9900, "payer": "merchant", "kind": "no-reason-return", "purchasedOn": "2025-05-26"}"#)
            #expect(inTime.status == .created)
        }
    }

    /// A regulator corrects a mistyped payment: the stream keeps both events, the statistics count the amended
    /// amount, a mediator may not correct, and a correction that names no field or voids a stage is refused.
    @Test func aCorrectionIsRecordedBesideWhatItCorrectsAndCounted() async throws {
        try await ServedLedger().test { client in
            #expect(try await client.post("/v1/complaints/c-1/receive", Self.receive).status == .created)
            #expect(try await client.post("/v1/complaints/c-1/accept", #"{"on": "2025-06-03"}"#).status == .created)
            let paid = try decode(RecordedBody.self, try await client.post(
                "/v1/complaints/c-1/compensate", #"{"on": "2025-06-04", "amountFen": 39600, "payer": "merchant", "kind": "refund"}"#))
            let amend = #"{"on": "2025-06-05", "corrects": \#(paid.positions.first), "reason": "金额录入错误", "amountFen": 3960}"#
            #expect(try await client.post("/v1/complaints/c-1/correct", amend, as: .mediator).status == .forbidden)
            let neither = try await client.post("/v1/complaints/c-1/correct", #"{"on": "2025-06-05", "corrects": \#(paid.positions.first), "reason": "r"}"#)
            #expect(try neither.status == .unprocessableContent && decode(ProblemBody.self, neither).field == "correct")
            let stage = try await client.post("/v1/complaints/c-1/correct", #"{"on": "2025-06-05", "corrects": \#(paid.positions.first - 1), "reason": "r", "void": true}"#)
            #expect(stage.status == .unprocessableContent && String(buffer: stage.body).contains("complaint.accepted cannot be voided"))
            let corrected = try await client.post("/v1/complaints/c-1/correct", amend)
            #expect(corrected.status == .created, "\(String(buffer: corrected.body))")
            let position = try decode(RecordedBody.self, corrected).positions.first

            let events = try decode(EventPageBody.self, try await client.get("/v1/streams/complaint-c-1/events?minPosition=\(position)"))
            #expect(events.events.map(\.type) == ["complaint.received", "complaint.accepted", "complaint.compensated", "complaint.corrected"])
            let statistics = try decode(StatisticsDocument.self, try await client.get("/v1/statistics?merchant=91330421MA28JJY015&minPosition=\(position)"))
            #expect(statistics.groups.first?.recoveredFen == 3960)
        }
    }

    @Test func aCommandIsRecordedWithTheCallersActorAndReadBackWithMinPosition() async throws {
        let served = try await ServedLedger()
        let ledger = served.scratch.ledger
        try await served.test { client in
            let received = try await client.post("/v1/complaints/h-1/receive", Self.receive, key: "k-1")
            #expect(received.status == .created)
            let first = try decode(RecordedBody.self, received)
            #expect(first.id == "k-1" && first.stream == "complaint-h-1" && first.positions.first == 11 && !first.alreadyRecorded)
            // The actor comes from the token: a body that names one is refused, naming the member, and writes nothing.
            let forged = try await client.post("/v1/complaints/h-1/accept", #"{"on": "2025-06-03", "actor": {"id": "forged", "role": "admin"}}"#)
            #expect(forged.status == .unprocessableContent)
            #expect(try decode(ProblemBody.self, forged).field == "actor")
            let accepted = try await client.post("/v1/complaints/h-1/accept", #"{"on": "2025-06-03"}"#)
            #expect(accepted.status == .created)
            let second = try decode(RecordedBody.self, accepted)
            #expect(second.positions.first == 12 && second.streamVersions.first == 2)
            // Answered only once durable: the ledger holds both.
            #expect(try ledger.head().position == 12)

            let statistics = try decode(StatisticsDocument.self, try await client.get("/v1/statistics?by=year&minPosition=12"))
            #expect(statistics.position >= 12 && statistics.groups.first?.received == 4)
            let events = try decode(EventPageBody.self, try await client.get("/v1/streams/complaint-h-1/events?minPosition=12"))
            #expect(events.events.map(\.type) == ["complaint.received", "complaint.accepted"])
            #expect(events.events.allSatisfy { $0.actor.id == "regulator-1" && $0.actor.role == "regulator" })
            #expect(events.events.first?.commandID == "k-1")
            // The consumer's name and phone were sealed before they reached the log.
            let payload = Data(base64Encoded: events.events[0].payload)!
            #expect(payload.range(of: Data("张三".utf8)) == nil && payload.range(of: Data("13900000009".utf8)) == nil)

            let beyond = try await client.get("/v1/tiers?minPosition=99")
            #expect(beyond.status == .unprocessableContent)
            #expect(try decode(ProblemBody.self, beyond).field == "minPosition")
        }
    }

    @Test func anAnswerKeptForAPositionIsNotGivenOnceTheModelsMoveOn() async throws {
        try await ServedLedger().test { client in
            let before = try await client.get("/v1/statistics?by=year&from=2025-01-01")
            let again = try await client.get("/v1/statistics?from=2025-01-01&by=year")
            #expect(String(buffer: again.body) == String(buffer: before.body))
            #expect(try decode(StatisticsDocument.self, before).groups.first?.received == 3)
            #expect(try await client.post("/v1/complaints/h-1/receive", Self.receive).status == .created)
            let after = try decode(StatisticsDocument.self, try await client.get("/v1/statistics?by=year&from=2025-01-01&minPosition=11"))
            #expect(after.position == 11 && after.groups.first?.received == 4)
        }
    }

    @Test func aRetryWithTheSameKeyRecordsNothingNew() async throws {
        let served = try await ServedLedger()
        let ledger = served.scratch.ledger
        try await served.test { client in
            let first = try decode(RecordedBody.self, try await client.post("/v1/complaints/h-2/receive", Self.receive, key: "k-2"))
            let retry = try await client.post("/v1/complaints/h-2/receive", Self.receive, key: "k-2")
            #expect(retry.status == .ok)
            let again = try decode(RecordedBody.self, retry)
            #expect(again.alreadyRecorded && again.positions.first == first.positions.first)
            #expect(try ledger.head().position == first.positions.last)

            // The same key for another complaint is refused, not silently answered.
            let reused = try await client.post("/v1/complaints/h-9/receive", Self.receive, key: "k-2")
            #expect(reused.status == .unprocessableContent)
            #expect(try decode(ProblemBody.self, reused).field == "Idempotency-Key")

            // The body's id serves when no header is given; given both, they must agree.
            let byBody = try decode(RecordedBody.self, try await client.post("/v1/complaints/h-2/accept", #"{"id": "k-3", "on": "2025-06-03"}"#))
            #expect(byBody.id == "k-3")
            let clash = try await client.post("/v1/complaints/h-2/startMediation", #"{"id": "k-4", "on": "2025-06-04", "mode": "odr"}"#, key: "k-5")
            #expect(clash.status == .unprocessableContent)
            #expect(try decode(ProblemBody.self, clash).field == "id")
            #expect(try ledger.head().position == byBody.positions.last)

            // A key is any text: quotes and backslashes reach the log as they were sent.
            let odd = try decode(RecordedBody.self, try await client.post("/v1/complaints/h-2/startMediation", #"{"on": "2025-06-04", "mode": "odr"}"#, key: #"k"6\x"#))
            #expect(odd.id == #"k"6\x"#)
        }
    }

    @Test func aStaleExpectedVersionIsAConflictWithTheActualVersion() async throws {
        let served = try await ServedLedger()
        let ledger = served.scratch.ledger
        try await served.test { client in
            let created = try await client.post("/v1/complaints/h-3/receive?expectedVersion=0", Self.receive)
            #expect(created.status == .created)
            let stale = try await client.post("/v1/complaints/h-3/accept?expectedVersion=0", #"{"on": "2025-06-03"}"#)
            #expect(stale.status == .conflict)
            let problem = try decode(ProblemBody.self, stale)
            #expect(problem.actualVersion == 1 && problem.status == 409)
            #expect(try ledger.head().position == 11)
            let current = try await client.post("/v1/complaints/h-3/accept?expectedVersion=1", #"{"on": "2025-06-03"}"#)
            #expect(current.status == .created)
            let malformed = try await client.post("/v1/complaints/h-3/close?expectedVersion=latest", #"{"on": "2025-06-05"}"#)
            #expect(malformed.status == .unprocessableContent)
            #expect(try decode(ProblemBody.self, malformed).field == "expectedVersion")

            let metrics = String(buffer: try await client.get("/metrics", as: nil).body)
            #expect(metrics.contains("fangxin_conflicts_total 1"))
            #expect(metrics.contains("fangxin_appends_total 2"))
        }
    }

    @Test func badBodiesAreRefusedNamingTheFieldAndWriteNothing() async throws {
        let served = try await ServedLedger()
        let ledger = served.scratch.ledger
        try await served.test { client in
            for (body, status, field) in [("not json", HTTPResponse.Status.badRequest, nil), ("[1]", .badRequest, nil),
                                          ("{}", .unprocessableContent, "on"), (#"{"on": "2025-13-40"}"#, .unprocessableContent, "on"),
                                          (#"{"on": 20250603}"#, .unprocessableContent, "on")] as [(String, HTTPResponse.Status, String?)] {
                let response = try await client.post("/v1/complaints/t-1/close", body)
                #expect(response.status == status, "\(body)")
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(try decode(ProblemBody.self, response).field == field, "\(body)")
            }
            let mode = try await client.post("/v1/complaints/t-1/startMediation", #"{"on": "2025-03-04", "mode": "telepathy"}"#)
            #expect(mode.status == .unprocessableContent)
            let problem = try decode(ProblemBody.self, mode)
            #expect(problem.field == "mode" && problem.detail.contains("odr"))
            // The domain's refusal: no such complaint.
            let unknown = try await client.post("/v1/complaints/nobody/accept", #"{"on": "2025-06-03"}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect(try decode(ProblemBody.self, unknown).detail.contains("no such complaint"))
            // A pledge without its window: the domain names the body's field.
            let window = try await client.post("/v1/merchants/\(ServedLedger.quiet)/pledge", #"{"on": "2025-02-01", "kind": "offline-no-reason-return"}"#)
            #expect(window.status == .unprocessableContent)
            #expect(try decode(ProblemBody.self, window).field == "windowDays")
            let noSuchCommand = try await client.post("/v1/complaints/t-1/fly", "{}")
            #expect(noSuchCommand.status == .notFound)
            #expect(try decode(ProblemBody.self, noSuchCommand).title == "Not Found")
            #expect(try ledger.head().position == 10)
        }
    }

    @Test func eachRoleAppendsOnlyItsOwnKindsOfEvent() async throws {
        let served = try await ServedLedger()
        let ledger = served.scratch.ledger
        try await served.test { client in
            let grant = #"{"on": "2025-04-01", "bank": "岱山农商银行", "product": "放心贷", "amountFen": 50000000, "termMonths": 12}"#
            let mediate = #"{"on": "2025-03-04", "mode": "odr"}"#
            let pledge = #"{"on": "2025-02-01", "kind": "offline-no-reason-return", "windowDays": 7}"#
            let report = #"{"channel": "12315-hotline", "reporter": "r-1", "merchantName": "商户", "allegation": "无照经营", "receivedRegion": "330522", "receivedOn": "2025-04-01"}"#
            let allowed: [(Role, String, String)] = [
                (.regulator, "/v1/reports/rp-1/receiveReport", report),
                (.bank, "/v1/merchants/\(ServedLedger.warned)/grantCredit", grant),
                // An operator may send anything, as `fangxin import` does.
                (.admin, "/v1/merchants/\(ServedLedger.warned)/revokeCredit",
                 #"{"on": "2025-05-01", "bank": "岱山农商银行", "product": "放心贷", "reason": "预警"}"#),
                (.mediator, "/v1/complaints/t-1/startMediation", mediate),
                (.merchant, "/v1/merchants/\(ServedLedger.quiet)/pledge", pledge),
            ]
            for (role, uri, body) in allowed {
                let response = try await client.post(uri, body, as: role)
                #expect(response.status == .created, "\(role) \(uri): \(String(buffer: response.body))")
            }
            let refused: [(Role, String, String)] = [
                (.bank, "/v1/complaints/t-2/close", #"{"on": "2025-03-05"}"#),
                (.mediator, "/v1/merchants/\(ServedLedger.warned)/grantCredit", grant),
                (.regulator, "/v1/merchants/\(ServedLedger.quiet)/grantCredit", grant),
                (.merchant, "/v1/merchants/\(ServedLedger.warned)/pledge", pledge),
                (.merchant, "/v1/complaints/t-2/close", #"{"on": "2025-03-05"}"#),
                (.auditor, "/v1/complaints/t-2/startMediation", mediate),
                (.mediator, "/v1/reports/rp-2/receiveReport", report),
                (.bank, "/v1/reports/rp-2/receiveReport", report),
            ]
            let head = try ledger.head().position
            for (role, uri, body) in refused {
                let response = try await client.post(uri, body, as: role)
                #expect(response.status == .forbidden, "\(role) \(uri)")
            }
            let anonymous = try await client.post("/v1/complaints/t-2/close", #"{"on": "2025-03-05"}"#, as: nil)
            #expect(anonymous.status == .unauthorized)
            #expect(try ledger.head().position == head)
        }
    }
}
