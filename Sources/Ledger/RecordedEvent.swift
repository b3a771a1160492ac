/// An event as the log holds it: everything the ledger gave it, and the caller's payload.
public struct RecordedEvent: Hashable, Sendable {
    public var position: UInt64
    public var stream: String
    public var streamVersion: UInt64
    public var type: String
    public var schemaVersion: UInt16
    /// The ledger's clock when the event was committed; never decreases along the log.
    public var recordedAt: Timestamp
    /// Business time, from the caller.
    public var occurredAt: Timestamp
    public var actor: Actor
    public var correlationID: String?
    public var causationID: String?
    public var commandID: String?
    public var payload: [UInt8]
    public var chainHash: ChainHash

    /// Copies everything out of a view.
    public init(_ view: RecordView) {
        position = view.position
        stream = view.stream
        streamVersion = view.streamVersion
        type = view.type
        schemaVersion = view.schemaVersion
        recordedAt = view.recordedAt
        occurredAt = view.occurredAt
        actor = view.actor
        correlationID = view.correlationID
        causationID = view.causationID
        commandID = view.commandID
        payload = Array(view.payload)
        chainHash = view.chainHash
    }
}
