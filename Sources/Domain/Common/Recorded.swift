/// An event of a stream with the position the ledger recorded it at: what a correction names. An event decided and
/// not yet appended is at position 0, which no recorded event has, unless its writer knows where it will land (the
/// import, the ledger's only writer).
public struct Recorded<Event: Hashable & Sendable>: Hashable, Sendable {
    public var position: UInt64
    public var event: Event

    public init(position: UInt64, event: Event) {
        self.position = position
        self.event = event
    }
}
