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
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .contentLength: String(bytes.count)],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    static func page(_ queries: ReadModelQueries) throws(QueryError) -> DashboardPage {
        DashboardPage(
            tiers: try queries.tierCounts(),
            months: try queries.statistics(StatisticsQuery(groupBy: .month)),
            overall: try queries.statistics(StatisticsQuery()).groups.first,
            disclosure: try queries.statistics(StatisticsQuery(groupBy: .merchant, top: DashboardPage.merchantsShown)),
            alerts: try queries.credit(alertsOnly: true).alerts)
    }
}
