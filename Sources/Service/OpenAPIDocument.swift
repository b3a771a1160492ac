import Commands
import Hummingbird
import JSONText
import Queries

/// The service's API as OpenAPI 3.1, served at `/openapi.json`. A test holds it to the router's routes.
enum OpenAPIDocument {
    static func add(to router: Router<ServiceContext>) {
        router.get("openapi.json") { _, _ in JSONDocument(document) }
    }

    static let document: JSONValue = [
        "openapi": "3.1.0",
        "info": [
            "title": "Fangxin (放心) ledger service",
            "version": "1",
            "description": """
                The read models of the 放心消费 ledger, its live feed, and the domain's commands. Reads and commands need a \
                bearer token; the public face (health, readiness, metrics, this document, the dashboard) does not. Errors \
                are application/problem+json (RFC 9457), naming the parameter or field at fault.
                """,
        ],
        "security": [["bearer": []]],
        "components": [
            "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
            "schemas": [
                "Problem": object([
                    "type": string, "title": string, "status": integer, "detail": string,
                    "field": ["type": "string", "description": "The query parameter, header or body field at fault."],
                    "actualVersion": ["type": "integer", "description": "For a version conflict (409): the stream's actual version."],
                ], required: ["title", "status", "detail"]),
                "Recorded": object([
                    "id": ["type": "string", "description": "The command id (Idempotency-Key)."],
                    "stream": string, "positions": ref("Span"), "streamVersions": ref("Span"),
                    "alreadyRecorded": ["type": "boolean", "description": "True for a retry: nothing was written this time."],
                ], required: ["id", "stream", "positions", "streamVersions", "alreadyRecorded"]),
                "Span": object(["first": integer, "last": integer], required: ["first", "last"]),
                "Document": ["type": "object", "description": "A read model's answer, as `fangxin … --json` prints it, with the position it reflects."],
                "EventPage": object([
                    "events": ["type": "array", "items": ["type": "object"]],
                    "next": ["type": ["integer", "null"], "description": "Where the next page starts; null on the last page."],
                ], required: ["events"]),
            ],
        ],
        "paths": .object(paths),
    ]

    // MARK: - Paths

    private static var paths: [String: JSONValue] {
        var paths: [String: JSONValue] = [
            "/": ["get": publicRead("The dashboard: aggregates and the public complaint disclosure (投诉信息公示), as HTML with SVG charts.", type: "text/html")],
            "/health": ["get": publicRead("The process is up.")],
            "/ready": ["get": publicRead("The read models have caught up with the log (503 until then).", extra: ["503": problem("Still catching up.")])],
            "/metrics": ["get": publicRead("Prometheus metrics: appends, conflicts, projection lag, request latency.", type: "text/plain")],
            "/openapi.json": ["get": publicRead("This document.")],
            "/v1/tiers": ["get": read("How many merchants each library holds.", [query("region", "A region code (6 digits); a prefix region includes its parts.")])],
            "/v1/tiers/{tier}": ["get": read("One library's merchants.", [path("tier", "selection-pool, cultivation, star-rated or warning."),
                                                                         query("region", "A region code.")])],
            "/v1/merchants/{code}": ["get": read("One merchant: its standing, its changes of library with their causes, its credit lines.",
                                                 [path("code", "The unified social credit code (18 characters).")], notFound: true)],
            "/v1/statistics": ["get": read("Complaint statistics: received, accepted on time, closed, compensation, satisfaction.", [
                query("from", "First day received (YYYY-MM-DD)."), query("to", "Last day received."),
                query("by", "Group by month, quarter, year, region, category, channel or merchant."), query("region", "A region code."),
                query("category", "goods or service."), query("channel", "A complaint channel."), query("merchant", "A credit code."),
                query("top", "With by=merchant: the most complained of, at most this many."),
            ])],
            "/v1/credit": ["get": read("Credit lines (放心贷) and the alerts they raise.", [
                query("merchant", "A credit code."), query("bank", "A bank's name."), query("alerts", "true: the alerts only."),
            ])],
            "/v1/set-aside": ["get": read("The events the read models set aside rather than fold (docs/FORMAT.md), with their reasons.", [])],
            "/v1/trail/streams/{stream}": ["get": page("One stream's audit trail.", [path("stream", "A stream name, e.g. complaint-2022-WJ-0001.")], start: "after")],
            "/v1/trail/actors/{actor}": ["get": page("What one actor recorded.", [path("actor", "An actor id.")], start: "after")],
            "/v1/events": ["get": page("Events by global position.", [], start: "from")],
            "/v1/streams/{stream}/events": ["get": page("One stream's events by version.", [path("stream", "A stream name.")], start: "fromVersion")],
            "/v1/feed": ["get": feed],
        ]
        for (target, collection, subject) in CommandRoutes.paths {
            paths["/v1/\(collection)/{\(subject)}/{command}"] = ["post": command(target, subject: subject)]
        }
        return paths
    }

    private static let asOf = query("asOf", "A position, or a recorded time (ISO 8601): the answer as it stood then.")
    private static let minPosition = query(
        "minPosition", "Answer only once the read models have reached this position (waits 5 s at most, then 503): read your own writes.")

    private static func read(_ summary: String, _ parameters: [JSONValue], notFound: Bool = false) -> JSONValue {
        var responses: [String: JSONValue] = ["200": json("The document.", ref("Document")), "401": problem("No token, or an unknown one."),
                                              "422": problem("A parameter is malformed."), "503": problem("minPosition not reached in time.")]
        if notFound { responses["404"] = problem("No such merchant as of the position.") }
        return ["summary": .string(summary), "parameters": .array(parameters + [asOf, minPosition]), "responses": .object(responses)]
    }

    private static func page(_ summary: String, _ parameters: [JSONValue], start: String) -> JSONValue {
        ["summary": .string(summary),
         "parameters": .array(parameters + [query(start, "Where the page starts (the previous page's next)."),
                                             query("limit", "Events per page, 1 to 1000 (default 100)."), asOf, minPosition]),
         "responses": ["200": json("A page of events.", ref("EventPage")), "401": problem("No token, or an unknown one."),
                       "422": problem("A parameter is malformed.")]]
    }

    private static let feed: JSONValue = [
        "summary": "New events (event: appended) and changes of library (event: tier-changed) as Server-Sent Events, id = position.",
        "parameters": [
            ["name": "Last-Event-ID", "in": "header", "schema": string, "description": "Resume after this position."],
            query("from", "Start at this position (default: what comes next)."),
            query("through", "End the feed once this position is sent."),
        ],
        "responses": ["200": ["description": "The feed.", "content": ["text/event-stream": ["schema": string]]],
                      "400": problem("Last-Event-ID is not a position."), "401": problem("No token, or an unknown one.")],
    ]

    private static func command(_ target: CommandTarget, subject: String) -> JSONValue {
        [
            "summary": .string("A \(target.rawValue) command, decided as `fangxin import` decides it; the body holds the command's fields (docs/COMMANDS.md)."),
            "parameters": [
                path(subject, target == .merchant ? "The merchant's unified social credit code." : "The \(target.rawValue)'s id."),
                ["name": "command", "in": "path", "required": true, "schema": ["type": "string", "enum": .array(target.commands.map { .string($0) })]],
                ["name": "Idempotency-Key", "in": "header", "schema": string,
                 "description": "The command id: a retry with the same key records nothing new. The body's \"id\" serves too."],
                query("expectedVersion", "Record only if the stream is at this version (0: it must not exist yet); else 409."),
            ],
            "requestBody": ["required": true, "content": ["application/json": ["schema": ["type": "object"]]]],
            "responses": [
                "201": json("Recorded, on disk.", ref("Recorded")), "200": json("Recorded before: nothing new was written.", ref("Recorded")),
                "400": problem("The body is not a JSON object."), "401": problem("No token, or an unknown one."),
                "403": problem("The caller's role may not send this command (or a merchant's, for another merchant)."),
                "404": problem("No such command for this target."), "409": problem("The stream is not at expectedVersion; actualVersion says where it is."),
                "422": problem("A field is malformed, or the domain refused the command; nothing was written."),
            ],
        ]
    }

    // MARK: - Pieces

    private static let string: JSONValue = ["type": "string"]
    private static let integer: JSONValue = ["type": "integer"]

    private static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    private static func object(_ properties: [String: JSONValue], required: [String]) -> JSONValue {
        ["type": "object", "properties": .object(properties), "required": .array(required.map { .string($0) })]
    }

    private static func query(_ name: String, _ description: String) -> JSONValue {
        ["name": .string(name), "in": "query", "schema": string, "description": .string(description)]
    }

    private static func path(_ name: String, _ description: String) -> JSONValue {
        ["name": .string(name), "in": "path", "required": true, "schema": string, "description": .string(description)]
    }

    private static func json(_ description: String, _ schema: JSONValue) -> JSONValue {
        ["description": .string(description), "content": ["application/json": ["schema": schema]]]
    }

    private static func problem(_ description: String) -> JSONValue {
        ["description": .string(description), "content": ["application/problem+json": ["schema": ref("Problem")]]]
    }

    private static func publicRead(_ summary: String, type: String = "application/json", extra: [String: JSONValue] = [:]) -> JSONValue {
        var responses: [String: JSONValue] = ["200": ["description": .string(summary), "content": .object([type: [:]])]]
        responses.merge(extra) { $1 }
        return ["summary": .string(summary), "security": [], "responses": .object(responses)]
    }
}
