public import Domain
public import Ledger

/// Read, fold, decide, append — once, for every aggregate.
///
/// A command's id is looked up first, so a retry is answered with what it recorded instead of being decided
/// again. The new events are appended expecting the version that was read: if someone appended meanwhile, the
/// command is decided again on the new state, up to `attemptsMax` times — unless the caller said which version
/// it decided on (`expecting`): then a stream at any other version refuses the command, and nothing is written.
public struct StreamHandler: Sendable {
    public let ledger: Ledger
    static let attemptsMax = 3

    public init(ledger: Ledger) { self.ledger = ledger }

    /// The stream's state, folded from its recorded events, and its version.
    public func load<Event: DomainEvent, State>(
        _ stream: String, as type: Event.Type, initial: State, evolve: (State, Event) -> State
    ) throws(HandlingError) -> (State, UInt64) {
        try load(stream, as: type) { events in events.reduce(initial) { evolve($0, $1.event) } }
    }

    /// The stream's state, folded by `fold` from its recorded events and their positions, and its version: for
    /// an aggregate whose events may refer to earlier ones by position (a correction).
    public func load<Event: DomainEvent, State>(
        _ stream: String, as _: Event.Type, fold: ([(position: UInt64, event: Event)]) -> State
    ) throws(HandlingError) -> (State, UInt64) {
        let recorded: [RecordedEvent]
        do { recorded = try ledger.readStream(stream) } catch { throw .ledger(error) }
        var events: [(position: UInt64, event: Event)] = []
        events.reserveCapacity(recorded.count)
        for event in recorded {
            let decoded: Event?
            do { decoded = try Event.decode(type: event.type, schemaVersion: event.schemaVersion, event.payload) } catch {
                throw .unreadable(position: event.position, error)
            }
            guard let decoded else { throw .unreadable(position: event.position, .malformed("\(event.type) does not belong in \(stream)")) }
            events.append((event.position, decoded))
        }
        return (fold(events), recorded.last?.streamVersion ?? 0)
    }

    /// Decides a command against the stream and records what it decides.
    ///
    /// Commands on one stream take turns in this process, so each is decided on the stream as it is when its
    /// turn comes. `request`, a digest of what the command asks (its target, fields and actor), is recorded as
    /// the events' causation id: a later command under the same id that asks something else is refused.
    public func handle<Event: DomainEvent, State>(
        stream: String, commandID: String, request: String? = nil, actor: Actor, expecting expected: UInt64? = nil, on day: CivilDate,
        initial: State, evolve: (State, Event) -> State, authorize: (State) -> String? = { _ in nil },
        decide: (State) -> Result<[Event], Rejection>, beforeAppend: () throws(HandlingError) -> Void = {}
    ) async throws(HandlingError) -> AppendResult {
        try await handle(stream: stream, commandID: commandID, request: request, actor: actor, expecting: expected, on: day,
                         fold: { events in events.reduce(initial) { evolve($0, $1.event) } }, authorize: authorize, decide: decide,
                         beforeAppend: beforeAppend)
    }

    /// As above, the stream folded by `fold` from its events and their positions.
    ///
    /// `authorize` says why the caller may not act on the stream as it now stands (`Jurisdiction`), or nil: it is
    /// asked on the state the decision reads, so that who holds the stream cannot change in between.
    /// `beforeAppend` runs once the command is authorised and decided, before its events are appended: the keys
    /// of the personal data it seals are written then, and only then.
    public func handle<Event: DomainEvent, State>(
        stream: String, commandID: String, request: String? = nil, actor: Actor, expecting expected: UInt64? = nil, on day: CivilDate,
        fold: ([(position: UInt64, event: Event)]) -> State, authorize: (State) -> String? = { _ in nil },
        decide: (State) -> Result<[Event], Rejection>, beforeAppend: () throws(HandlingError) -> Void = {}
    ) async throws(HandlingError) -> AppendResult {
        try await record(stream: stream, commandID: commandID, request: request, actor: actor, expecting: expected,
                         decision: { () throws(HandlingError) -> Append in
                             let (state, version) = try load(stream, as: Event.self, fold: fold)
                             if let refusal = authorize(state) { throw .forbidden(refusal) }
                             if let expected, expected != version {
                                 throw .ledger(.wrongExpectedVersion(stream: stream, expected: Self.expectation(expected), actual: version))
                             }
                             let events: [Event]
                             switch decide(state) {
                             case .success(let decided): events = decided
                             case .failure(let rejection): throw .rejected(rejection)
                             }
                             return Self.append(events, to: stream, at: version, commandID: commandID, request: request, actor: actor, on: day)
                         },
                         beforeAppend: beforeAppend, ended: { _ in })
    }

    /// A command's life on its stream, however it is decided (here, or by `CommandHandler` on states kept folded):
    /// its turn among the commands on the stream, a retry answered with what it recorded, then `decision` and the
    /// append, decided again when someone outside the turns (a bulk load) appended since it read, up to
    /// `attemptsMax` times, unless the caller expected a version. `ended` hears where each attempt's events landed,
    /// or nil when they were not appended.
    func record(stream: String, commandID: String, request: String?, actor: Actor, expecting expected: UInt64?,
                decision: () throws(HandlingError) -> Append, beforeAppend: () throws(HandlingError) -> Void,
                ended: (AppendResult?) -> Void) async throws(HandlingError) -> AppendResult {
        try await StreamTurns.shared.inTurn(ledger.directory + "\u{0}" + stream) { () async throws(HandlingError) -> AppendResult in
            if let recorded = try recorded(commandID, stream: stream, request: request, actor: actor) { return recorded }
            for attempt in 1...Self.attemptsMax {
                let append = try decision()
                do throws(HandlingError) { try beforeAppend() } catch {
                    ended(nil)
                    throw error
                }
                switch await appending(append) {
                case .success(let recorded):
                    ended(recorded)
                    return recorded
                case .failure(let error):
                    ended(nil)
                    if case .wrongExpectedVersion = error, expected == nil, attempt < Self.attemptsMax { continue }
                    throw .ledger(error)
                }
            }
            preconditionFailure("the loop returns or throws")
        }
    }

    /// The ledger's answer to `append`, as a value: a typed error caught across an await inside a throwing
    /// function corrupts the task allocator on Swift 6.3 (see `Replicator.store`).
    private func appending(_ append: Append) async -> Result<AppendResult, LedgerError> {
        do { return .success(try await ledger.append(append)) } catch { return .failure(error) }
    }

    /// The append of a command's events to a stream at `version`: its events dated on the command's business day,
    /// its request digest as their causation id.
    public static func append<Event: DomainEvent>(_ events: [Event], to stream: String, at version: UInt64, commandID: String, request: String?,
                                                  actor: Actor, on day: CivilDate) -> Append {
        Append(stream: stream, expecting: expectation(version), commandID: commandID, actor: actor, causationID: request,
               events: events.map { NewEvent(type: $0.type, schemaVersion: $0.schemaVersion, occurredAt: Timestamp(businessDay: day), payload: $0.encoded()) })
    }

    /// What the command `commandID` recorded, when it was recorded before: a retry is answered with it. The same
    /// id for another stream, or for another request (what `request` digests, or another actor), is another
    /// command, and refused.
    public func recorded(_ commandID: String, stream: String, request: String?, actor: Actor) throws(HandlingError) -> AppendResult? {
        let recorded: AppendResult?, first: RecordedEvent?
        do throws(LedgerError) {
            recorded = try ledger.recordedCommand(commandID)
            first = try recorded.flatMap { recorded throws(LedgerError) in try ledger.read(from: recorded.positions.lowerBound, limit: 1).first }
        } catch { throw .ledger(error) }
        guard let recorded else { return nil }
        guard first?.stream == stream else {
            throw .ledger(.commandIDReused(commandID: commandID, stream: stream, recordedStream: first?.stream ?? "?"))
        }
        // Events recorded before requests were digested carry none: they are taken as the same request.
        if let request, let recordedRequest = first?.causationID, recordedRequest != request {
            throw .commandIDReusedForAnotherRequest(commandID: commandID, stream: stream)
        }
        // The digest leaves out the actor's id (as it does every object's `id`, and must for what it has recorded):
        // the caller is told by the actor the events record.
        if request != nil, let first, first.actor.id != actor.id {
            throw .commandIDReusedForAnotherRequest(commandID: commandID, stream: stream)
        }
        return recorded
    }

    static func expectation(_ version: UInt64) -> ExpectedVersion { version == 0 ? .noStream : .exactly(version) }
}
