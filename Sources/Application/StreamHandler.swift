import Domain
import Ledger

/// Read, fold, decide, append — once, for every aggregate.
///
/// A command's id is looked up first, so a retry is answered with what it recorded instead of being decided
/// again. The new events are appended expecting the version that was read: if someone appended meanwhile, the
/// command is decided again on the new state, up to `attemptsMax` times.
public struct StreamHandler: Sendable {
    public let ledger: Ledger
    static let attemptsMax = 3

    public init(ledger: Ledger) { self.ledger = ledger }

    /// The stream's state, folded from its recorded events, and its version.
    public func load<Event: DomainEvent, State>(
        _ stream: String, as _: Event.Type, initial: State, evolve: (State, Event) -> State
    ) throws(HandlingError) -> (State, UInt64) {
        let recorded: [RecordedEvent]
        do { recorded = try ledger.readStream(stream) } catch { throw .ledger(error) }
        var state = initial
        for event in recorded {
            let decoded: Event?
            do { decoded = try Event.decode(type: event.type, schemaVersion: event.schemaVersion, event.payload) } catch {
                throw .unreadable(position: event.position, error)
            }
            guard let decoded else { throw .unreadable(position: event.position, .malformed("\(event.type) does not belong in \(stream)")) }
            state = evolve(state, decoded)
        }
        return (state, recorded.last?.streamVersion ?? 0)
    }

    /// Decides a command against the stream and records what it decides.
    public func handle<Event: DomainEvent, State>(
        stream: String, commandID: String, actor: Actor, on day: CivilDate,
        initial: State, evolve: (State, Event) -> State, decide: (State) -> Result<[Event], Rejection>
    ) async throws(HandlingError) -> AppendResult {
        do {
            if let recorded = try ledger.recordedCommand(commandID) { return recorded }
        } catch { throw .ledger(error) }
        for attempt in 1...Self.attemptsMax {
            let (state, version) = try load(stream, as: Event.self, initial: initial, evolve: evolve)
            let events: [Event]
            switch decide(state) {
            case .success(let decided): events = decided
            case .failure(let rejection): throw .rejected(rejection)
            }
            let append = Append(
                stream: stream, expecting: version == 0 ? .noStream : .exactly(version), commandID: commandID, actor: actor,
                events: events.map { NewEvent(type: $0.type, schemaVersion: $0.schemaVersion, occurredAt: Timestamp(businessDay: day), payload: $0.encoded()) })
            do {
                return try await ledger.append(append)
            } catch {
                // Someone appended since we read: decide again on the new state.
                if case .wrongExpectedVersion = error, attempt < Self.attemptsMax { continue }
                throw .ledger(error)
            }
        }
        preconditionFailure("the loop returns or throws")
    }
}

/// Why the domain refused a command, whichever aggregate it was for.
public enum Rejection: Error, Equatable, CustomStringConvertible {
    case complaint(ComplaintRejection)
    case merchant(MerchantRejection)
    case report(ReportRejection)
    case credit(CreditRejection)
    case clock(ClockRejection)

    public var description: String {
        switch self {
        case .complaint(let rejection): return rejection.description
        case .merchant(let rejection): return rejection.description
        case .report(let rejection): return rejection.description
        case .credit(let rejection): return rejection.description
        case .clock(let rejection): return rejection.description
        }
    }
}
