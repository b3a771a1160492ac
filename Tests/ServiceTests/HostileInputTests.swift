import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Queries
import ReadModels
import Service
import Testing
import TestSupport

/// What a hostile caller with an ordinary token sends is refused before it reaches the log, and whatever the log
/// already holds (written by an earlier version) still folds: every read answers.
@Suite struct HostileInputTests {
    @Test func valuesOutOfBoundsAreRefusedNamingTheFieldAndNothingIsWritten() async throws {
        let served = try await ServedLedger()
        let ledger = served.scratch.ledger
        try await served.test { client in
            let head = try ledger.head().position
            let code = ServedLedger.quiet.description
            let refusals: [(uri: String, body: String, role: Role, field: String)] = [
                ("/v1/complaints/t-1/accept", #"{"on": "9999-12-31"}"#, .regulator, "on"),
                ("/v1/complaints/h-9/receive", CommandRouteTests.receive.replacingOccurrences(of: "2025-06-02", with: "9999-12-31"), .regulator, "receivedOn"),
                ("/v1/complaints/h-9/receive", CommandRouteTests.receive.replacingOccurrences(of: "2025-06-02", with: "1999-12-31"), .regulator, "receivedOn"),
                // Within the range, but after the ledger's own day.
                ("/v1/complaints/h-9/receive", CommandRouteTests.receive.replacingOccurrences(of: "2025-06-02", with: "2099-12-31"), .regulator, "receivedOn"),
                ("/v1/merchants/\(code)/rectify", #"{"on": "9999-12-31", "description": "x"}"#, .merchant, "on"),
                ("/v1/merchants/\(code)/grantCredit", #"{"on": "2025-06-01", "bank": "b", "product": "p", "amountFen": 9223372036854775807, "termMonths": 12}"#, .bank, "amountFen"),
                ("/v1/merchants/\(code)/grantCredit", #"{"on": "2025-06-01", "bank": "b", "product": "p", "amountFen": 100, "termMonths": 100000}"#, .bank, "termMonths"),
                ("/v1/complaints/h-9/receive", CommandRouteTests.receive.replacingOccurrences(of: "9900", with: "9223372036854775807"), .regulator, "amountInDisputeFen"),
                ("/v1/complaints/t-1/compensate", #"{"on": "2025-06-01", "amountFen": 10000000001, "payer": "merchant", "kind": "refund"}"#, .mediator, "amountFen"),
                ("/v1/complaints/h-9/receive", CommandRouteTests.receive.replacingOccurrences(of: "\"商户\"", with: "\"\(String(repeating: "商", count: 101))\""), .regulator, "merchantName"),
                ("/v1/complaints/h-9/receive", CommandRouteTests.receive.replacingOccurrences(of: "\"食品\"", with: #""食\u0007品""#), .regulator, "subcategory"),
                ("/v1/complaints/\(String(repeating: "x", count: 101))/accept", #"{"on": "2025-06-01"}"#, .regulator, "complaint"),
            ]
            for refusal in refusals {
                let response = try await client.post(refusal.uri, refusal.body, as: refusal.role)
                #expect(response.status == .unprocessableContent, "\(refusal.uri) \(refusal.field): \(String(buffer: response.body))")
                #expect(try decode(ProblemBody.self, response).field == refusal.field, "\(String(buffer: response.body))")
            }
            #expect(try ledger.head().position == head)
        }
    }

    /// A command within every field's bound and the body's 64 KiB can still make an event too large for one record
    /// (docs/FORMAT.md: a record is at most 65,535 bytes, what a tlog-tiles entry bundle carries).
    /// A member given twice means one thing to one JSON reader and another to the next (the fuzzer found a body
    /// whose `receivedOn` was valid first and malformed last trap the service): it is refused, naming the member,
    /// in a command's body, in an import line and in any other body, and nothing is written.
    @Test func aMemberGivenTwiceIsRefusedNamingIt() async throws {
        let served = try await ServedLedger()
        let ledger = served.scratch.ledger
        let found = try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz/http-body/member-given-twice"))
        try await served.test { client in
            let head = try ledger.head().position
            let bodies = [
                String(decoding: found.dropFirst(), as: UTF8.self),
                CommandRouteTests.receive.replacingOccurrences(of: "\"receivedOn\": \"2025-06-02\"", with: "\"receivedOn\": \"2025-06-02\", \"receivedOn\": \"2025-06\""),
                CommandRouteTests.receive.replacingOccurrences(of: "\"receivedOn\": \"2025-06-02\"", with: "\"receivedOn\": \"2025-06-02\", \"receivedOn\": \"2025-06-02\""),
            ]
            for body in bodies {
                let answer = try await client.post("/v1/complaints/twice-1/receive", body)
                #expect(answer.status == .badRequest || answer.status == .unprocessableContent, "\(answer.status)")
                #expect(String(buffer: answer.body).contains("given twice"), "\(String(buffer: answer.body))")
            }
            let erasure = try await client.post("/v1/privacy/erasures", #"{"subject": "a", "subject": "b", "reason": "r"}"#, as: .admin)
            #expect(erasure.status == .badRequest)
            #expect(try ledger.head().position == head)
        }
    }

    @Test func anEventTooLargeForARecordIsRefusedWholeSayingWhy() async throws {
        let served = try await ServedLedger()
        let ledger = served.scratch.ledger
        try await served.test { client in
            let code = "91330921MA2A0D4Q8F"
            let applied = try await client.post("/v1/merchants/\(code)/apply",
                #"{"on": "2025-06-01", "name": "商户", "region": "330921", "industry": "零售", "address": "岱山", "route": "self-declared"}"#)
            #expect(applied.status == .created, "\(String(buffer: applied.body))")
            let head = try ledger.head().position
            // Ten reasons of 2,000 characters (6,000 bytes each), then reasons of x up to a body of 65,530 bytes.
            var reasons = Array(repeating: String(repeating: "商", count: 2_000), count: 10)
            func body() -> String { #"{"on": "2025-06-02", "passed": false, "reasons": ["# + reasons.map { "\"\($0)\"" }.joined(separator: ",") + "]}" }
            while body().utf8.count < 65_530 {
                if reasons.last!.hasPrefix("x") && reasons.last!.count < 2_000 { reasons[reasons.count - 1] += "x" } else { reasons.append("x") }
            }
            let body = body()
            #expect(body.utf8.count == 65_530)
            let response = try await client.post("/v1/merchants/\(code)/preReview", body)
            #expect(response.status == .unprocessableContent)
            let problem = try decode(ProblemBody.self, response)
            #expect(problem.detail.contains("more than the 65535 a record may be"), "\(problem.detail)")
            #expect(problem.field == nil)
            #expect(try ledger.head().position == head)
        }
    }

    @Test func parametersMeanWhatTheySay() async throws {
        let served = try await ServedLedger()
        let ledger = served.scratch.ledger
        try await served.test { client in
            // Ids in any script, percent-encoded in the path, are decoded as import reads them.
            let received = try await client.post("/v1/complaints/%E6%8A%95%E8%AF%89-1/receive", CommandRouteTests.receive)
            #expect(received.status == .created)
            #expect(try decode(RecordedBody.self, received).stream == "complaint-投诉-1")
            let events = try decode(EventPageBody.self, try await client.get("/v1/streams/complaint-%E6%8A%95%E8%AF%89-1/events"))
            #expect(events.events.map(\.stream) == ["complaint-投诉-1"])
            #expect(try await client.get("/v1/streams/complaint-%E6%8A%95%ZZ/events").status == .badRequest)

            let head = try ledger.head().position
            let refused: [(uri: String, field: String)] = [
                ("/v1/tiers?asOf=2026-02-30", "asOf"), ("/v1/tiers?asOf=2026-03-01T24:00:00Z", "asOf"), ("/v1/events?limit=+5", "limit"),
                ("/v1/events?from=-1", "from"), ("/v1/statistics?from=2026-02-30", "from"), ("/v1/tiers?minPosition=+1", "minPosition"),
            ] + ["/v1/tiers", "/v1/tiers/warning", "/v1/merchants/\(ServedLedger.warned)", "/v1/statistics", "/v1/credit", "/v1/set-aside", "/v1/models",
                 "/v1/events", "/v1/trail/streams/complaint-t-1", "/v1/trail/actors/tester", "/v1/streams/complaint-t-1/events"].map {
                ($0 + "?asOf=\(head + 1)", "asOf")
            }
            for (uri, field) in refused {
                let response = try await client.get(uri)
                #expect(response.status == .unprocessableContent, "\(uri): \(response.status)")
                #expect(try decode(ProblemBody.self, response).field == field, "\(uri)")
            }
            #expect(try await client.get("/v1/tiers?asOf=2026-03-01T09:30:00.5%2B08:00").status == .ok)
            #expect(try await client.get("/v1/tiers?asOf=\(head)").status == .ok)
        }
    }

    @Test func aTokenActsOnlyForItsOrganisation() async throws {
        let served = try await ServedLedger()
        let ledger = served.scratch.ledger
        try await served.test { client in
            let code = ServedLedger.quiet.description
            let grant = { (bank: String) in #"{"on": "2025-06-01", "bank": "\#(bank)", "product": "放心贷", "amountFen": 100000, "termMonths": 12}"# }
            // A bank grants in its own name, and in no other; it may not revoke another bank's line.
            #expect(try await client.post("/v1/merchants/\(code)/grantCredit", grant(ServedLedger.bank), as: .bank).status == .created)
            #expect(try await client.post("/v1/merchants/\(code)/grantCredit", grant("other-bank"), as: .admin).status == .created)
            let head = try ledger.head().position
            for (command, body) in [("grantCredit", grant("third-bank")),
                                    ("revokeCredit", #"{"on": "2025-06-02", "bank": "other-bank", "product": "放心贷", "reason": "x"}"#),
                                    ("expireCredit", #"{"on": "2025-06-02", "bank": "other-bank", "product": "放心贷"}"#)] {
                let refused = try await client.post("/v1/merchants/\(code)/\(command)", body, as: .bank)
                #expect(refused.status == .forbidden, "\(command): \(String(buffer: refused.body))")
            }
            // Zhejiang's bureau acts on Zhejiang's cases, not on one received in Jiangsu.
            let jiangsu = CommandRouteTests.receive.replacingOccurrences(of: #""receivedRegion": "330421""#, with: #""receivedRegion": "320412""#)
            #expect(try await client.post("/v1/complaints/js-1/receive", jiangsu, as: .regulator).status == .forbidden)
            #expect(try ledger.head().position == head)
            #expect(try await client.post("/v1/complaints/js-1/receive", jiangsu, as: .admin).status == .created)
            #expect(try await client.post("/v1/complaints/js-1/accept", #"{"on": "2025-06-03"}"#, as: .regulator).status == .forbidden)
            #expect(try await client.post("/v1/complaints/js-1/accept", #"{"on": "2025-06-03"}"#, as: .mediator).status == .forbidden)
            #expect(try await client.post("/v1/complaints/t-1/startMediation", #"{"on": "2025-03-04", "mode": "odr"}"#, as: .mediator).status == .created)
        }
    }

    @Test func errorsAreProblemsThatGiveNothingAway() async throws {
        let served = try await ServedLedger()
        let ledger = served.scratch.ledger
        let directory = served.scratch.directory.path
        try await served.test { client in
            let unknown = try await client.get("/v1/nothing-here")
            #expect(unknown.status == .notFound && unknown.headers[.contentType] == "application/problem+json")
            let wrongMethod = try await client.execute(uri: "/v1/tiers", method: .delete, headers: [.authorization: "Bearer \(ServedLedger.tokens[.auditor]!)"])
            #expect(wrongMethod.status == .methodNotAllowed && wrongMethod.headers[.allow] == "GET")
            #expect(wrongMethod.headers[.contentType] == "application/problem+json")
            let postOnly = try await client.get("/v1/complaints/t-1/accept")
            #expect(postOnly.status == .methodNotAllowed && postOnly.headers[.allow] == "POST")

            // The dashboard allows its own stylesheet and nothing else, and refuses to be framed.
            let page = try await client.get("/", as: nil)
            #expect(page.status == .ok)
            let policy = try #require(page.headers[.contentSecurityPolicy])
            #expect(policy.hasPrefix("default-src 'none'; style-src 'sha256-") && policy.contains("frame-ancestors 'none'"))
            #expect(page.headers[.xContentTypeOptions] == "nosniff" && page.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            #expect(page.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")

            // A fault of the service's own: an id, and neither the machine's paths nor the input.
            ledger.close()
            let fault = try await client.get("/v1/events?asOf=1&limit=7")
            #expect(fault.status == .internalServerError)
            let body = String(buffer: fault.body)
            let problem = try decode(ProblemBody.self, fault)
            #expect(problem.instance?.hasPrefix("urn:fangxin:problem:") == true)
            #expect(!body.contains(directory) && !body.contains("/tmp") && !body.contains("closed"), "\(body)")
        }
    }

    @Test func anIdempotencyKeyNamesOneRequest() async throws {
        let served = try await ServedLedger()
        let ledger = served.scratch.ledger
        try await served.test { client in
            let started = try await client.post("/v1/complaints/t-1/startMediation", #"{"on": "2025-03-04", "mode": "odr"}"#, as: .mediator, key: "k-1")
            #expect(started.status == .created)
            let head = try ledger.head().position
            // The same request again, its fields in another order and spacing: a retry.
            let retry = try await client.post("/v1/complaints/t-1/startMediation", #"{ "mode":"odr","on":"2025-03-04" }"#, as: .mediator, key: "k-1")
            #expect(retry.status == .ok)
            #expect(try decode(RecordedBody.self, retry).alreadyRecorded)
            // Another command, other fields, or another caller under the same key: refused, and nothing written.
            for (uri, body, role) in [("/v1/complaints/t-1/close", #"{"on": "2025-03-05"}"#, Role.regulator),
                                      ("/v1/complaints/t-1/startMediation", #"{"on": "2025-03-05", "mode": "odr"}"#, .mediator),
                                      ("/v1/complaints/t-1/startMediation", #"{"on": "2025-03-04", "mode": "odr"}"#, .regulator)] {
                let reused = try await client.post(uri, body, as: role, key: "k-1")
                #expect(reused.status == .unprocessableContent, "\(uri) as \(role): \(String(buffer: reused.body))")
                #expect(try decode(ProblemBody.self, reused).field == "Idempotency-Key")
            }
            #expect(try ledger.head().position == head)
            let events = try decode(EventPageBody.self, try await client.get("/v1/streams/complaint-t-1/events"))
            #expect(events.events.map(\.type).last == "complaint.mediation-started")
        }
    }

    @Test func concurrentCommandsOnOneStreamAreEachDecidedInTurn() async throws {
        let served = try await ServedLedger()
        try await served.test { client in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<30 {
                    group.addTask {
                        let body = #"{"on": "2025-03-04", "amountFen": 1, "payer": "merchant", "kind": "refund"}"#
                        return try await client.post("/v1/complaints/t-1/compensate", body, as: .mediator, key: "pay-\(index)").status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.count == 30 && statuses.allSatisfy { $0 == .created }, "\(statuses)")
            let events = try decode(EventPageBody.self, try await client.get("/v1/streams/complaint-t-1/events?limit=100"))
            #expect(events.events.filter { $0.type == "complaint.compensated" }.count == 30)
        }
    }

    @Test func whatAnEarlierVersionRecordedIsSetAsideOrFoldedAndEveryReadAnswers() async throws {
        final class Positions: @unchecked Sendable { var named: [String: UInt64] = [:] }
        let box = Positions()
        let code = ServedLedger.warned
        let served = try await ServedLedger { scratch in
            // A payload no aggregate of this build can decode.
            let garbage = try await scratch.ledger.append(Append(stream: "complaint-t-1", actor: Actor(id: "old", role: "regulator"), events: [
                NewEvent(type: "complaint.compensated", occurredAt: Timestamp(rawValue: 0), payload: [0xFF, 0xFF])]))
            box.named["garbage"] = garbage.positions.lowerBound
            // Amounts and days the bounds refuse today.
            let paid = ComplaintEvent.compensated(.init(paidOn: CivilDate("2025-03-04")!, amountFen: .max, payer: .merchant, kind: .refund))
            try await scratch.append("complaint-t-2", paid)
            box.named["overflow"] = try await scratch.append("complaint-t-2", paid)
            try await scratch.append("complaint-t-3", ComplaintEvent.closed(.init(closedOn: CivilDate.latest)))
            try await scratch.append("merchant-\(code)", MerchantEvent.violationRecorded(on: CivilDate("2025-04-01")!, kind: .violation, description: "x", penaltyFen: .max))
            try await scratch.append("merchant-\(code)", MerchantEvent.rectified(on: CivilDate.latest, description: "x"))
            for bank in ["a", "b"] {
                try await scratch.append("credit-\(code)", CreditEvent.granted(CreditGranted(
                    merchant: code, bank: bank, product: "p", amountFen: .max, termMonths: .max, grantedOn: CivilDate("2025-05-01")!)))
            }
            for bank in ["a", "b"] {
                try await scratch.append("credit-\(code)", CreditEvent.cardAcquiringOpened(on: CivilDate("2025-05-02")!, bank: bank, feeSubsidyFen: .max))
            }
            // What this change's events carry, at the ends of every range: a deposit of Int64.max drawn on twice by
            // as much, clocks suspended and resumed to the calendar's last day, an ODR track due then, a report
            // whose penalties and rewards pass Int64, a purchase on the calendar's first day and a 400-byte store.
            let latest = Deadline(date: CivilDate.latest, isProvisional: true)
            try await scratch.append("merchant-\(code)", MerchantEvent.pledged(on: CivilDate("2025-03-01")!, pledge: Pledge(kind: .priorCompensation, fundFen: .max)))
            for _ in 0..<2 {
                box.named["drawn"] = try await scratch.append("complaint-t-3", ComplaintEvent.compensated(.init(
                    paidOn: CivilDate("2025-03-04")!, amountFen: .max, payer: .priorCompensationFund, kind: .noReasonReturn,
                    purchasedOn: CivilDate.earliest, returnStore: String(repeating: "店", count: 133))))
            }
            try await scratch.append("complaint-t-2", ComplaintEvent.mediationStarted(.init(startedOn: CivilDate("2025-03-04")!, mode: .odr, trackDue: latest)))
            try await scratch.append("complaint-t-2", ComplaintEvent.clockSuspended(on: CivilDate.latest, limit: .mediation, reason: .other, note: nil))
            try await scratch.append("complaint-t-2", ComplaintEvent.clockResumed(on: CivilDate.latest, limit: .mediation, due: latest))
            try await scratch.append("report-x", ReportEvent.received(.init(
                receivedOn: CivilDate.earliest, channel: .letter, reporter: "r", reporterName: nil, reporterPhone: nil, merchant: code,
                merchantName: "m", allegation: "a", receivedRegion: try RegionCode("330522"), regime: .order20, verificationDue: latest, intake: "")))
            try await scratch.append("report-x", ReportEvent.verificationSuspended(on: CivilDate.latest, reason: .other, note: nil))
            try await scratch.append("report-x", ReportEvent.verificationResumed(on: CivilDate.latest, due: latest))
            for _ in 0..<2 {
                box.named["penalty"] = try await scratch.append("report-x", ReportEvent.caseClosed(on: CivilDate.latest, penaltyFen: .max, decision: "d"))
                box.named["reward"] = try await scratch.append("report-x", ReportEvent.rewardPaid(on: CivilDate.latest, amountFen: .max))
            }
            // The notices and a case's decision due on the calendar's last day, extended past it, and told on its first.
            try await scratch.append("complaint-t-2", ComplaintEvent.mediationEnded(.init(endedOn: CivilDate.latest, outcome: .failed, reason: nil, noticeDue: latest)))
            try await scratch.append("complaint-t-2", ComplaintEvent.partiesNotified(on: CivilDate.earliest))
            try await scratch.append("report-x", ReportEvent.caseDecided(on: CivilDate.latest, filed: true, reference: "r", reporterNoticeDue: latest, decisionDue: latest))
            try await scratch.append("report-x", ReportEvent.caseExtended(on: CivilDate.latest, due: latest, approval: "", collective: true))
            try await scratch.append("report-x", ReportEvent.reporterNotified(on: CivilDate.earliest))
            // Corrections no decider would record: a saturated draw voided, a payment of Int64.min taken out of a total
            // of Int64.max, a position past any event, and a complaint never received.
            let drawn = ComplaintEvent.compensated(.init(paidOn: CivilDate("2025-03-04")!, amountFen: .max, payer: .priorCompensationFund, kind: .noReasonReturn))
            let negative = ComplaintEvent.compensated(.init(paidOn: CivilDate("2025-03-04")!, amountFen: .min, payer: .priorCompensationFund, kind: .refund))
            try await scratch.append("complaint-t-3", ComplaintEvent.corrected(.init(
                on: CivilDate.latest, corrects: box.named["drawn"]!, reason: String(repeating: "误", count: 2_000), original: drawn, replacement: nil)))
            // t-2 has recovered Int64.max: taking out Int64.min leaves the range, and is set aside.
            box.named["corrected"] = try await scratch.append("complaint-t-2", ComplaintEvent.corrected(.init(
                on: CivilDate.latest, corrects: box.named["overflow"]! - 1, reason: "r", original: negative, replacement: drawn)))
            try await scratch.append("complaint-t-3", ComplaintEvent.corrected(.init(
                on: CivilDate.earliest, corrects: UInt64(Int64.max), reason: "", original: .feedbackGiven(on: CivilDate.earliest), replacement: nil)))
            // report-x's penalties total Int64.max: taking out Int64.min leaves the range, and is set aside.
            box.named["reportCorrected"] = try await scratch.append("report-x", ReportEvent.corrected(.init(
                on: CivilDate.latest, corrects: box.named["penalty"]!, reason: "r", original: .caseClosed(on: CivilDate.latest, penaltyFen: .min, decision: "d"),
                replacement: .caseClosed(on: CivilDate.latest, penaltyFen: 1, decision: "d"))))
            try await scratch.append("report-never", ReportEvent.corrected(.init(
                on: CivilDate.earliest, corrects: UInt64(Int64.max), reason: "", original: .rewardPaid(on: CivilDate.earliest, amountFen: .max), replacement: nil)))
            try await scratch.append("complaint-never", ComplaintEvent.corrected(.init(
                on: CivilDate.latest, corrects: 1, reason: "r", original: drawn, replacement: nil)))
        }
        let positions = box.named
        try await served.test { client in
            for uri in ["/", "/v1/tiers", "/v1/tiers/warning", "/v1/tiers/cultivation", "/v1/merchants/\(code)", "/v1/statistics?by=year",
                        "/v1/statistics?by=month&from=9999-01-01&to=9999-12-31", "/v1/statistics?from=0001-01-01&to=0001-12-31&by=day",
                        "/v1/statistics?by=merchant&top=3", "/v1/credit", "/v1/credit?alerts=true", "/v1/events?limit=1000", "/v1/set-aside",
                        "/v1/statistics?by=year&asOf=\(positions["overflow"]!)",
                        // The merchant ranking and index, asked for the most, a name too long for a key, a zero byte.
                        "/v1/statistics?by=merchant&top=1000000", "/v1/statistics?by=merchant&top=5&from=9999-01-01&to=9999-12-31",
                        "/v1/statistics?merchant=" + String(repeating: "%E9%95%BF", count: 4_000), "/v1/statistics?merchant=a%00b&by=merchant&top=2",
                        // The supervision list at the calendar's ends, its window running past the last day there is.
                        "/v1/overdue?on=9999-12-31&dueWithin=250", "/v1/overdue?on=0001-01-01&dueWithin=250", "/v1/overdue?on=9999-12-20&dueWithin=0",
                        "/v1/deposit-alerts", "/v1/merchants/\(code)", "/v1/statistics?by=track", "/v1/statistics?from=0001-01-01&to=0001-12-31",
                        "/v1/statistics?by=merchant&top=2&from=9999-01-01&to=9999-12-31", "/v1/streams/report-x/events", "/v1/streams/privacy/events",
                        "/v1/streams/complaint-t-3/events", "/v1/streams/complaint-never/events", "/v1/streams/report-never/events"] {
                let response = try await client.get(uri)
                #expect(response.status == .ok, "\(uri): \(String(buffer: response.body))")
            }
            let setAside = try decode(SetAsideDocument.self, try await client.get("/v1/set-aside"))
            // The second of each total past Int64 is set aside, by the statistics, as docs/FORMAT.md says.
            #expect(setAside.events.map(\.position) == ["garbage", "overflow", "drawn", "penalty", "reward", "corrected", "reportCorrected"].map { positions[$0]! })
            #expect(setAside.events[2...4].allSatisfy { $0.projections == ["stats"] && $0.reasons[0].contains("past 9223372036854775807 fen") })
            #expect(setAside.events[5...].allSatisfy { $0.projections == ["stats"] && $0.reasons[0].contains("out of Int64's range") })
            #expect(setAside.events[0].type == "complaint.compensated" && setAside.events[0].stream == "complaint-t-1")
            #expect(setAside.events[0].projections == ["tiers", "stats", "supervision"] && setAside.events[0].reasons.allSatisfy { $0.contains("cannot be decoded") })
            #expect(setAside.events[1].projections == ["stats"] && setAside.events[1].reasons[0].contains("past 9223372036854775807 fen"))
            // A page at a time, in log order, each page's next the after of the one that follows; the last has none.
            #expect(setAside.next == nil)
            var paged: [SetAsideDocument.Entry] = [], after: UInt64?
            repeat {
                let page = try decode(SetAsideDocument.self, try await client.get("/v1/set-aside?limit=3" + (after.map { "&after=\($0)" } ?? "")))
                #expect(page.next == nil ? page.events.count <= 3 : page.events.count == 3)
                paged += page.events
                after = page.next
            } while after != nil
            #expect(paged == setAside.events)
            let last = try decode(SetAsideDocument.self, try await client.get("/v1/set-aside?after=9223372036854775807"))
            #expect(last.events.isEmpty && last.next == nil)
            #expect(try await client.get("/v1/set-aside?after=18446744073709551615").status == .unprocessableContent)
            // A negative, an empty, a fractional and a 4 MiB start, and limits out of range, are refused naming the field.
            for (uri, field) in [("/v1/set-aside?after=-1", "after"), ("/v1/set-aside?after=", "after"), ("/v1/set-aside?after=1.5", "after"),
                                 ("/v1/set-aside?after=" + String(repeating: "9", count: 4 << 20), "after"),
                                 ("/v1/set-aside?limit=1001", "limit"), ("/v1/set-aside?limit=-1", "limit")] {
                let response = try await client.get(uri)
                #expect(response.status == .unprocessableContent, "\(uri.prefix(40)): \(response.status)")
                #expect(try decode(ProblemBody.self, response).field == field, "\(uri.prefix(40))")
                // The refusal quotes the start of what it refuses, not all 4 MiB of it.
                #expect(response.body.readableBytes < 1_024, "\(uri.prefix(40)): \(response.body.readableBytes) bytes")
            }
            #expect(try await client.get("/v1/set-aside?limit=1000").status == .ok)
            #expect(try await client.get("/v1/set-aside?limit=0").status == .unprocessableContent)

            // Totals that would leave Int64 hold at its largest value, as documented.
            let credit = try decode(CreditDocument.self, try await client.get("/v1/credit"))
            #expect(credit.byBank?.map(\.activeFen) == [.max, .max] && credit.byTier?.first?.activeFen == .max && credit.subsidyFen == .max)
            let statistics = try decode(StatisticsDocument.self, try await client.get("/v1/statistics"))
            #expect(statistics.groups.first?.recoveredFen == .max)
        }
        // A rebuild folds the same log to the same rows, set-aside rows included.
        let checks = try served.service.runner.check()
        #expect(checks.count == 5)
        #expect(checks.allSatisfy { $0.matches })
    }
}
