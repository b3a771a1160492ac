import ArgumentParser
import Foundation
import JSONText
import Ledger
import Queries

struct Events: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print recorded events, in order.",
        discussion: """
            With --stream, prints one stream by its versions; otherwise the whole log by global position. \
            --json prints one JSON object per line (JSON Lines): the payload's exact bytes in base64, and, for the \
            domain's event types, "data": the event decoded (personal data stays sealed).

            Examples:
              fangxin events --from 1000 --limit 20
              fangxin events --stream merchant-91330000MA2XXXXXX1 --json
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The first global position, or with --stream the first stream version.") var from: UInt64 = 1
    @Option(help: "Only this stream.") var stream: String?
    @Option(help: "Print at most this many events.") var limit: Int?
    @Flag(help: "Print JSON Lines.") var json = false

    func validate() throws {
        guard from >= 1 else { throw ValidationError("--from counts from 1") }
        if let limit, limit < 0 { throw ValidationError("--limit must not be negative") }
    }

    func run() throws {
        let ledger = try global.openForReading()
        let limit = limit ?? .max
        var output = Output()
        var rows: [[String]] = []
        func emit(_ event: RecordedEvent) {
            if json {
                var writer = JSONWriter(reservingCapacity: 1_024)
                EventDocument(event).write(to: &writer)
                output.line(bytes: writer.bytes)
            } else {
                rows.append([String(event.position), event.recordedAt.description, event.stream, String(event.streamVersion),
                             event.type, "\(event.actor.id) (\(event.actor.role))"])
                if rows.count == 1_000 { flushRows() }
            }
        }
        var printedHeader = false
        func flushRows() {
            let lines = table(["POSITION", "RECORDED", "STREAM", "VERSION", "TYPE", "ACTOR"], rows)
            for line in lines.dropFirst(printedHeader ? 1 : 0) { output.line(line) }
            printedHeader = true
            rows.removeAll()
        }
        if let stream {
            for event in try failing({ try ledger.readStream(stream, fromVersion: from, limit: limit) }) { emit(event) }
        } else {
            var count = 0
            try failing {
                // JSON Lines straight from the records, into one reused buffer: an export runs at disk speed.
                var writer = JSONWriter(reservingCapacity: 1 << 17)
                try ledger.scan(from: from) { view in
                    guard count < limit else { return false }
                    if json {
                        EventJSON.write(view, to: &writer)
                        writer.write(encoded: CollectionOfOne(UInt8(ascii: "\n")))
                        if writer.bytes.count >= 1 << 16 {
                            output.write(writer.bytes)
                            writer = JSONWriter(reservingCapacity: 1 << 17)
                        }
                    } else {
                        emit(RecordedEvent(view))
                    }
                    count += 1
                    return true
                }
                output.write(writer.bytes)
            }
        }
        if !json && (!rows.isEmpty || !printedHeader) { flushRows() }
        output.flush()
    }
}
