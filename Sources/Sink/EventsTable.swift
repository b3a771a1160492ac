import JSONText
import Ledger
import Queries

/// The `events` table: one row per record of the log, keyed by the ledger's origin and the record's position,
/// with the event's data decoded as the service's event pages give it (docs/SQL.md). Rows go in by COPY, in its
/// text format, which this writes.
enum EventsTable {
    static let create = """
        CREATE TABLE IF NOT EXISTS events (
            origin text NOT NULL,
            position bigint NOT NULL,
            stream text NOT NULL,
            stream_version bigint NOT NULL,
            type text NOT NULL,
            schema_version integer NOT NULL,
            recorded_at timestamptz,
            recorded_at_us bigint NOT NULL,
            occurred_at timestamptz,
            occurred_at_us bigint NOT NULL,
            actor_id text NOT NULL,
            actor_role text NOT NULL,
            command_id text,
            causation_id text,
            correlation_id text,
            chain_hash text NOT NULL,
            data jsonb,
            PRIMARY KEY (origin, position)
        )
        """

    static let columns = ["origin", "position", "stream", "stream_version", "type", "schema_version", "recorded_at", "recorded_at_us",
                          "occurred_at", "occurred_at_us", "actor_id", "actor_role", "command_id", "causation_id", "correlation_id",
                          "chain_hash", "data"]

    /// Appends `event`'s row, a line of COPY's text format, to `row`.
    static func append(_ event: RecordedEvent, origin: String, to row: inout [UInt8]) {
        var first = true
        func column(_ write: (inout [UInt8]) -> Void) {
            if !first { row.append(0x09) }
            first = false
            write(&row)
        }
        func text(_ value: String?) {
            column { row in
                guard let value else { return row += Array(#"\N"#.utf8) }
                escape(value.utf8, into: &row)
            }
        }
        func number<Number: BinaryInteger>(_ value: Number) { column { $0 += Array(String(value).utf8) } }
        text(origin)
        number(event.position)
        text(event.stream)
        number(event.streamVersion)
        text(event.type)
        number(event.schemaVersion)
        text(Self.time(event.recordedAt))
        number(event.recordedAt.microsecondsSinceEpoch)
        text(Self.time(event.occurredAt))
        number(event.occurredAt.microsecondsSinceEpoch)
        text(event.actor.id)
        text(event.actor.role)
        text(event.commandID)
        text(event.causationID)
        text(event.correlationID)
        text(event.chainHash.hex)
        column { row in
            var data = JSONWriter(reservingCapacity: 256)
            // jsonb holds no U+0000: data that does is left NULL, as is an event no aggregate knows. The log keeps it.
            guard EventDataWriter.write(type: event.type, schemaVersion: event.schemaVersion, payload: event.payload, to: &data),
                  !holdsZero(json: data.bytes) else { return row += Array(#"\N"#.utf8) }
            escape(data.bytes, into: &row)
        }
        row.append(0x0A)
    }

    /// Whether JSON text holds U+0000, written `\u0000`: escapes are read pairwise, so that text which only
    /// spells it (`\\u0000`, an escaped backslash) does not count. Byte by byte in one pass: a generic search
    /// for the six bytes took a third of the sink's time.
    static func holdsZero(json: [UInt8]) -> Bool {
        json.withUnsafeBufferPointer { bytes in
            var index = 0
            while index < bytes.count {
                guard bytes[index] == UInt8(ascii: "\\") else {
                    index += 1
                    continue
                }
                if index + 5 < bytes.count, (0..<5).allSatisfy({ bytes[index + 1 + $0] == zeroEscape[$0] }) { return true }
                index += 2   // the escape and the character it escapes
            }
            return false
        }
    }

    private static let zeroEscape = Array("u0000".utf8)

    /// A time as PostgreSQL's `timestamptz` takes it, when its year is 1 to 9999; nil (NULL) beyond, where the
    /// `_us` column still holds it.
    static func time(_ time: Timestamp) -> String? {
        guard (-62_135_596_800_000_000...253_402_300_799_999_999).contains(time.microsecondsSinceEpoch) else { return nil }
        return time.description
    }

    /// `bytes` in COPY's text format: backslash, tab, line feed and carriage return escaped; U+0000, which no text
    /// column holds, as U+FFFD.
    static func escape(_ bytes: some Sequence<UInt8>, into row: inout [UInt8]) {
        for byte in bytes {
            switch byte {
            case 0x5C: row += [0x5C, 0x5C]
            case 0x09: row += [0x5C, UInt8(ascii: "t")]
            case 0x0A: row += [0x5C, UInt8(ascii: "n")]
            case 0x0D: row += [0x5C, UInt8(ascii: "r")]
            case 0x00: row += [0xEF, 0xBF, 0xBD]
            default: row.append(byte)
            }
        }
    }
}
