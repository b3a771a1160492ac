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
