import Foundation
public import JSONText
public import Ledger

/// One recorded event as JSON: its place in the log, who recorded it, its exact payload bytes, the chain hash
/// that commits to it, and, for the domain's types, the event decoded (personal data stays sealed).
public struct EventDocument: Codable, Sendable, Equatable {
    public struct Actor: Codable, Sendable, Equatable { public let id: String; public let role: String }
    public let position: UInt64, stream: String, streamVersion: UInt64, type: String, schemaVersion: UInt16
    public let recordedAt: String, occurredAt: String, actor: Actor
    public let correlationID: String?, causationID: String?, commandID: String?
    /// The payload's bytes, base64.
    public let payload: String, chainHash: String
    public let data: JSONValue?

    public init(_ event: RecordedEvent) {
        position = event.position
        stream = event.stream
        streamVersion = event.streamVersion
        type = event.type
        schemaVersion = event.schemaVersion
        recordedAt = event.recordedAt.description
        occurredAt = event.occurredAt.description
        actor = Actor(id: event.actor.id, role: event.actor.role)
        correlationID = event.correlationID
        causationID = event.causationID
        commandID = event.commandID
        payload = Data(event.payload).base64EncodedString()
        chainHash = event.chainHash.hex
        data = EventDataWriter.json(for: event)
    }
}
