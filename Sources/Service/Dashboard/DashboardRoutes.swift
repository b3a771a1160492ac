import HTTPTypes
import Hummingbird
import Projections
import Queries
import ReadModels

/// `GET /`: the dashboard, for anyone, from the live read models.
struct DashboardRoutes {
    let queries: ReadModelQueries

    func add(to router: Router<ServiceContext>) {
        router.get("/") { _, _ in
            let page = try await blocking { [queries] () throws(QueryError) in try Self.page(queries) }
            let bytes = Array(page.html.utf8)
            var headers = Self.htmlHeaders
            headers[.contentLength] = String(bytes.count)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    /// What every HTML answer sends: a policy that allows the page's one inline stylesheet (by its hash) and
    /// nothing else — no script, no frame, no form, no outside resource — and refuses to be framed.
    static let htmlHeaders: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .contentSecurityPolicy: "default-src 'none'; style-src '\(DashboardPage.styleHash)'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        .xContentTypeOptions: "nosniff",
        .referrerPolicy: "no-referrer",
        .xFrameOptions: "DENY",
    ]

    static func page(_ queries: ReadModelQueries) throws(QueryError) -> DashboardPage {
        DashboardPage(
            tiers: try queries.tierCounts(),
            months: try queries.statistics(StatisticsQuery(groupBy: .month)),
            overall: try queries.statistics(StatisticsQuery()).groups.first,
            disclosure: try queries.statistics(StatisticsQuery(groupBy: .merchant, top: DashboardPage.merchantsShown)),
            alerts: try queries.credit(alertsOnly: true).alerts)
    }
}

extension HTTPField.Name {
    static let referrerPolicy = Self("Referrer-Policy")!
    static let xFrameOptions = Self("X-Frame-Options")!
}
