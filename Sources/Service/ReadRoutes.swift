import Application
import Hummingbird
import JSONText
import Ledger
import Queries
import ReadModels

/// The read models over HTTP, under `/v1`: every answer as of a position (`asOf`, a position or a recorded
/// time), the same documents `fangxin … --json` prints. Each needs a token of any role.
///
/// A read that carries `minPosition` (say, the last position a command of the caller's returned) is answered
/// only once the read models have reached it, so a client reads its own writes; it waits `longestWait` at most.
struct ReadRoutes {
    let queries: ReadModelQueries
    let follower: ProjectionFollower
    let cache = AnswerCache()

    static let longestWait = Duration.seconds(5)

    /// Events a page holds at most, and when the caller does not say.
    static let maximumLimit = 1_000
    static let defaultLimit = 100

    func add(to router: Router<ServiceContext>) {
        let v1 = router.group("v1")
        v1.get("tiers") { request, context in
            try context.requireCaller()
            let region = try Problem.checking { () throws(InvalidParameter) in try QueryParameter.region("region", request.query("region")) }
            let asOf = try await readPoint(request)
            return try await live(request, asOf) { () throws(QueryError) in try queries.tierCounts(region: region, asOf: asOf) }
        }
        v1.get("tiers/:tier") { request, context in
            try context.requireCaller()
            let name = try context.path("tier")
            let (tier, region, after, limit) = try Problem.checking { () throws(InvalidParameter) in
                (try QueryParameter.tier("tier", name), try QueryParameter.region("region", request.query("region")),
                 try QueryParameter.merchantCursor("after", request.query("after")),
                 try QueryParameter.number("limit", request.query("limit"), in: 1...Self.maximumLimit) ?? Self.defaultLimit)
            }
            let asOf = try await readPoint(request)
            return try await live(request, asOf) { () throws(QueryError) in
                try queries.tierList(tier, region: region, after: after, limit: limit, asOf: asOf)
            }
        }
        v1.get("merchants/:code") { request, context in
            try context.requireCaller()
            let text = try context.path("code")
            let code = try Problem.checking { () throws(InvalidParameter) in try QueryParameter.merchant("code", text) }
            let asOf = try await readPoint(request)
            return try await live(request, asOf) { () throws(QueryError) in try queries.merchant(code, asOf: asOf) }
        }
        v1.get("statistics") { request, context in
            try context.requireCaller()
            let query = try Problem.checking { () throws(InvalidParameter) in
                try QueryParameter.statistics(
                    from: request.query("from"), to: request.query("to"), by: request.query("by"), region: request.query("region"),
                    category: request.query("category"), channel: request.query("channel"), merchant: request.query("merchant"),
                    top: request.query("top"))
            }
            let asOf = try await readPoint(request)
            return try await live(request, asOf) { () throws(QueryError) in try queries.statistics(query, asOf: asOf) }
        }
        v1.get("overdue") { request, context in
            try context.requireCaller()
            let parameters = try Problem.checking { () throws(InvalidParameter) in
                try SupervisionParameters(on: request.query("on"), dueWithin: request.query("dueWithin"), region: request.query("region"),
                                          today: queries.ledger.clock().businessDay)
            }
            let asOf = try await readPoint(request)
            // Without `on`, the list is today's: tomorrow the same request asks another question.
            return try await live(request, asOf, defaults: "#on=\(parameters.day)") { () throws(QueryError) in
                try queries.supervision(on: parameters.day, dueWithin: parameters.dueWithin, region: parameters.region, asOf: asOf)
            }
        }
        v1.get("deposit-alerts") { request, context in
            try context.requireCaller()
            let asOf = try await readPoint(request)
            return try await live(request, asOf) { () throws(QueryError) in try queries.depositAlerts(asOf: asOf) }
        }
        v1.get("models") { request, context in
            try context.requireCaller()
            // Counts and kept digests: nothing that grows with the log is done per request, so no answer as of a
            // past position either (a model then is `fangxin export MODEL --as-of P`).
            guard request.uri.queryParameters["asOf"] == nil else {
                throw Problem(.unprocessableContent, "/v1/models describes the models as they stand; a model as of a position is `fangxin export MODEL --as-of P`",
                              field: "asOf")
            }
            _ = try await readPoint(request)
            // Not cached by position: the digests are kept anew while the models stand still.
            return Response.json(SortedJSON.encode(try await answer { () throws(QueryError) in try queries.models() }))
        }
        v1.get("credit") { request, context in
            try context.requireCaller()
            let merchant = try Problem.checking { () throws(InvalidParameter) in
                try request.query("merchant").map { code throws(InvalidParameter) in try QueryParameter.merchant("merchant", code) }
            }
            let bank = request.query("bank")
            let alertsOnly = try flag(request, "alerts")
            let asOf = try await readPoint(request)
            return try await live(request, asOf) { () throws(QueryError) in
                try queries.credit(merchant: merchant, bank: bank, alertsOnly: alertsOnly, asOf: asOf)
            }
        }
        v1.get("set-aside") { request, context in
            try context.requireCaller()
            let (after, limit) = try page(request, start: "after")
            let asOf = try await readPoint(request)
            return try await live(request, asOf) { () throws(QueryError) in try queries.setAside(after: after, limit: limit, asOf: asOf) }
        }
        v1.get("trail/streams/:stream") { request, context in
            try context.requireCaller()
            let stream = try context.path("stream")
            let (after, limit) = try page(request, start: "after")
            let asOf = try await readPoint(request)
            return EventPage(try await answer { () throws(QueryError) in
                try queries.trail(stream: stream, after: after ?? 0, limit: limit, asOf: asOf)
            }, limit: limit, next: { position, _ in position })
        }
        v1.get("trail/actors/:actor") { request, context in
            try context.requireCaller()
            let actor = try context.path("actor")
            let (after, limit) = try page(request, start: "after")
            let asOf = try await readPoint(request)
            return EventPage(try await answer { () throws(QueryError) in
                try queries.trail(actor: actor, after: after ?? 0, limit: limit, asOf: asOf)
            }, limit: limit, next: { position, _ in position })
        }
        v1.get("events") { request, context in
            try context.requireCaller()
            let (from, limit) = try page(request, start: "from")
            let asOf = try await readPoint(request)
            return EventPage(try await answer { () throws(QueryError) in
                try queries.eventBatch(from: max(from ?? 1, 1), limit: limit, asOf: asOf)
            }, limit: limit, next: { position, _ in position + 1 })
        }
        v1.get("streams/:stream/events") { request, context in
            try context.requireCaller()
            let stream = try context.path("stream")
            let (from, limit) = try page(request, start: "fromVersion")
            let asOf = try await readPoint(request)
            let events = try await answer { () throws(QueryError) in
                try queries.events(stream: stream, fromVersion: max(from ?? 1, 1), limit: limit, asOf: asOf)
            }
            return EventPage(events, limit: limit, next: { _, version in version + 1 })
        }
    }

    // MARK: - Parameters

    /// The `asOf` of a read, once the read models have reached its `minPosition`.
    private func readPoint(_ request: Request) async throws -> AsOf? {
        let (asOf, minimum) = try Problem.checking { () throws(InvalidParameter) in
            (try QueryParameter.asOf("asOf", request.query("asOf")), try QueryParameter.position("minPosition", request.query("minPosition")))
        }
        if let minimum { try await wait(reaching: minimum) }
        return asOf
    }

    private func wait(reaching minimum: UInt64) async throws {
        let head = try queries.runner.ledger.head().position
        guard minimum <= head else {
            throw Problem(.unprocessableContent, "position \(minimum) is beyond the head of the log (\(head))", field: "minPosition")
        }
        guard let reached = await follower.wait(reaching: minimum, within: Self.longestWait), reached >= minimum else {
            throw Problem(.serviceUnavailable, "the read models did not reach position \(minimum) within \(Self.longestWait); try again",
                          field: "minPosition")
        }
    }

    /// Where a page starts and how many it holds.
    private func page(_ request: Request, start: String) throws -> (UInt64?, Int) {
        try Problem.checking { () throws(InvalidParameter) in
            (try QueryParameter.position(start, request.query(start)),
             try QueryParameter.number("limit", request.query("limit"), in: 1...Self.maximumLimit) ?? Self.defaultLimit)
        }
    }

    private func flag(_ request: Request, _ name: String) throws -> Bool {
        switch request.query(name) {
        case nil, "false": return false
        case "true": return true
        case let text?: throw Problem(.unprocessableContent, "\"\(text)\" is neither true nor false", field: name)
        }
    }

    // MARK: - Answers

    /// Answers a read-model question, from the cache when it was asked at the position the models are at.
    /// Answers as of a past position are not kept: they are folded for the asking. `defaults` names what the
    /// request left to the server and the server chose, such as today's date, so that it is part of the question.
    private func live<D: PositionedDocument>(_ request: Request, _ asOf: AsOf?, defaults: String = "",
                                             _ body: @escaping @Sendable () throws(QueryError) -> D) async throws -> Response {
        guard asOf == nil, let reached = follower.position else { return .json(SortedJSON.encode(try await answer(body))) }
        return .json(try await cache.answer(Self.question(request) + defaults, reached: reached) {
            let document = try await answer(body)
            return (SortedJSON.encode(document), document.position)
        })
    }

    /// What a request asks, whatever order its parameters come in; `minPosition` only says when to answer.
    private static func question(_ request: Request) -> String {
        let parameters = request.uri.queryParameters.filter { $0.key != "minPosition" }
            .map { "\($0.key)=\($0.value)" }.sorted()
        return request.uri.path + "?" + parameters.joined(separator: "&")
    }

    private func answer<R: Sendable>(_ body: @escaping @Sendable () throws(QueryError) -> R) async throws(Problem) -> R {
        try await Problem.answering(body)
    }
}

extension Problem {
    /// Runs a query off the concurrency pool and turns why it has no answer into a problem.
    static func answering<R: Sendable>(_ body: @escaping @Sendable () throws(QueryError) -> R) async throws(Problem) -> R {
        do {
            return try await blocking(body)
        } catch .noSuchMerchant(let code, let position) {
            throw Problem(.notFound, "no merchant \(code) in the read models (as of position \(position))")
        } catch .readModels(.beyondHead(let position, let head)) {
            throw Problem(.unprocessableContent, "position \(position) is beyond the head of the log (\(head))", field: "asOf")
        } catch {
            throw Problem(.internalServerError, "\(error)")
        }
    }
}

/// A page of events, and where the next page starts when this one is full.
struct EventPage: Sendable, ResponseGenerator {
    let events: EventBatch
    /// The `from`, `after` or `fromVersion` of the next page; nil on the last page.
    let next: UInt64?

    /// `next` says where the page after the last event starts, from its position and stream version.
    init(_ events: EventBatch, limit: Int, next: (_ position: UInt64, _ streamVersion: UInt64) -> UInt64) {
        self.events = events
        self.next = events.count == limit && limit > 0 ? next(events.positions[limit - 1], events.streamVersions[limit - 1]) : nil
    }

    init(_ documents: [EventDocument], limit: Int, next: (_ position: UInt64, _ streamVersion: UInt64) -> UInt64) {
        self.init(EventBatch(documents), limit: limit, next: next)
    }

    /// The bytes `JSONEncoder` with sorted keys would write for `{"events": […], "next": …}`.
    var json: [UInt8] {
        var writer = JSONWriter(reservingCapacity: events.bytes.count + 64)
        writer.open()
        writer.member("events", first: true)
        writer.openArray()
        for index in 0..<events.count {
            writer.element(first: index == 0)
            writer.write(encoded: events.json(index))
        }
        writer.closeArray()
        if let next {
            writer.member("next")
            writer.write(next)
        }
        writer.close()
        return writer.bytes
    }

    func response(from request: Request, context: some RequestContext) throws -> Response { .json(json) }
}

extension Request {
    /// A query parameter's value, percent-decoded; nil when absent.
    func query(_ name: String) -> String? { uri.queryParameters.get(name) }
}

/// A read model's answer, which says the position it reflects.
protocol PositionedDocument: Encodable, Sendable {
    var position: UInt64 { get }
}

extension TierCountsDocument: PositionedDocument {}
extension TierListDocument: PositionedDocument {}
extension MerchantDocument: PositionedDocument {}
extension StatisticsDocument: PositionedDocument {}
extension SupervisionDocument: PositionedDocument {}
extension DepositAlertsDocument: PositionedDocument {}
extension CreditDocument: PositionedDocument {}
extension SetAsideDocument: PositionedDocument {}
extension ModelsDocument: PositionedDocument {}
