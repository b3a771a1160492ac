import Application
import Domain
import HTTPTypes
import Hummingbird
import Ledger
import Projections
import Queries
import ReadModels

/// `GET /`: the dashboard, for anyone, from the live read models.
struct DashboardRoutes {
    let queries: ReadModelQueries

    func add(to router: Router<ServiceContext>) {
        router.get("/") { request, _ in
            let moment = try Self.moment(request)
            let page = try await Problem.answering { [queries] () throws(QueryError) in try Self.page(queries, moment) }
            return Self.html(page.html)
        }
        router.get("merchants/:code") { request, context in
            let text = try context.path("code")
            let code = try Problem.checking { () throws(InvalidParameter) in try QueryParameter.merchant("code", text) }
            let moment = try Self.moment(request)
            let asOf = moment.asOf.flatMap(AsOf.init)
            let merchant = try await Problem.answering { [queries] () throws(QueryError) in try queries.merchant(code, asOf: asOf) }
            return Self.html(MerchantPage(merchant: merchant, moment: moment).html)
        }
    }

    /// The moment a page is asked for: `asOf` checked as every route checks it (422 naming it when malformed);
    /// blank, as a form sends an empty field, it means now.
    private static func moment(_ request: Request) throws -> PageMoment {
        let text = request.query("asOf").flatMap { $0.isEmpty ? nil : $0 }
        _ = try Problem.checking { () throws(InvalidParameter) in try QueryParameter.asOf("asOf", text) }
        return PageMoment(asOf: text)
    }

    private static func html(_ text: String) -> Response {
        let bytes = Array(text.utf8)
        var headers = htmlHeaders
        headers[.contentLength] = String(bytes.count)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// What every HTML answer sends: a policy that allows the page's one inline stylesheet (by its hash) and
    /// nothing else — no script, no frame, no outside resource, forms only back to this service — and refuses
    /// to be framed.
    static let htmlHeaders: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .contentSecurityPolicy: "default-src 'none'; style-src '\(DashboardPage.styleHash)'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        .xContentTypeOptions: "nosniff",
        .referrerPolicy: "no-referrer",
        .xFrameOptions: "DENY",
    ]

    /// Every part as of the moment asked for: now, or one position (a day names the last position recorded by
    /// then), so that the parts agree.
    static func page(_ queries: ReadModelQueries, _ moment: PageMoment) throws(QueryError) -> DashboardPage {
        let asOf = try moment.asOf.flatMap(AsOf.init).flatMap { asOf throws(QueryError) in try queries.position(asOf) }.map(AsOf.position)
        return DashboardPage(
            tiers: try queries.tierCounts(asOf: asOf),
            months: try queries.statistics(StatisticsQuery(groupBy: .month), asOf: asOf),
            overall: try queries.statistics(StatisticsQuery(), asOf: asOf).groups.first,
            disclosure: try queries.statistics(StatisticsQuery(groupBy: .merchant, top: DashboardPage.merchantsShown), asOf: asOf),
            alerts: try queries.credit(alertsOnly: true, asOf: asOf).alerts,
            // The day the page is for: the day asked about, or today in China Standard Time.
            supervision: try queries.supervision(on: moment.asOf.flatMap { CivilDate($0) } ?? queries.ledger.clock().businessDay,
                                                 dueWithin: SupervisionParameters.defaultWindow, asOf: asOf),
            deposits: try queries.depositAlerts(asOf: asOf),
            moment: moment)
    }
}

extension HTTPField.Name {
    static let referrerPolicy = Self("Referrer-Policy")!
    static let xFrameOptions = Self("X-Frame-Options")!
}
