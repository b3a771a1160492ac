/// An append checked and turned into bytes on the caller's task, before it reaches the single writer.
struct PreparedAppend: Sendable {
    /// Limits that keep every record and key well inside what LMDB and the envelope can hold.
    enum Limits {
        static let textBytesMax = 200
        static let eventsPerAppendMax = 10_000
        static let payloadBytesMax = 4 << 20
    }

    let stream: String
    let expecting: ExpectedVersion
    let metadata: EncodedMetadata
    let events: [EncodedEvent]

    var commandID: [UInt8] { metadata.commandID }

    init(_ append: Append) throws(LedgerError) {
        let stream = append.stream
        func invalid(_ field: String, _ reason: String) -> LedgerError {
            .invalidAppend(stream: stream, field: field, reason: reason)
        }
        func text(_ value: String?, _ field: String, required: Bool) throws(LedgerError) -> [UInt8] {
            guard let value, !value.isEmpty else {
                if required { throw invalid(field, "is empty") }
                return []
            }
            let bytes = Array(value.utf8)
            guard bytes.count <= Limits.textBytesMax else {
                throw invalid(field, "is \(bytes.count) bytes of UTF-8, more than the \(Limits.textBytesMax) allowed")
            }
            guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw invalid(field, "contains a control character")
            }
            return bytes
        }
        guard !append.events.isEmpty else { throw invalid("events", "is empty: an append needs at least one event") }
        guard append.events.count <= Limits.eventsPerAppendMax else {
            throw invalid("events", "has \(append.events.count) events, more than the \(Limits.eventsPerAppendMax) one append may hold")
        }
        if case .exactly(0) = append.expecting {
            throw invalid("expecting", "is version 0; say .noStream for a stream that must not exist yet")
        }
        metadata = EncodedMetadata(
            stream: try text(append.stream, "stream", required: true),
            actorID: try text(append.actor.id, "actor.id", required: true),
            actorRole: try text(append.actor.role, "actor.role", required: true),
            correlationID: try text(append.correlationID, "correlationID", required: false),
            causationID: try text(append.causationID, "causationID", required: false),
            commandID: try text(append.commandID, "commandID", required: false))
        var events: [EncodedEvent] = []
        events.reserveCapacity(append.events.count)
        for (index, event) in append.events.enumerated() {
            let type = try text(event.type, "events[\(index)].type", required: true)
            guard event.payload.count <= Limits.payloadBytesMax else {
                throw invalid("events[\(index)].payload", "is \(event.payload.count) bytes, more than the \(Limits.payloadBytesMax) allowed")
            }
            events.append(EncodedEvent(
                type: type, schemaVersion: event.schemaVersion,
                occurredAt: event.occurredAt.rawValue, payload: event.payload))
        }
        self.stream = stream
        self.expecting = append.expecting
        self.events = events
    }
}
