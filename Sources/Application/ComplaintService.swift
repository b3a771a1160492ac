import Domain
import Ledger

/// Handles complaint commands the event-sourced way: read the complaint's stream, fold its events into the
/// state, decide, and append the new events expecting the version that was read — so two officials acting on
/// one complaint at once cannot both succeed on a stale view. A command id makes a retry harmless.
public struct ComplaintService: Sendable {
    public let ledger: Ledger
    public var rules: ComplaintRules
    /// How often a command is decided again after losing a race for its stream.
    static let attemptsMax = 3

    public init(ledger: Ledger, rules: ComplaintRules) {
        self.ledger = ledger
        self.rules = rules
    }

    public static func stream(_ complaint: String) -> String { "complaint-\(complaint)" }

    /// Decides and records `command`; returns where its events landed (or, for a retry, where they had landed).
    public func handle(_ command: ComplaintCommand, complaint: String, commandID: String, actor: Actor) async throws(HandlingError) -> AppendResult {
        do {
            if let recorded = try ledger.recordedCommand(commandID) { return recorded }
        } catch { throw .ledger(error) }
        let stream = Self.stream(complaint)
        for attempt in 1...Self.attemptsMax {
            let (state, version) = try load(stream)
            let events: [ComplaintEvent]
            switch Complaint.decide(command, state, rules) {
            case .success(let decided): events = decided
            case .failure(let rejection): throw .rejected(rejection)
            }
            let append = Append(
                stream: stream, expecting: version == 0 ? .noStream : .exactly(version), commandID: commandID, actor: actor,
                events: events.map { event in
                    NewEvent(type: event.type, schemaVersion: ComplaintEvent.schemaVersion,
                             occurredAt: Timestamp(businessDay: command.businessDay), payload: event.encoded())
                })
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

    /// The complaint's state and stream version, folded from its recorded events.
    public func load(_ stream: String) throws(HandlingError) -> (Complaint.State, UInt64) {
        let recorded: [RecordedEvent]
        do { recorded = try ledger.readStream(stream) } catch { throw .ledger(error) }
        var state = Complaint.initial
        for event in recorded {
            let decoded: ComplaintEvent?
            do {
                decoded = try ComplaintEvent.decode(type: event.type, schemaVersion: event.schemaVersion, event.payload)
            } catch {
                throw .unreadable(position: event.position, error)
            }
            guard let decoded else { throw .unreadable(position: event.position, .malformed("\(event.type) is not a complaint event")) }
            state = Complaint.evolve(state, decoded)
        }
        return (state, recorded.last?.streamVersion ?? 0)
    }
}
