/// What every aggregate's event enumeration offers the layers that store it.
public protocol DomainEvent: Hashable, Sendable {
    /// The stored event type, e.g. "complaint.accepted".
    var type: String { get }
    var schemaVersion: UInt16 { get }
    func encoded() -> [UInt8]
    /// Reads a stored event; nil when `type` belongs to another aggregate.
    static func decode(type: String, schemaVersion: UInt16, _ bytes: [UInt8]) throws(PayloadError) -> Self?
}

extension ComplaintEvent: DomainEvent {
    public var schemaVersion: UInt16 { Self.schemaVersion }
}

extension MerchantEvent: DomainEvent {
    public var schemaVersion: UInt16 { Self.schemaVersion }
}

extension ReportEvent: DomainEvent {
    public var schemaVersion: UInt16 { Self.schemaVersion }
}

extension PolicyEvent: DomainEvent {
    public var schemaVersion: UInt16 { Self.schemaVersion }
}

extension CreditEvent: DomainEvent {}
