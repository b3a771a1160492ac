import HTTPTypes
import Hummingbird
import JSONText
import Ledger
import Queries
import ReadModels
import ServiceLifecycle

/// `GET /v1/feed`: new events and changes of library as Server-Sent Events, in log order, as the read models
/// reach them. Each message's `id` is a position; a client that reconnects with `Last-Event-ID` resumes after
/// it, missing nothing and repeating nothing. Without one the feed starts at `from` (default: the next append).
///
/// An event is sent as `event: appended`, its data the document `/v1/events` gives; a change of library as
/// `event: tier-changed`. The `id` goes on the last message of a position only, so a client cut off between
/// an event and the change it caused hears both again. `through` ends the feed once it has sent that position.
struct FeedRoutes {
    let queries: ReadModelQueries
    let follower: ProjectionFollower

    /// Positions read at once: a client far behind catches up in batches.
    static let batch: UInt64 = 256
    /// A comment is sent after this long without news, so that proxies keep the connection open.
    static let heartbeat = Duration.seconds(15)

    func add(to router: Router<ServiceContext>) {
        router.get("v1/feed") { request, context in
            try context.requireCaller()
            let start = try startingPoint(request)
            let through = try position(request, "through")
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                body: ResponseBody { writer in
                    try await send(after: start, through: through ?? .max, to: &writer)
                    try await writer.finish(nil)
                })
        }
    }

    /// Where the feed starts: after `Last-Event-ID`, else before `from`, else after what the log holds now.
    private func startingPoint(_ request: Request) throws -> UInt64 {
        let from = try position(request, "from")
        if let text = request.headers[.lastEventID] {
            guard let last = QueryParameter.digits(text) else { throw Problem(.badRequest, "\"\(text)\" is not a position", field: "Last-Event-ID") }
            return last
        }
        if let from { return from == 0 ? 0 : from - 1 }
        return try queries.runner.ledger.head().position
    }

    private func position(_ request: Request, _ name: String) throws(Problem) -> UInt64? {
        try Problem.checking { () throws(InvalidParameter) in try QueryParameter.position(name, request.query(name)) }
    }

    private func send(after start: UInt64, through end: UInt64, to writer: inout any ResponseBodyWriter) async throws {
        var after = start
        while after < end, !Task.isCancelled {
            guard let reached = await next(after: after) else {
                if follower.isStopped || Task.isShuttingDownGracefully { return }
                try await writer.write(ByteBuffer(string: ": no news\n\n"))
                continue
            }
            let through = min(reached, after + Self.batch, end)
            let (events, changes) = try await blocking { [queries, after] () throws(QueryError) in
                (try queries.eventBatch(from: after + 1, limit: Int(through - after), asOf: .position(through)),
                 try queries.tierChanges(after: after, through: through))
            }
            try await writer.write(ByteBuffer(bytes: Self.messages(events, changes)))
            after = through
        }
    }

    /// The position the models reach after `after`; nil after a heartbeat's silence, or when the service
    /// begins to shut down (the server waits for open requests, so a feed must not keep it waiting).
    private func next(after: UInt64) async -> UInt64? {
        let waiting = Task { await follower.wait(reaching: after + 1, within: Self.heartbeat) }
        return await withGracefulShutdownHandler { await waiting.value } onGracefulShutdown: { waiting.cancel() }
    }

    /// The messages for `events` and the changes they caused, each position's `id` on its last message.
    static func messages(_ events: EventBatch, _ changes: [TierChangeDocument]) -> [UInt8] {
        let changesAt = Dictionary(grouping: changes, by: \.change.position)
        var text: [UInt8] = []
        text.reserveCapacity(events.bytes.count + events.count * 40)
        func message(_ name: String, _ data: some Collection<UInt8>, id: UInt64?) {
            if let id { text += Array("id: \(id)\n".utf8) }
            text += Array("event: \(name)\ndata: ".utf8)
            text += data
            text += Array("\n\n".utf8)
        }
        for index in 0..<events.count {
            let position = events.positions[index]
            let caused = changesAt[position] ?? []
            message("appended", events.json(index), id: caused.isEmpty ? position : nil)
            for (number, change) in caused.enumerated() {
                message("tier-changed", SortedJSON.encode(change), id: number == caused.count - 1 ? position : nil)
            }
        }
        return text
    }
}

extension HTTPField.Name {
    static let lastEventID = Self("Last-Event-ID")!
}
