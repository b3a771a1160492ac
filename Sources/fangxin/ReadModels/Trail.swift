import ArgumentParser
import Foundation
import Ledger
import Projections

struct Trail: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The audit trail of one stream or one actor: every event in order, with its content and chain hash.",
        discussion: """
            Each line gives the position, when it was recorded and when it occurred, the actor and role, the event
            type, its content, and the chain hash that commits to it and to everything before it (docs/FORMAT.md).
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
        let session = try ReadModelSession(global)
        let through = try asOf.position(in: session.ledger) ?? .max
        var events: [RecordedEvent] = []
        if let stream {
            events = try failing { try session.ledger.readStream(stream) }.filter { $0.position > after && $0.position <= through }
            events = Array(events.prefix(limit))
        } else if let actor {
            let positions = try session.withRows(["trail"], asOf: nil) { rows, _ in
                try TrailQueries.positions(rows["trail"]!, actor: actor, from: after + 1, through: through, limit: limit)
            }
            for position in positions {
                events += try failing { try session.ledger.read(from: position, limit: 1) }
            }
        }
        var output = Output()
        if json {
            for event in events { output.line(jsonLine(EventLine(event))) }
        } else {
            for line in table(["position", "recorded", "occurred", "actor", "role", "type", "content", "chain hash"], events.map { event in
                [String(event.position), event.recordedAt.description, event.occurredAt.description, event.actor.id, event.actor.role,
                 event.type, EventData.json(for: event).map(jsonLine) ?? "\(event.payload.count) bytes", event.chainHash.hex]
            }) { output.line(line) }
        }
        output.flush()
        if events.isEmpty { printError("fangxin: no events for \(stream.map { "stream \($0)" } ?? "actor \(actor!)") up to position \(through == .max ? "the head" : String(through))") }
    }
}
