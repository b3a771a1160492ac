/// An event proposed for the log, before the ledger gives it a position.
public struct NewEvent: Sendable {
    /// The stable stored name of the event's type, e.g. "complaint.accepted".
    public var type: String
    /// The version of the payload's schema, so that old events can be upcast when the schema changes.
    public var schemaVersion: UInt16
    /// Business time: when the fact happened in the world, as the caller says.
    public var occurredAt: Timestamp
    /// The encoded event; the ledger never looks inside.
    public var payload: [UInt8]

    public init(type: String, schemaVersion: UInt16 = 1, occurredAt: Timestamp, payload: [UInt8]) {
        self.type = type
        self.schemaVersion = schemaVersion
        self.occurredAt = occurredAt
        self.payload = payload
    }
}
