import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Ledger
import Queries
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
        }
        let positions = box.named
        try await served.test { client in
            for uri in ["/", "/v1/tiers", "/v1/tiers/warning", "/v1/tiers/cultivation", "/v1/merchants/\(code)", "/v1/statistics?by=year",
                        "/v1/statistics?by=month&from=9999-01-01&to=9999-12-31", "/v1/statistics?from=0001-01-01&to=0001-12-31&by=day",
                        "/v1/statistics?by=merchant&top=3", "/v1/credit", "/v1/credit?alerts=true", "/v1/events?limit=1000", "/v1/set-aside",
                        "/v1/statistics?by=year&asOf=\(positions["overflow"]!)"] {
                let response = try await client.get(uri)
                #expect(response.status == .ok, "\(uri): \(String(buffer: response.body))")
            }
            let setAside = try decode(SetAsideDocument.self, try await client.get("/v1/set-aside"))
            #expect(setAside.events.map(\.position) == [positions["garbage"]!, positions["overflow"]!])
            #expect(setAside.events[0].type == "complaint.compensated" && setAside.events[0].stream == "complaint-t-1")
            #expect(setAside.events[0].projections == ["tiers", "stats"] && setAside.events[0].reasons.allSatisfy { $0.contains("cannot be decoded") })
            #expect(setAside.events[1].projections == ["stats"] && setAside.events[1].reasons[0].contains("past 9223372036854775807 fen"))

            // Totals that would leave Int64 hold at its largest value, as documented.
            let credit = try decode(CreditDocument.self, try await client.get("/v1/credit"))
            #expect(credit.byBank?.map(\.activeFen) == [.max, .max] && credit.byTier?.first?.activeFen == .max && credit.subsidyFen == .max)
            let statistics = try decode(StatisticsDocument.self, try await client.get("/v1/statistics"))
            #expect(statistics.groups.first?.recoveredFen == .max)
        }
        // A rebuild folds the same log to the same rows, set-aside rows included.
        let checks = try served.service.runner.check()
        #expect(checks.count == 4)
        #expect(checks.allSatisfy { $0.matches })
    }
}
