import Foundation
import Hummingbird
import HummingbirdTesting
import JSONText
import Queries
import Service
import Testing

/// What answers without a token: the API document, the metrics and the dashboard.
@Suite struct PublicFaceTests {
    @Test func theAPIDocumentDescribesExactlyTheRoutesServed() async throws {
        let served = try await ServedLedger()
        // The tiles' paths are C2SP tlog-tiles' (docs/PROOFS.md): a tree of paths OpenAPI cannot template.
        let routes = Set(served.service.router().routes.map { "\($0.method) \($0.path)" }).subtracting(["GET /tile/**"])
        try await served.test { client in
            let response = try await client.get("/openapi.json", as: nil)
            #expect(response.status == .ok)
            let document = try decode(JSONValue.self, response)
            guard case .object(let top) = document, case .object(let paths)? = top["paths"] else {
                Issue.record("no paths in \(document)")
                return
            }
            #expect(top["openapi"] == .string("3.1.0"))
            var documented: Set<String> = []
            for (path, item) in paths {
                guard case .object(let operations) = item else { continue }
                for (method, operation) in operations {
                    documented.insert("\(method.uppercased()) \(path)")
                    guard case .object(let fields) = operation, case .object(let responses)? = fields["responses"] else {
                        Issue.record("\(method) \(path) has no responses")
                        continue
                    }
                    #expect(!responses.isEmpty, "\(method) \(path)")
                }
            }
            #expect(documented == routes, "served but not documented: \(routes.subtracting(documented)); documented but not served: \(documented.subtracting(routes))")
        }
    }

    @Test func theDashboardShowsAggregatesAndNoPersonalData() async throws {
        try await ServedLedger().test { client in
            let posted = try await client.post("/v1/complaints/h-1/receive", CommandRouteTests.receive)
            #expect(posted.status == .created)
            #expect(try await client.get("/v1/tiers?minPosition=11").status == .ok)
            let page = try await client.get("/", as: nil)
            #expect(page.status == .ok && page.headers[.contentType] == "text/html; charset=utf-8")
            let html = String(buffer: page.body)
            #expect(html.contains("<svg") && !html.contains("<script"))
            #expect(html.contains("预警库 warning") && html.contains("投诉信息公示"))
            // The most complained-of merchant heads the disclosure.
            #expect(html.contains("<code>\(ServedLedger.warned)</code></td><td class=\"n\">3</td><td class=\"n\">3</td>"))
            // The new complaint is counted, and its consumer is nowhere on the page.
            #expect(html.contains("<code>\(ServedLedger.quiet)</code></td><td class=\"n\">1</td><td class=\"n\">0</td>"))
            for personal in ["张三", "13900000009", "consumer-h"] {
                #expect(!html.contains(personal), "\(personal)")
            }
        }
    }

    /// The dashboard as of a moment a plain form chose, and each merchant's page, linked from it at that moment.
    @Test func theDashboardAndEachMerchantAnswerAsOfAMoment() async throws {
        try await ServedLedger().test { client in
            // Before the third complaint was accepted (position 10), no merchant was in 预警库.
            let then = String(buffer: try await client.get("/?asOf=8", as: nil).body)
            #expect(then.contains("As of log position 8") && then.contains(#"<input type="number" name="asOf" min="0" value="8">"#))
            #expect(then.contains(#"<a href="/merchants/\#(ServedLedger.warned)?asOf=8">"#))
            // A form sent with its field blank asks for now.
            #expect(String(buffer: try await client.get("/?asOf=", as: nil).body).contains("As of log position 10"))
            let now = String(buffer: try await client.get("/", as: nil).body)
            #expect(now.contains("As of log position 10") && now.contains(#"<form method="get" action="/">"#) && !now.contains("<script"))
            // The supervision panel counts today's overdue cases: the three mediations, past their limit since 2025-03-03.
            #expect(now.contains(#"<tr><td>Mediation · 调解</td><td class="n">3</td><td class="n">0</td>"#))
            #expect(now.contains(#"<tr><td>Decision to accept · 受理决定</td><td class="n">0</td><td class="n">0</td><td class="n">–</td></tr>"#))
            // Counts only: a case's number is not public.
            #expect(!now.contains("t-1"))
            #expect(now.contains("先行赔付保证金用尽") && now.contains("No merchant's prior-compensation deposit has run out"))

            let page = try await client.get("/merchants/\(ServedLedger.warned)", as: nil)
            #expect(page.status == .ok && page.headers[.contentSecurityPolicy]?.contains("form-action 'self'") == true)
            let html = String(buffer: page.body)
            #expect(html.contains("预警库 warning") && html.contains("<svg") && !html.contains("<script"))
            // The change into 预警库 names its causes' positions: a record is for a token, so they link nowhere.
            #expect(html.contains("<code>10</code>") && !html.contains("/v1/records/10\""))
            let before = String(buffer: try await client.get("/merchants/\(ServedLedger.warned)?asOf=8", as: nil).body)
            #expect(before.contains("培育库 cultivation") && !before.contains("预警库 warning</span>"))

            for (uri, status) in [("/merchants/\(ServedLedger.warned)?asOf=2026-02-30", 422), ("/?asOf=999", 422), ("/?asOf=yesterday", 422),
                                  ("/merchants/91110000600037341L", 404), ("/merchants/nope", 422),
                                  ("/?asOf=" + String(repeating: "9", count: 10_000), 422), ("/?asOf=9223372036854775807", 422),
                                  ("/?asOf=-1", 422), ("/?asOf=9999-12-31", 200), ("/merchants/\(ServedLedger.warned)?asOf=9999-12-31T23:59:59Z", 200),
                                  ("/merchants/\(ServedLedger.warned)?asOf=0", 404), ("/merchants/", 404)] {
                let answered = try await client.get(uri, as: nil).status.code
                #expect(answered == status, "\(uri.prefix(60)): \(answered)")
            }
        }
    }

    /// The public face links only to what the public may read: every link of the dashboard and of each merchant's
    /// page, now and as of a moment, answers 200 without a token.
    @Test func everyLinkOfThePublicFaceAnswersThePublic() async throws {
        try await ServedLedger().test { client in
            var pages = ["/", "/?asOf=8", "/merchants/\(ServedLedger.warned)", "/merchants/\(ServedLedger.warned)?asOf=8"]
            var seen = Set<String>()
            while let page = pages.popLast() {
                guard seen.insert(page).inserted else { continue }
                let response = try await client.get(page, as: nil)
                #expect(response.status == .ok, "\(page) answers the public \(response.status.code)")
                let html = String(buffer: response.body)
                for link in html.matches(of: /(?:href|action)="([^"]*)"/).map({ String($0.output.1) }) {
                    guard !link.hasPrefix("#"), !link.hasPrefix("http") else { continue }
                    // Links to pages are followed; any other link (a stylesheet, a document) is asked once.
                    let target = link.replacingOccurrences(of: "&amp;", with: "&")
                    if target.hasPrefix("/merchants/") || target == "/" || target.hasPrefix("/?") { pages.append(target) } else if seen.insert(target).inserted {
                        let answered = try await client.get(target, as: nil).status
                        #expect(answered == .ok, "\(page) links to \(target), which answers the public \(answered.code)")
                    }
                }
            }
            #expect(seen.count >= 4)
        }
    }

    @Test func metricsCountRequestsAndTheProjectionLag() async throws {
        try await ServedLedger().test { client in
            _ = try await client.get("/v1/tiers")
            let metrics = try await client.get("/metrics", as: nil)
            #expect(metrics.status == .ok)
            let text = String(buffer: metrics.body)
            #expect(text.contains(#"fangxin_http_request_duration_seconds_count{method="GET",route="/v1/tiers",status="200"} 1"#), "\(text)")
            #expect(text.contains("fangxin_log_head_position 10") && text.contains("fangxin_projection_lag_events 0"))
        }
    }
}
