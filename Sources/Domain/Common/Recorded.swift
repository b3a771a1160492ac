/// An event of a stream with the position the ledger recorded it at: what a correction names. An event decided and
/// not yet appended is at position 0, which no recorded event has.
public struct Recorded<Event: Hashable & Sendable>: Hashable, Sendable {
    public var position: UInt64
    public var event: Event

    public init(position: UInt64, event: Event) {
        self.position = position
        self.event = event
    }
}

/// An aggregate's event that may correct an earlier one of its stream (更正).
protocol CorrectingEvent: Hashable, Sendable {
    /// What the event corrects, when it is a correction: the position, what now stands there (nil: voided), and
    /// the day the correction was made.
    var correcting: (corrects: UInt64, replacement: Self?, on: CivilDate)? { get }
}

/// The state of an aggregate whose events may be corrected: its history as corrections leave it, and the days
/// that bound its next command.
protocol CorrectedState {
    associatedtype Event: CorrectingEvent
    var history: [Recorded<Event>] { get set }
    var lastDay: CivilDate? { get set }
    var lastCorrection: CivilDate? { get set }
}

enum Corrections {
    /// `state` after one more recorded event. An event joins the history, folded by `evolve`. A correction
    /// replaces the event it corrects (or, voiding it, takes it out) where that event lies, and the history so
    /// left is folded again from `initial`: the state is always that of the events as they now stand. The
    /// correction itself is not in the history, but its day bounds the next command's. A correction of a position
    /// that holds no event of the stream (only a hand-made log has one) corrects nothing; no decider records one.
    static func evolve<State: CorrectedState>(_ state: State, _ item: Recorded<State.Event>, initial: State,
                                              _ evolve: (State, State.Event) -> State) -> State {
        var next: State
        if let correction = item.event.correcting {
            var history = state.history
            if let index = history.firstIndex(where: { $0.position == correction.corrects }) {
                if let replacement = correction.replacement { history[index].event = replacement } else { history.remove(at: index) }
            }
            next = history.reduce(initial) { evolve($0, $1.event) }
            next.history = history
            next.lastCorrection = max(state.lastCorrection ?? correction.on, correction.on)
        } else {
            next = evolve(state, item.event)
            next.history.append(item)
        }
        if let last = next.lastCorrection { next.lastDay = max(next.lastDay ?? last, last) }
        return next
    }
}
