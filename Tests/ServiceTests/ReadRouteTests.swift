import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Projections
import Queries
import ReadModels
import Service
import Testing
import TestSupport

@Suite struct ReadRouteTests {
    @Test func thePublicFaceAnswersWithoutAToken() async throws {
        try await ServedLedger().test { client in
            let health = try await client.get("/health", as: nil)
            #expect(health.status == .ok)
            let ready = try await client.get("/ready", as: nil)
            #expect(ready.status == .ok)
            #expect(String(buffer: ready.body).contains("\"position\":10"))
        }
    }

    @Test func readModelsNeedAKnownToken() async throws {
        try await ServedLedger().test { client in
            let anonymous = try await client.get("/v1/tiers", as: nil)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.contentType] == "application/problem+json")
            #expect(anonymous.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            let forged = try await client.execute(uri: "/v1/tiers", method: .get, headers: [.authorization: "Bearer not-a-token"])
            #expect(forged.status == .unauthorized)
            #expect(try decode(ProblemBody.self, forged).detail.contains("not one this service knows"))
            let basic = try await client.execute(uri: "/v1/tiers", method: .get, headers: [.authorization: "Basic dXNlcjpwYXNz"])
            #expect(basic.status == .unauthorized)
            for role in Role.allCases {
                let response = try await client.get("/v1/tiers", as: role)
                #expect(response.status == .ok, "\(role)")
            }
        }
    }

    @Test func tiersAndMerchantsAnswerAsOfAPosition() async throws {
        try await ServedLedger().test { client in
            let counts = try decode(TierCountsDocument.self, try await client.get("/v1/tiers"))
            #expect(counts.position == 10)
            #expect(counts.counts["warning"] == 1 && counts.counts["cultivation"] == 1)

            let warned = try decode(TierListDocument.self, try await client.get("/v1/tiers/warning"))
            #expect(warned.merchants.map(\.code) == [ServedLedger.warned.description] && warned.next == nil)

            // Both were in 培育库 before the third complaint: a page of one, then the next from `next`.
            let first = try decode(TierListDocument.self, try await client.get("/v1/tiers/cultivation?asOf=8&limit=1"))
            #expect(first.merchants.map(\.code) == [ServedLedger.quiet.description] && first.next == ServedLedger.quiet.description)
            let second = try decode(TierListDocument.self, try await client.get("/v1/tiers/cultivation?asOf=8&limit=1&after=\(first.next!)"))
            #expect(second.merchants.map(\.code) == [ServedLedger.warned.description] && second.next == nil && second.position == 8)

            // Before its third complaint (received at position 9), the merchant was not warned.
            let before = try decode(MerchantDocument.self, try await client.get("/v1/merchants/\(ServedLedger.warned)?asOf=8"))
            let now = try decode(MerchantDocument.self, try await client.get("/v1/merchants/\(ServedLedger.warned)"))
            #expect(before.position == 8 && before.tier == "cultivation" && before.merchant.tier == "cultivation")
            #expect(now.position == 10 && now.tier == "warning")
            #expect(now.history.last?.causes.isEmpty == false)
        }
    }

    @Test func statisticsCreditAndEventsAnswer() async throws {
        try await ServedLedger().test { client in
            let statistics = try decode(StatisticsDocument.self, try await client.get("/v1/statistics?by=year&from=2025-01-01&to=2025-12-31"))
            #expect(statistics.groups.map(\.group) == ["2025"] && statistics.groups.first?.received == 3)

            let credit = try decode(CreditDocument.self, try await client.get("/v1/credit?alerts=true"))
            #expect(credit.lines == nil && credit.alerts.isEmpty)

            let page = try await client.get("/v1/events?from=1&limit=5")
            struct Page: Decodable { let events: [EventDocument]; let next: UInt64? }
            let first = try decode(Page.self, page)
            #expect(first.events.map(\.position) == [1, 2, 3, 4, 5] && first.next == 6)
            let last = try decode(Page.self, try await client.get("/v1/events?from=6&limit=10"))
            #expect(last.events.map(\.position) == [6, 7, 8, 9, 10] && last.next == nil)

            let stream = try decode(Page.self, try await client.get("/v1/streams/merchant-\(ServedLedger.quiet)/events"))
            #expect(stream.events.map(\.type) == ["merchant.applied", "merchant.regulator-reviewed"])
            let streamTrail = try decode(Page.self, try await client.get("/v1/trail/streams/complaint-t-1"))
            #expect(streamTrail.events.map(\.type) == ["complaint.received", "complaint.accepted"] && streamTrail.next == nil)
            let trail = try decode(Page.self, try await client.get("/v1/trail/actors/tester?after=4&limit=2"))
            #expect(trail.events.map(\.position) == [5, 6] && trail.next == 6)
        }
    }

    /// Each model with its version, position, counts and digests. The digests are kept, not computed per
    /// request: once the models have caught up, the service computes them, and they are the ones a check of the
    /// same store gives.
    @Test func theModelsAreListedWithTheirKeptDigests() async throws {
        let served = try await ServedLedger()
        let runner = served.service.runner
        try await served.test { client in
            var now = try decode(ModelsDocument.self, try await client.get("/v1/models"))
            for _ in 0..<300 where now.models.contains(where: { $0.digests == nil }) {
                try await Task.sleep(for: .milliseconds(20))
                now = try decode(ModelsDocument.self, try await client.get("/v1/models?minPosition=10"))
            }
            #expect(now.models.map(\.name) == ["tiers", "stats", "credit", "trail", "supervision"] && now.position == 10)
            // No credit was granted: that model has no rows, and the digest of nothing.
            #expect(now.models.allSatisfy { $0.digests?.digest?.count == 64 && $0.digests?.position == 10 && $0.position == 10
                && ($0.rows > 0) == ($0.name != "credit") }, "\(now)")
            #expect(now.models.allSatisfy { ($0.digests?.historyDigest != nil) == ($0.name != "trail") && ($0.versions >= $0.rows) == ($0.name != "trail") })
            #expect(now.models.first { $0.name == "tiers" }?.version == TiersProjection.version)
            let checks = try runner.check()
            for check in checks {
                let listed = now.models.first { $0.name == check.projection }
                #expect(listed?.digests?.digest == check.digest && listed?.digests?.historyDigest == check.historyDigest
                        && listed?.rows == check.rows && listed?.versions == check.versions)
            }
            let asOf = try await client.get("/v1/models?asOf=8")
            #expect(asOf.status == .unprocessableContent && String(buffer: asOf.body).contains("fangxin export MODEL --as-of P"))
        }
    }

    /// The served ledger's three complaints were accepted on 2025-03-03 with their mediation due that day and
    /// never ended: due that day, overdue by one the next, and unknown before they were recorded.
    @Test func theSupervisionListAnswersForAnyDayAndRegion() async throws {
        try await ServedLedger().test { client in
            let next = try decode(SupervisionDocument.self, try await client.get("/v1/overdue?on=2025-03-04"))
            #expect(next.overdue == 3 && next.dueSoon == 0 && next.on == "2025-03-04" && next.dueWithin == 5 && next.windowEnds == "2025-03-11")
            #expect(next.cases.map { "\($0.kind) \($0.id) \($0.limit) \($0.status) \($0.daysPastDue)" }
                    == (1...3).map { "complaint t-\($0) mediation overdue 1" })
            let same = try decode(SupervisionDocument.self, try await client.get("/v1/overdue?on=2025-03-03&dueWithin=0"))
            #expect(same.overdue == 0 && same.dueSoon == 3 && same.windowEnds == "2025-03-03")
            #expect(try decode(SupervisionDocument.self, try await client.get("/v1/overdue?on=2025-03-04&region=330500")).overdue == 3)
            #expect(try decode(SupervisionDocument.self, try await client.get("/v1/overdue?on=2025-03-04&region=330100")).cases.isEmpty)
            // As of the log before the complaints, there is nothing to supervise.
            #expect(try decode(SupervisionDocument.self, try await client.get("/v1/overdue?on=2025-03-04&asOf=4")).cases.isEmpty)
            // Without a day, the list is today's (China Standard Time): these complaints are long overdue.
            let today = try decode(SupervisionDocument.self, try await client.get("/v1/overdue"))
            #expect(today.overdue == 3 && today.cases.allSatisfy { $0.daysPastDue > 600 })
            #expect(try await client.execute(uri: "/v1/overdue", method: .get).status == .unauthorized)
        }
    }

    /// A deposit of ¥2 pledged, then ¥1 of prior compensation paid for each of two complaints about the merchant:
    /// after the first, ¥1 is left; after the second, nothing, and the alert list names the merchant.
    @Test func depositsThatRanOutAreListed() async throws {
        try await ServedLedger().test { client in
            let code = ServedLedger.warned
            func recorded(_ response: TestResponse) throws -> UInt64 { try decode(RecordedBody.self, response).positions.last }
            func alerts(after position: UInt64) async throws -> [String] {
                try decode(DepositAlertsDocument.self, try await client.get("/v1/deposit-alerts?minPosition=\(position)")).merchants.map(\.code)
            }
            let pledged = try recorded(try await client.post("/v1/merchants/\(code)/pledge", #"{"on": "2025-03-04", "kind": "prior-compensation", "fundFen": 200}"#))
            #expect(try await alerts(after: pledged).isEmpty)
            let paid = #"{"on": "2025-03-05", "amountFen": 100, "payer": "prior-compensation-fund", "kind": "refund"}"#
            let first = try recorded(try await client.post("/v1/complaints/t-1/compensate", paid))
            #expect(try await alerts(after: first).isEmpty)
            let second = try recorded(try await client.post("/v1/complaints/t-2/compensate", paid))
            #expect(try await alerts(after: second) == [code.description])
            let merchant = try decode(MerchantDocument.self, try await client.get("/v1/merchants/\(code)?minPosition=\(second)"))
            #expect(merchant.merchant.depositFen == 200 && merchant.merchant.depositBalanceFen == 0 && merchant.merchant.depositRunOut == true)
            // The public dashboard names it too, as the complaint disclosure names businesses.
            let page = String(buffer: try await client.get("/", as: nil).body)
            #expect(page.contains(#"<td class="n">¥2.00</td><td class="n">¥0.00</td></tr>"#), "\(page.suffix(1_500))")
        }
    }

    @Test func badParametersAreNamedInAProblem() async throws {
        try await ServedLedger().test { client in
            for (uri, field) in [("/v1/statistics?by=week", "by"), ("/v1/statistics?from=2025-13-01", "from"), ("/v1/tiers?asOf=yesterday", "asOf"),
                                 ("/v1/tiers/gold", "tier"), ("/v1/merchants/91330522MA2B3C4D5", "code"), ("/v1/events?limit=0", "limit"),
                                 ("/v1/tiers?asOf=99", "asOf"), ("/v1/credit?alerts=maybe", "alerts"), ("/v1/credit?alerts=", "alerts"),
                                 ("/v1/tiers/warning?limit=0", "limit"), ("/v1/tiers/warning?limit=1001", "limit"),
                                 ("/v1/tiers/warning?limit=-1", "limit"), ("/v1/tiers/warning?limit=9223372036854775808", "limit"),
                                 ("/v1/tiers/warning?after=", "after"), ("/v1/tiers/warning?after=9133", "after"),
                                 ("/v1/tiers/warning?after=" + String(repeating: "9", count: 20_000), "after"),
                                 ("/v1/overdue?dueWithin=251", "dueWithin"), ("/v1/overdue?dueWithin=-1", "dueWithin"),
                                 ("/v1/overdue?dueWithin=9223372036854775808", "dueWithin"), ("/v1/overdue?on=2025-02-29", "on"),
                                 ("/v1/overdue?on=", "on"), ("/v1/overdue?region=33", "region"), ("/v1/overdue?asOf=99", "asOf")] {
                let response = try await client.get(uri)
                #expect(response.status == .unprocessableContent, "\(uri)")
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try decode(ProblemBody.self, response)
                #expect(problem.field == field && problem.status == 422 && !problem.detail.isEmpty, "\(uri): \(problem)")
            }
            let missing = try await client.get("/v1/merchants/91110000600037341L")
            #expect(missing.status == .notFound)
            // A code of the right shape whose check character is wrong names no merchant: it is found nowhere.
            #expect(try await client.get("/v1/merchants/91330522MA2B3C4D58").status == .notFound)
        }
    }
}
