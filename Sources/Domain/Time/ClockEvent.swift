/// The recorded passing of time. Stream: `clock`.
///
/// Closing a day says that everything of that day has been recorded: from then on, what depends on time (a
/// deadline passed, a warning expired) is derived from this event, so that a replay years later reaches the
/// same conclusions without asking the wall clock.
public enum ClockEvent: DomainEvent {
    /// Fields: 1 the day closed.
    case dayClosed(CivilDate)

    public static let stream = "clock"

    public var type: String { "clock.day-closed" }
    public var schemaVersion: UInt16 { 1 }

    public func encoded() -> [UInt8] {
        var writer = PayloadWriter()
        switch self {
        case .dayClosed(let day): writer.write(1, day)
        }
        return writer.bytes
    }

    public static func decode(type: String, schemaVersion: UInt16, _ bytes: [UInt8]) throws(PayloadError) -> ClockEvent? {
        guard type == "clock.day-closed" else { return nil }
        guard schemaVersion == 1 else { throw .unknownSchemaVersion(type: type, version: schemaVersion) }
        return .dayClosed(try PayloadFields(bytes).one(1, "day").date())
    }
}

/// Days close one after another, never twice and never out of order.
public enum Clock {
    public struct State: Hashable, Sendable {
        public var lastClosed: CivilDate?
        public init() {}
    }

    public static let initial = State()

    public static func evolve(_ state: State, _ event: ClockEvent) -> State {
        var state = state
        if case .dayClosed(let day) = event { state.lastClosed = day }
        return state
    }

    /// Closes `day`, which must be over: before `ledgerDay`, the ledger's own day (China time) when deciding.
    public static func close(_ day: CivilDate, _ state: State, ledgerDay: CivilDate) -> Result<[ClockEvent], ClockRejection> {
        guard Bounds.days.contains(day) else { return .failure(.outOfBounds(day: day)) }
        guard day < ledgerDay else { return .failure(.notOver(day: day, ledgerDay: ledgerDay)) }
        if let last = state.lastClosed, day <= last { return .failure(.notAfterLastClosed(day: day, last: last)) }
        return .success([.dayClosed(day)])
    }
}

public enum ClockRejection: Error, Equatable, CustomStringConvertible {
    case notAfterLastClosed(day: CivilDate, last: CivilDate)
    case notOver(day: CivilDate, ledgerDay: CivilDate)
    case outOfBounds(day: CivilDate)

    public var description: String {
        switch self {
        case let .notOver(day, ledgerDay): return "cannot close \(day): it is not over (the ledger's day is \(ledgerDay))"
        case let .outOfBounds(day): return "cannot close \(day): days run from \(Bounds.days.lowerBound) to \(Bounds.days.upperBound)"
        case let .notAfterLastClosed(day, last): return "cannot close \(day): days up to \(last) are already closed"
        }
    }
}
