import ArgumentParser
import Foundation
import Ledger
import Projections
import Queries

struct Trail: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The audit trail of one stream or one actor: every event in order, with its content and chain hash.",
        discussion: """
            Each line gives the position, when it was recorded and when it occurred, the actor and role, the event \
            type, its content, and the chain hash that commits to it and to everything before it (docs/FORMAT.md). \
            With --as-of, only what the log held at that position or time.

            Examples:
              fangxin trail complaint-2022-WJ-0001
              fangxin trail --actor jiashan-amr-01 --limit 20
              fangxin trail merchant-91330421MA28JJY015 --as-of 2024-01-01 --json
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var asOf: AsOfOptions
    @Argument(help: ArgumentHelp("The stream, e.g. complaint-2022-WJ-0001.", valueName: "stream")) var stream: String?
    @Option(help: ArgumentHelp("The actor instead of a stream.", valueName: "id")) var actor: String?
    @Option(help: ArgumentHelp("Start at this position.", valueName: "position")) var after: UInt64 = 0
    @Option(help: "Print at most this many events.") var limit: Int = 1_000
    @Flag(help: "Print JSON Lines, one event per line.") var json = false

    func validate() throws {
        guard (stream == nil) != (actor == nil) else { throw ValidationError("name a stream or --actor ID, not both and not neither") }
        guard limit >= 0 else { throw ValidationError("--limit must not be negative") }
    }

    func run() throws {
        let queries = try ReadModelQueries(global)
        let events = try answering { () throws(QueryError) in
            if let stream { return try queries.trail(stream: stream, after: after, limit: limit, asOf: asOf.value) }
            return try queries.trail(actor: actor!, after: after, limit: limit, asOf: asOf.value)
        }
        var output = Output()
        if json {
            for event in events { output.line(jsonLine(event)) }
        } else {
            for line in table(["position", "recorded", "occurred", "actor", "role", "type", "content", "chain hash"], events.map { event in
                [String(event.position), event.recordedAt, event.occurredAt, event.actor.id, event.actor.role,
                 event.type, event.data.map(jsonLine) ?? "\(Data(base64Encoded: event.payload)?.count ?? 0) bytes", event.chainHash]
            }) { output.line(line) }
        }
        output.flush()
        if events.isEmpty {
            let through = asOf.text ?? "the head"
            printError("fangxin: no events for \(stream.map { "stream \($0)" } ?? "actor \(actor!)") up to \(through)")
        }
    }
}
