/// An append checked and turned into bytes on the caller's task, before it reaches the single writer.
struct PreparedAppend: Sendable {
    /// Limits that keep every record and key well inside what LMDB and the envelope can hold.
    enum Limits {
        static let textBytesMax = 200
        static let eventsPerAppendMax = 10_000
        /// A whole record, envelope and chain hash, as appended now: what a tlog-tiles entry bundle carries behind
        /// its 16-bit length.
        static let recordBytesMax = 65_535
        /// A payload as format 1 has always allowed it: what a record appended before the bound above may hold,
        /// and what `verify` holds stored records to.
        static let storedPayloadBytesMax = 4 << 20
    }

    let stream: String
    let expecting: ExpectedVersion
    let metadata: EncodedMetadata
    /// The caller's own events: checked, and shared rather than copied.
    let events: [NewEvent]

    var commandID: CommandKey { metadata.commandID }

    /// Whether UTF-8 `bytes` hold a C0 or C1 control character or DEL (Unicode's category Cc).
    private static func containsControlCharacter(_ text: String.UTF8View) -> Bool {
        func scan(_ bytes: some Sequence<UInt8>) -> Bool {
            var previous: UInt8 = 0
            for byte in bytes {
                if byte < 0x20 || byte == 0x7f || (previous == 0xc2 && byte >= 0x80 && byte <= 0x9f) { return true }
                previous = byte
            }
            return false
        }
        return text.withContiguousStorageIfAvailable(scan) ?? scan(text)
    }

    /// Checks one text field; `field` is built only when there is something wrong to report.
    private static func check(_ value: String?, _ field: @autoclosure () -> String, required: Bool, stream: String) throws(LedgerError) -> String.UTF8View {
        guard let value, !value.isEmpty else {
            if required { throw .invalidAppend(stream: stream, field: field(), reason: "is empty") }
            return "".utf8
        }
        let bytes = value.utf8
        guard bytes.count <= Limits.textBytesMax else {
            throw .invalidAppend(stream: stream, field: field(), reason: "is \(bytes.count) bytes of UTF-8, more than the \(Limits.textBytesMax) allowed")
        }
        guard !containsControlCharacter(bytes) else {
            throw .invalidAppend(stream: stream, field: field(), reason: "contains a control character")
        }
        return bytes
    }

    init(_ append: Append) throws(LedgerError) {
        let stream = append.stream
        func invalid(_ field: String, _ reason: String) -> LedgerError {
            .invalidAppend(stream: stream, field: field, reason: reason)
        }
        guard !append.events.isEmpty else { throw invalid("events", "is empty: an append needs at least one event") }
        guard append.events.count <= Limits.eventsPerAppendMax else {
            throw invalid("events", "has \(append.events.count) events, more than the \(Limits.eventsPerAppendMax) one append may hold")
        }
        if case .exactly(0) = append.expecting {
            throw invalid("expecting", "is version 0; say .noStream for a stream that must not exist yet")
        }
        metadata = EncodedMetadata(
            stream: try Self.check(append.stream, "stream", required: true, stream: stream),
            actorID: try Self.check(append.actor.id, "actor.id", required: true, stream: stream),
            actorRole: try Self.check(append.actor.role, "actor.role", required: true, stream: stream),
            correlationID: try Self.check(append.correlationID, "correlationID", required: false, stream: stream),
            causationID: try Self.check(append.causationID, "causationID", required: false, stream: stream),
            commandID: try Self.check(append.commandID, "commandID", required: false, stream: stream))
        for (index, event) in append.events.enumerated() {
            _ = try Self.check(event.type, "events[\(index)].type", required: true, stream: stream)
        }
        for (index, event) in append.events.enumerated() {
            let size = RecordWriter.size(of: metadata, event)
            guard size <= Limits.recordBytesMax else { throw .recordTooLarge(stream: stream, event: index, bytes: size) }
        }
        self.stream = stream
        self.expecting = append.expecting
        self.events = append.events
    }
}
