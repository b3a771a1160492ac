public import Domain

/// What a projection sees of one recorded event: where it lies in the log, who recorded it, and the domain
/// fact it carries, already decoded.
public struct ProjectionEvent: Sendable {
    /// The event's global position: a projection's checkpoint, and the reason it cites for what it derived.
    public var position: UInt64
    /// When the ledger recorded it, in microseconds since 1970-01-01 UTC (knowledge time).
    public var recordedAt: Int64
    /// Who recorded it; the aggregate's id is in `fact`.
    public var actorID: String
    public var fact: DomainFact

    public init(position: UInt64, recordedAt: Int64, actorID: String, fact: DomainFact) {
        self.position = position
        self.recordedAt = recordedAt
        self.actorID = actorID
        self.fact = fact
    }
}

/// A recorded event decoded to its aggregate's event, with the aggregate's id taken from the stream name.
public enum DomainFact: Sendable {
    case complaint(id: String, ComplaintEvent)
    case merchant(code: String, MerchantEvent)
    case credit(code: String, CreditEvent)
    case report(id: String, ReportEvent)
    case policy(PolicyEvent)
    case clock(ClockEvent)
    /// Not decoded: the projection did not ask for it, or no aggregate of this build knows the type.
    case undecoded
    /// Its aggregate knows the type, but the payload cannot be decoded: the event is set aside, for this reason.
    case unreadable(String)
}
