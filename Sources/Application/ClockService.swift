public import Domain
public import Ledger

/// Records the passing of days in the `clock` stream; closing a day twice records it once.
public struct ClockService: Sendable {
    public let ledger: Ledger

    public init(ledger: Ledger) { self.ledger = ledger }

    public func close(_ day: CivilDate, actor: Actor) async throws(HandlingError) -> AppendResult {
        try await StreamHandler(ledger: ledger).handle(
            stream: ClockEvent.stream, commandID: "day-closed-\(day)", actor: actor, on: day,
            initial: Clock.initial, evolve: Clock.evolve,
            decide: { [ledger] state in Clock.close(day, state, ledgerDay: ledger.clock().businessDay).mapError { .clock($0) } })
    }

    public func lastClosed() throws(HandlingError) -> CivilDate? {
        try StreamHandler(ledger: ledger).load(ClockEvent.stream, as: ClockEvent.self, initial: Clock.initial, evolve: Clock.evolve).0.lastClosed
    }
}
