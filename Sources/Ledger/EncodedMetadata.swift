/// The per-append text fields, encoded once: stream to command id, each behind its u16 length, as one
/// block, so that encoding an event is a few copies whatever the number of events.
struct EncodedMetadata: Sendable {
    /// stream, actor id, actor role, correlation id, causation id, command id.
    let block: [UInt8]
    /// The stream's UTF-8 bytes (the key in `streams`), inside `block`.
    let stream: StreamKey
    /// The command id's UTF-8 bytes (empty: none), inside `block`.
    let commandID: CommandKey

    /// The fields in envelope order, each already checked to fit behind a u16 length.
    init(stream: String.UTF8View, actorID: String.UTF8View, actorRole: String.UTF8View,
         correlationID: String.UTF8View, causationID: String.UTF8View, commandID: String.UTF8View) {
        var block: [UInt8] = []
        block.reserveCapacity(12 + stream.count + actorID.count + actorRole.count + correlationID.count + causationID.count + commandID.count)
        func append(_ field: String.UTF8View) -> Range<Int> {
            block.append(UInt8(field.count >> 8))
            block.append(UInt8(field.count & 0xff))
            let start = block.count
            block.append(contentsOf: field)
            return start..<block.count
        }
        let streamRange = append(stream)
        _ = (append(actorID), append(actorRole), append(correlationID), append(causationID))
        let commandRange = append(commandID)
        self.block = block
        self.stream = StreamKey(block[streamRange])
        self.commandID = CommandKey(block[commandRange])
    }
}
