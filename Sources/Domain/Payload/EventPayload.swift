/// An event's payload type: its stable stored name, its current schema version, and how it is written and
/// read — including every older schema version, upcast to the current shape on reading.
public protocol EventPayload: Sendable {
    /// The stored event type, e.g. "credit.granted". Never changes once events of it are recorded.
    static var type: String { get }
    /// The version `encoded()` writes.
    static var schemaVersion: UInt16 { get }
    func encoded() -> [UInt8]
    /// Reads a payload of any schema version this type has had.
    static func decode(_ bytes: [UInt8], schemaVersion: UInt16) throws(PayloadError) -> Self
}
