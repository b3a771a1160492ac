import Domain
import Ledger

/// Streams' recorded events kept in memory, for deciding many commands in a row without reading each stream
/// again (`fangxin import`). Events decided but not yet appended are kept too, at position 0 until the append
/// that records them says where they landed.
///
/// It holds at most `capacity` streams: past that, it forgets them all and reads each again when next asked, so
/// that its memory does not grow with the number of streams a load touches.
///
/// Inlinable, so that the importer's copy is specialised for each aggregate's events: through its generic form,
/// each look-up and each event copied went through the type's metadata (6% of an import).
public struct StreamCache<Event: DomainEvent>: Sendable {
    @usableFromInline
    struct Entry: Sendable {
        @usableFromInline var events: [(position: UInt64, event: Event)]
        /// Events at the end of `events` decided but not yet appended.
        @usableFromInline var pending = 0

        @usableFromInline
        init(events: [(position: UInt64, event: Event)]) { self.events = events }

        @inlinable
        mutating func add(_ decided: [Event]) {
            events += decided.map { (0, $0) }
            pending += decided.count
        }

        /// The first pending events take `positions`; false when fewer are pending.
        @inlinable
        mutating func take(_ positions: ClosedRange<UInt64>) -> Bool {
            guard pending >= positions.count else { return false }
            var index = events.count - pending
            for position in positions {
                events[index].position = position
                index += 1
            }
            pending -= positions.count
            return true
        }
    }

    @usableFromInline var entries: [String: Entry] = [:]
    public let capacity: Int

    public init(capacity: Int = 50_000) { self.capacity = capacity }

    /// The stream's events, recorded and pending, and its version counting both: read from the ledger when not kept.
    @inlinable @usableFromInline
    mutating func events(of stream: String, in ledger: Ledger) throws(HandlingError) -> (events: [(position: UInt64, event: Event)], version: UInt64) {
        if let entry = entries[stream] { return (entry.events, UInt64(entry.events.count)) }
        var loaded: [(position: UInt64, event: Event)] = []
        let version = try StreamHandler(ledger: ledger).load(stream, as: Event.self) { events in loaded = events }.1
        // A stream whose version is not its count of events (none the ledger writes) is read every time.
        if version == UInt64(loaded.count) { entries[stream] = Entry(events: loaded) }
        return (loaded, version)
    }

    /// The stream's state, folded from its events recorded and pending, and its version. The events stay in the
    /// cache, shared with no one, so that adding the events decided next does not copy them.
    @inlinable
    public mutating func fold<State>(_ stream: String, in ledger: Ledger, _ fold: ([(position: UInt64, event: Event)]) -> State) throws(HandlingError) -> (state: State, version: UInt64) {
        let (events, version) = try events(of: stream, in: ledger)
        return (fold(events), version)
    }

    /// Notes events decided for the stream, to be appended.
    @inlinable
    public mutating func decided(_ events: [Event], for stream: String) {
        entries[stream]?.add(events)   // in place: one lookup, the events not copied
    }

    /// The stream's pending events were appended at `positions`: they take their positions.
    @inlinable
    public mutating func appended(_ stream: String, at positions: ClosedRange<UInt64>) {
        if entries[stream]?.take(positions) == false { forget(stream) }
    }

    /// The stream is read again when next asked: an append of it failed, so what is kept may not be what is recorded.
    @inlinable
    public mutating func forget(_ stream: String) { entries[stream] = nil }

    /// Once more than `capacity` streams are kept, forgets every one with nothing pending (those with events
    /// decided and not yet appended are kept until their append says where they landed).
    @inlinable
    public mutating func trim() {
        guard entries.count > capacity else { return }
        entries = entries.filter { $0.value.pending > 0 }
    }
}
