import Domain
import Ledger

/// One aggregate's streams kept folded: for each stream its state and version, so that a command reads and folds
/// only the events recorded since the last (none, for the only writer) instead of the whole stream.
///
/// Events decided but not yet appended are kept too, pending: the next command on the stream is decided on top of
/// them, and they take their positions once the append that records them says where they landed. At most
/// `capacity` streams are kept; past that the least recently used is forgotten, and read again when next asked,
/// but never one with events pending.
struct FoldedStreams<D: Decider>: Sendable {
    struct Entry: Sendable {
        /// The state with every event decided folded in, recorded or pending: a pending one at position 0, until its
        /// append says where it landed (`Decider.place`).
        var state: D.State
        /// How many events the stream holds, counting those pending.
        var version: UInt64
        /// Events decided and not yet appended, in order.
        var pending: [D.Event] = []
    }

    private var entries: LeastRecentlyUsed<String, Entry>
    /// False for the sole author of a new ledger: a stream not kept holds nothing yet.
    private let readsLedger: Bool

    init(capacity: Int, readsLedger: Bool = true) {
        entries = LeastRecentlyUsed(capacity: capacity)
        self.readsLedger = readsLedger
    }

    /// The stream's state, with any events pending, and its version counting them. A stream not kept is read and
    /// folded. One kept with nothing pending takes, when `catchUp`, the events recorded since it was folded: those of
    /// another writer (a bulk load) or of another process before this one took the ledger.
    mutating func state(of stream: String, in ledger: Ledger, catchUp: Bool) throws(HandlingError) -> (state: D.State, version: UInt64) {
        let kept = try entries.update(stream) { (entry: inout Entry) throws(HandlingError) -> (D.State, UInt64) in
            if catchUp, entry.pending.isEmpty { entry.version = try Self.fold(stream, into: &entry.state, version: entry.version, in: ledger) }
            return (entry.state, entry.version)
        }
        if let kept { return kept }
        var state = D.initial
        let version = readsLedger ? try Self.fold(stream, into: &state, version: 0, in: ledger) : 0
        entries.set(Entry(state: state, version: version), for: stream) { !$0.pending.isEmpty }
        return (state, version)
    }

    /// Folds in `events`, decided on the stream's state as `state(of:)` gave it, to be appended: at position 0 until
    /// their append says where they landed, or from `landing` on when the caller knows already (the sole writer).
    mutating func decided(_ events: [D.Event], for stream: String, landing: UInt64? = nil) {
        _ = entries.update(stream) { (entry: inout Entry) in
            // In place: the kept state is not copied for each event.
            for (index, event) in events.enumerated() {
                D.apply(Recorded(position: landing.map { $0 + UInt64(index) } ?? 0, event: event), to: &entry.state)
            }
            entry.pending += events
            entry.version += UInt64(events.count)
        }
    }

    /// Applies what the caller says of the stream's pending events.
    mutating func keep(_ stream: String, _ change: KeptChange) {
        switch change {
        case .appended(let positions): appended(stream, at: positions)
        case .forget: forget(stream)
        }
    }

    /// The first of the stream's pending events were recorded at `positions`: they take their positions.
    mutating func appended(_ stream: String, at positions: ClosedRange<UInt64>) {
        let taken = entries.update(stream) { (entry: inout Entry) -> Bool in
            guard entry.pending.count >= positions.count else { return false }
            for (event, position) in zip(entry.pending, positions) { D.place(event, at: position, in: &entry.state) }
            entry.pending.removeFirst(positions.count)
            return true
        }
        if taken == false { forget(stream) }
    }

    /// Forgets the stream, to be read again when next asked: its append failed, so what is kept may not be what is
    /// recorded.
    mutating func forget(_ stream: String) { entries.remove(stream) }

    /// Folds into `state`, the stream's first `version` events folded, the events recorded after them; returns the
    /// stream's version.
    static func fold(_ stream: String, into state: inout D.State, version: UInt64, in ledger: Ledger) throws(HandlingError) -> UInt64 {
        let recorded: [RecordedEvent]
        do { recorded = try ledger.readStream(stream, fromVersion: version + 1) } catch { throw .ledger(error) }
        for event in recorded {
            let decoded: D.Event?
            do { decoded = try D.Event.decode(type: event.type, schemaVersion: event.schemaVersion, event.payload) } catch {
                throw .unreadable(position: event.position, error)
            }
            guard let decoded else { throw .unreadable(position: event.position, .malformed("\(event.type) does not belong in \(stream)")) }
            D.apply(Recorded(position: event.position, event: decoded), to: &state)
        }
        return recorded.last?.streamVersion ?? version
    }
}

/// How a stream's pending events fare: appended at these positions, or never (the stream is forgotten, to be read
/// again).
enum KeptChange {
    case appended(ClosedRange<UInt64>)
    case forget
}
