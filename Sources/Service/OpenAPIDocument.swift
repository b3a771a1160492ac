import Commands
import Domain
import Hummingbird
import JSONText
import Projections
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
            "/": ["get": publicRead("The dashboard: aggregates and the public complaint disclosure (投诉信息公示), as HTML with SVG charts, now or as of a moment.",
                                    type: "text/html", parameters: [pageAsOf], extra: ["422": problem("asOf is malformed or beyond the head.")])],
            "/merchants/{code}": ["get": publicRead("A merchant's page: its library over time, each change with the positions of its causes, as HTML.",
                                                    type: "text/html", parameters: [path("code", "The unified social credit code (18 characters).", creditCodeSchema), pageAsOf],
                                                    extra: ["404": problem("No such merchant as of the moment asked for."), "422": problem("A parameter is malformed.")])],
            "/health": ["get": publicRead("The process is up.")],
            "/ready": ["get": publicRead("The read models have caught up with the log, and, with `serve --ack-replicas N`, N standbys follow (503 until then).", extra: ["503": problem("Still catching up, or too few standbys follow.")])],
            "/metrics": ["get": publicRead("Prometheus metrics: appends, conflicts, projection lag, request latency.", type: "text/plain")],
            "/openapi.json": ["get": publicRead("This document.")],
            "/v1/tiers": ["get": read("How many merchants each library holds.", [query("region", "A region: its counties' merchants count.", regionSchema)])],
            "/v1/tiers/{tier}": ["get": read("One library's merchants.", [
                path("tier", "A library.", ["type": "string", "enum": .array(Tier.allCases.map { .string($0.name) })]),
                query("region", "A region.", regionSchema),
                query("after", "Start after this credit code: the `next` of the page before.", creditCodeSchema),
                query("limit", "At most this many merchants (default 100).", ["type": "integer", "minimum": 1, "maximum": 1_000])])],
            "/v1/merchants/{code}": ["get": read("One merchant: its standing, its changes of library with their causes, its credit lines.",
                                                 [path("code", "The unified social credit code (18 characters).", creditCodeSchema)], notFound: true)],
            "/v1/statistics": ["get": read("Complaint statistics: received, accepted on time, closed, compensation, satisfaction.", [
                query("from", "Business time: the first day received.", dateSchema), query("to", "Business time: the last day received; a period that ends before it starts is empty.", dateSchema),
                query("by", "How to group.", ["type": "string", "enum": .array(StatisticsQuery.Grouping.allCases.map { .string($0.rawValue) })]),
                query("region", "A region.", regionSchema),
                query("category", "goods or service.", ["type": "string", "enum": .array(ComplaintCategory.byImportName.keys.sorted().map { .string($0) })]),
                query("channel", "A complaint channel.", ["type": "string", "enum": .array(ComplaintChannel.byImportName.keys.sorted().map { .string($0) })]),
                query("merchant", "A merchant's credit code, or the name a complaint gave.", string),
                query("top", "Keep the groups that received most, at most this many.", ["type": "integer", "minimum": 1, "maximum": 1_000_000]),
            ])],
            "/v1/overdue": ["get": read("The supervision list (docs/SUPERVISION.md): complaints and reports past a statutory limit on a business day, or due within a window of working days after it.", [
                query("on", "Business time: the day the list is for (default: today in China Standard Time); only acts of that day or before count.", dateSchema),
                query("dueWithin", "Also list cases due within this many working days after the day (default \(SupervisionParameters.defaultWindow)).",
                      ["type": "integer", "minimum": 0, "maximum": .int(Int64(SupervisionParameters.maximumWindow))]),
                query("region", "Cases received within this region.", regionSchema),
            ])],
            "/v1/deposit-alerts": ["get": read("The merchants whose prior-compensation deposit (先行赔付保证金) has run out (docs/TIERS.md).", [])],
            "/v1/credit": ["get": read("Credit lines (放心贷) and the alerts they raise.", [
                query("merchant", "A credit code.", creditCodeSchema), query("bank", "A bank's name.", string),
                query("alerts", "true: the alerts only.", ["type": "boolean"]),
            ])],
            "/v1/models": ["get": read("The read models as they stand: each with the version of the code that built it, its position, its rows and versions, its size in the store, and its export and history digests as last computed (docs/READMODELS.md, \"Digests\"). No asOf.", [], asOf: false)],
            "/v1/set-aside": ["get": read("The events the read models set aside rather than fold (docs/FORMAT.md), with their reasons, a page at a time.", [
                query("after", "Where the page starts: the previous page's next.", positionSchema),
                query("limit", "Events per page (default 100).", ["type": "integer", "minimum": 1, "maximum": 1_000]),
            ])],
            "/v1/trail/streams/{stream}": ["get": page("One stream's audit trail.", [path("stream", "A stream name, e.g. complaint-2022-WJ-0001.", textSchema)], start: "after")],
            "/v1/trail/actors/{actor}": ["get": page("What one actor recorded.", [path("actor", "An actor id.", textSchema)], start: "after")],
            "/v1/events": ["get": page("Events by global position.", [], start: "from")],
            "/v1/streams/{stream}/events": ["get": page("One stream's events by version.", [path("stream", "A stream name.", textSchema)], start: "fromVersion")],
            "/v1/feed": ["get": feed],
            "/checkpoint": ["get": checkpoint],
            "/v1/checkpoint": ["get": checkpoint, "post": [
                "summary": "Sign a checkpoint of the tree now, if it has grown, and publish it (auditor, regulator, admin).",
                "responses": ["200": ["description": "The signed checkpoint.", "content": ["text/plain": ["schema": string]]],
                              "401": problem("No token, or an unknown one."), "403": problem("Not an auditor, regulator or operator."),
                              "404": problem("This service signs no checkpoints."), "421": misdirected,
                              "503": problem("No checkpoint could be signed.")]]],
            "/v1/proofs/inclusion": ["get": proof("A record and its inclusion proof in the tree of `size` records (docs/PROOFS.md).", [
                query("position", "The record's position.", positionSchema, required: true), query("size", "The tree size (default: the whole tree).", positionSchema)])],
            "/v1/records/{position}": ["get": proof("The record at a position as stored, with its inclusion proof: the same document.", [
                path("position", "The record's position.", positionSchema), query("size", "The tree size (default: the whole tree).", positionSchema)])],
            "/v1/standby/stream": ["get": [
                "summary": "A standby's stream (docs/REPLICAS.md, \"Standbys\"), for a token of the replica role: says what the standby holds, waits for more, and answers the records after it and the vault's slots after its own, as a binary frame.",
                "parameters": [
                    query("after", "The records the standby holds.", positionSchema, required: true),
                    query("hash", "The chain hash of its last record, 64 lowercase hex digits (none for 0 records).", ["type": "string", "maxLength": 64]),
                    query("slots", "The vault slots the standby holds.", positionSchema, required: true),
                    query("wait", "Milliseconds to wait for a record after `after` (default 0).", ["type": "integer", "minimum": 0, "maximum": 10_000]),
                    query("limit", "At most this many records, then to the end of a command (default and most 4,096; 0: none).", ["type": "integer", "minimum": 0, "maximum": 4_096]),
                ],
                "responses": ["200": ["description": "A frame (fangxin-standby/1).", "content": ["application/octet-stream": ["schema": ["type": "string", "format": "binary"]]]],
                              "401": problem("No token, or an unknown one."), "403": problem("Not a replica's token."),
                              "409": problem("The standby's copy is not a prefix of this log."), "422": problem("A parameter is malformed.")]]],
            "/v1/proofs/consistency": ["get": proof("The proof that the tree of `from` records is a prefix of the tree of `to` records.", [
                query("from", "The smaller tree size.", positionSchema, required: true), query("to", "The larger tree size (default: the whole tree).", positionSchema)])],
        ]
        for (target, collection, subject) in CommandRoutes.paths {
            for name in target.commands {
                paths["/v1/\(collection)/{\(subject)}/\(name)"] = ["post": command(name, of: target, subject: subject)]
            }
        }
        let reason: JSONValue = ["type": "string", "minLength": 1, "maxLength": .int(Int64(Bounds.Text.freeCharacters)), "pattern": .string(freeText)]
        paths["/v1/privacy/erasures"] = ["post": [
            "summary": "Carry out a person's erasure request (an operator's): the key sealing their personal data is destroyed, and the privacy stream records that it was done, not what was erased.",
            "requestBody": ["required": true, "content": ["application/json": ["schema": [
                "type": "object", "properties": ["subject": identifierSchema, "reason": reason], "required": ["subject", "reason"], "additionalProperties": false]]]],
            "responses": [
                "200": ["description": "Erased, and recorded (or recorded before)."], "400": problem("The body is not a JSON object."),
                "401": problem("No token, or an unknown one."), "403": problem("Not an operator."), "404": problem("No personal data is kept for the subject."),
                "413": problem("The body is larger than 16 KiB."), "421": misdirected,
                "422": problem("A member is missing, unknown or out of bounds."),
                "503": problem("With `serve --ack-replicas`: erased and recorded here, but fewer standbys than required confirmed holding it in time (`Retry-After`)."),
            ]]]
        paths["/v1/complaints/{id}/reveal"] = ["post": [
            "summary": "A complainant's contact details, for a regulator of the case's region; who read them, when and why is recorded first.",
            "parameters": [path("id", "The complaint's id.", identifierSchema)],
            "requestBody": ["required": true, "content": ["application/json": ["schema": [
                "type": "object", "properties": ["reason": reason], "required": ["reason"], "additionalProperties": false]]]],
            "responses": [
                "200": ["description": "The contact details, sealed no more."], "400": problem("The body is not a JSON object."),
                "401": problem("No token, or an unknown one."), "403": problem("Not a regulator, or not of the case's region."),
                "404": problem("No such complaint."), "413": problem("The body is larger than 16 KiB."), "421": misdirected,
                "422": problem("The reason is missing or out of bounds, or there is nothing to reveal (none recorded, or erased)."),
            ]]]
        return paths
    }

    /// What a read replica answers a request that would record something (docs/REPLICAS.md).
    private static let misdirected = problem("This service is a read replica (`fangxin serve --replica`): the detail names the URL at the primary to send the request to. Nothing was written.")

    private static let asOf = query("asOf", "Knowledge time: a position (at most the head: beyond it is 422), a time of recording (RFC 3339), or a day (00:00 Beijing time): the answer as it stood then.",
                                    ["type": "string", "pattern": .string(asOfPattern)])
    private static let minPosition = query(
        "minPosition", "Answer only once the read models have reached this position (waits 5 s at most, then 503; beyond the head, 422): read your own writes.",
        positionSchema)

    private static func read(_ summary: String, _ parameters: [JSONValue], notFound: Bool = false, asOf answersAsOf: Bool = true) -> JSONValue {
        var responses: [String: JSONValue] = ["200": json("The document.", ref("Document")), "401": problem("No token, or an unknown one."),
                                              "422": problem("A parameter is malformed."), "503": problem("minPosition not reached in time.")]
        if notFound { responses["404"] = problem("No such merchant as of the position.") }
        return ["summary": .string(summary), "parameters": .array(parameters + (answersAsOf ? [asOf] : []) + [minPosition]), "responses": .object(responses)]
    }

    /// The signed checkpoint (C2SP tlog-checkpoint), public.
    private static let checkpoint: JSONValue = [
        "summary": "The latest signed checkpoint of the log's Merkle tree (C2SP tlog-checkpoint as a signed note).",
        "security": [],
        "responses": ["200": ["description": "The checkpoint.", "content": ["text/plain": ["schema": string]]],
                      "404": problem("This service signs no checkpoints."), "503": problem("The first checkpoint is being signed.")],
    ]

    private static func proof(_ summary: String, _ parameters: [JSONValue]) -> JSONValue {
        ["summary": .string(summary), "parameters": .array(parameters),
         "responses": ["200": json("The proof (docs/PROOFS.md).", ["type": "object"]), "401": problem("No token, or an unknown one."),
                       "403": problem("Not an auditor, regulator or operator."), "404": problem("The position or size is not in the tree."),
                       "422": problem("A parameter is malformed.")]]
    }

    private static func page(_ summary: String, _ parameters: [JSONValue], start: String) -> JSONValue {
        ["summary": .string(summary),
         "parameters": .array(parameters + [query(start, "Where the page starts (the previous page's next).", positionSchema),
                                             query("limit", "Events per page (default 100).", ["type": "integer", "minimum": 1, "maximum": 1_000]), asOf, minPosition]),
         "responses": ["200": json("A page of events.", ref("EventPage")), "401": problem("No token, or an unknown one."),
                       "422": problem("A parameter is malformed.")]]
    }

    private static let feed: JSONValue = [
        "summary": "New events (event: appended) and changes of library (event: tier-changed) as Server-Sent Events, id = position.",
        "parameters": [
            ["name": "Last-Event-ID", "in": "header", "schema": positionSchema, "description": "Resume after this position."],
            query("from", "Start at this position (default: what comes next).", positionSchema),
            query("through", "End the feed once this position is sent.", positionSchema),
        ],
        "responses": ["200": ["description": "The feed.", "content": ["text/event-stream": ["schema": string]]],
                      "400": problem("Last-Event-ID is not a position."), "401": problem("No token, or an unknown one."),
                      "422": problem("from or through is not a position.")],
    ]

    private static func command(_ name: String, of target: CommandTarget, subject: String) -> JSONValue {
        [
            "summary": .string("`\(name)`: a \(target.rawValue) command, decided as `fangxin import` decides it (docs/COMMANDS.md)."),
            "parameters": [
                target == .merchant ? path(subject, "The merchant's unified social credit code.", creditCodeSchema)
                                    : path(subject, "The \(target.rawValue)'s id.", identifierSchema),
                ["name": "Idempotency-Key", "in": "header", "schema": identifierSchema,
                 "description": "The command id: a retry of the same request records nothing new; another request under it is 422. The body's \"id\" serves too."],
                query("expectedVersion", "Record only if the stream is at this version (0: it must not exist yet); else 409.", positionSchema),
            ],
            "requestBody": ["required": true, "content": ["application/json": ["schema": body(of: name)]]],
            "responses": [
                "201": json("Recorded, on disk.", ref("Recorded")), "200": json("Recorded before: nothing new was written.", ref("Recorded")),
                "400": problem("The body is not a JSON object."), "401": problem("No token, or an unknown one."),
                "403": problem("The caller's role or organisation may not send this command, or does not hold the stream as recorded (its region, bank or merchant); nothing was written."),
                "404": problem("No such path."), "409": problem("The stream is not at expectedVersion (actualVersion says where it is), or holds an event this build cannot read."),
                "413": problem("The body is larger than 64 KiB."), "421": misdirected,
                "422": problem("A field is malformed or out of bounds, or the domain refused the command; nothing was written."),
                "503": problem("The key sealing the command's personal data could not be kept, and nothing was written; or, with `serve --ack-replicas`, the command was recorded but fewer standbys than required confirmed holding it in time (`Retry-After`): send it again with the same Idempotency-Key."),
            ],
        ]
    }

    /// A command's body: its fields (`CommandField`), kinds and bounds as docs/COMMANDS.md gives them, and `id`,
    /// the command id; any other member is refused.
    private static func body(of command: String) -> JSONValue {
        let fields = CommandField.of(command)
        var properties: [String: JSONValue] = ["id": identifierSchema]
        for field in fields { properties[field.name] = schema(field.kind) }
        return ["type": "object", "properties": .object(properties), "required": .array(fields.filter(\.required).map { .string($0.name) }),
                "additionalProperties": false]
    }

    private static func schema(_ kind: CommandField.Kind) -> JSONValue {
        switch kind {
        case .date: return dateSchema
        case .fen(let range): return ["type": "integer", "minimum": .int(range.lowerBound), "maximum": .int(range.upperBound)]
        case .integer(let range): return ["type": "integer", "minimum": .int(Int64(range.lowerBound)), "maximum": .int(Int64(range.upperBound))]
        case .boolean: return ["type": "boolean"]
        case .identifier: return identifierSchema
        case .name: return ["type": "string", "pattern": .string(oneLine), "maxLength": .int(Int64(Bounds.Text.nameCharacters)),
                            "description": "One line, no control character."]
        case .free: return ["type": "string", "pattern": .string(freeText), "maxLength": .int(Int64(Bounds.Text.freeCharacters)),
                            "description": "Tabs and line breaks allowed, no other control character."]
        case .choice(let names): return ["type": "string", "enum": .array(names.map { .string($0) })]
        case .region: return regionSchema
        case .creditCode: return creditCodeSchema
        case .list(let item): return ["type": "array", "items": schema(item), "maxItems": .int(Int64(Bounds.Text.listItems))]
        }
    }

    // MARK: - Pieces

    private static let string: JSONValue = ["type": "string"]
    private static let integer: JSONValue = ["type": "integer"]

    // Text with no control character (Unicode's Cc: C0, DEL, C1), on one line or with tabs and line breaks;
    // lengths in code points, as the service counts them.
    private static let oneLine = "^[^\\u0000-\\u001F\\u007F-\\u009F]*$"
    private static let freeText = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$"
    /// A stream or actor to look up: any text; one that names nothing has nothing to show.
    private static let textSchema: JSONValue = ["type": "string", "minLength": 1]
    private static let identifierSchema: JSONValue = [
        "type": "string", "minLength": 1, "maxLength": .int(Int64(Bounds.Text.identifierCharacters)), "pattern": .string(oneLine),
        "description": "An id: one line, no control character.",
    ]
    private static let positionSchema: JSONValue = ["type": "integer", "minimum": 0, "maximum": .int(Int64.max)]
    /// A real day from 0001-01-01 to 9999-12-31, 29 February only in leap years: 2026-02-30 is refused, not
    /// rolled over.
    private static let datePattern = #"(?:(?!0000)[0-9]{4}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)-02-29)"#
    private static let dateSchema: JSONValue = ["type": "string", "format": "date", "pattern": .string("^" + datePattern + "$")]
    private static let regionSchema: JSONValue = ["type": "string", "enum": .array(RegionCode.listed.map { .string($0) }),
                                                  "description": "A GB/T 2260 code of Fixtures/regions/gb2260.csv: a province (xx0000) or city (xxxx00) holds its counties."]
    private static let creditCodeSchema: JSONValue = ["type": "string", "pattern": "^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$",
                                                      "description": "A unified social credit code (GB 32100): 18 characters, the last a check character."]
    private static let asOfPattern = "^(?:[0-9]{1,18}|" + datePattern + #"(?:T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,9})?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?)$"#

    private static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    private static func object(_ properties: [String: JSONValue], required: [String]) -> JSONValue {
        ["type": "object", "properties": .object(properties), "required": .array(required.map { .string($0) })]
    }

    private static func query(_ name: String, _ description: String, _ schema: JSONValue, required: Bool = false) -> JSONValue {
        var parameter: JSONValue = ["name": .string(name), "in": "query", "schema": schema, "description": .string(description)]
        if required, case .object(var fields) = parameter {
            fields["required"] = true
            parameter = .object(fields)
        }
        return parameter
    }

    private static func path(_ name: String, _ description: String, _ schema: JSONValue) -> JSONValue {
        ["name": .string(name), "in": "path", "required": true, "schema": schema, "description": .string(description)]
    }

    private static func json(_ description: String, _ schema: JSONValue) -> JSONValue {
        ["description": .string(description), "content": ["application/json": ["schema": schema]]]
    }

    private static func problem(_ description: String) -> JSONValue {
        ["description": .string(description), "content": ["application/problem+json": ["schema": ref("Problem")]]]
    }

    private static func publicRead(_ summary: String, type: String = "application/json", parameters: [JSONValue] = [],
                                   extra: [String: JSONValue] = [:]) -> JSONValue {
        var responses: [String: JSONValue] = ["200": ["description": .string(summary), "content": .object([type: [:]])]]
        responses.merge(extra) { $1 }
        var operation: [String: JSONValue] = ["summary": .string(summary), "security": [], "responses": .object(responses)]
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        return .object(operation)
    }

    /// A page's moment: the form's day, a position, or a time of recording.
    private static let pageAsOf = query("asOf", "Knowledge time: a day (00:00 Beijing time), a position, or a time of recording (RFC 3339): the page as it stood then. Empty (a form sent blank): now.",
                                        ["type": "string", "pattern": .string("^$|" + asOfPattern)])
}
