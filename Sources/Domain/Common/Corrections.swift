/// An aggregate's event that may correct an earlier one of its stream (更正).
protocol CorrectingEvent: Hashable, Sendable {
    /// What the event corrects, when it is a correction: the position, what now stands there (nil: voided), and
    /// the day the correction was made.
    var correcting: (corrects: UInt64, replacement: Self?, on: CivilDate)? { get }
    /// The stored event type, which a refusal names.
    var type: String { get }
    /// Whether a correction may void the event.
    var isVoidable: Bool { get }
    /// Whether the event opens its stream, so that voiding it voids every event of the stream with it: a
    /// complaint's receipt.
    var opensStream: Bool { get }
}

extension CorrectingEvent {
    var opensStream: Bool { false }
}

/// Why a correction is refused, in each aggregate's own rejection.
protocol CorrectionRejection: Error {
    static func correctionTargetUnknown(position: UInt64) -> Self
    static func notVoidable(type: String) -> Self
    static func notAmendable(field: String, type: String, amendable: [String]) -> Self
    static var correctionChangesNothing: Self { get }
    static func correctionLeavesCaseImpossible(position: UInt64, type: String, reason: Self) -> Self
}

/// The fields a correction amends, as each aggregate names them (`ComplaintAmendment`, …).
public protocol EventAmendment: Hashable, Sendable {
    /// The names of the fields it sets, as the command document has them.
    var fieldNames: [String] { get }
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
    /// Folds one more recorded event into `state`. An event joins the history, folded by `apply`. A correction
    /// replaces the event it corrects (or, voiding it, takes it out, and every event with it when it opens the
    /// stream) where that event lies, and the history so left is folded again from `initial`: the state is always
    /// that of the events as they now stand. The correction itself is not in the history, but its day bounds the
    /// next command's. A correction of a position that holds no event of the stream (only a hand-made log has one)
    /// corrects nothing; no decider records one.
    static func apply<State: CorrectedState>(_ item: Recorded<State.Event>, to state: inout State, initial: State,
                                             _ apply: (State.Event, inout State) -> Void) {
        if let correction = item.event.correcting {
            var history = state.history
            if let index = history.firstIndex(where: { $0.position == correction.corrects }) {
                if let replacement = correction.replacement {
                    history[index].event = replacement
                } else if history[index].event.opensStream {
                    history = []
                } else {
                    history.remove(at: index)
                }
            }
            let lastCorrection = max(state.lastCorrection ?? correction.on, correction.on)
            state = initial
            for event in history { apply(event.event, &state) }
            state.history = history
            state.lastCorrection = lastCorrection
        } else {
            apply(item.event, &state)
            state.history.append(item)
        }
        if let last = state.lastCorrection { state.lastDay = max(state.lastDay ?? last, last) }
    }

    /// The first event of the history at position 0 (decided, not yet appended) takes `position`; a correction is
    /// not in the history, so it places nothing.
    static func place<State: CorrectedState>(_ event: State.Event, at position: UInt64, in state: inout State) {
        guard event.correcting == nil, let index = state.history.firstIndex(where: { $0.position == 0 }) else { return }
        state.history[index].position = position
    }

    /// Decides a correction (更正) of the history `state` keeps: the event at `correct.corrects` voided, when it may
    /// be, or amended by `amend`. It is refused unless the history so corrected is one the rules would have let be
    /// recorded: each event, decided again by `replay` on the state of the events before it, must be accepted.
    /// Returns the correction: the event as it stood and as it now stands (nil: voided), and, when the event voided
    /// opens the stream, the positions that fall with it.
    static func decide<State: CorrectedState, Amendment: EventAmendment, Rejection: CorrectionRejection>(
        _ correct: Correct<Amendment>, _ state: State, initial: State,
        amend: (State.Event, Amendment) throws(Rejection) -> (event: State.Event, amendable: Set<String>),
        replay: (State.Event, State) -> Rejection?,
        apply: (State.Event, inout State) -> Void
    ) throws(Rejection) -> Correction<State.Event> {
        // Positions start at 1: events decided and not yet appended sit at 0 (`Recorded`) and are no one's to correct.
        guard correct.corrects > 0, let index = state.history.firstIndex(where: { $0.position == correct.corrects }) else {
            throw .correctionTargetUnknown(position: correct.corrects)
        }
        let original = state.history[index].event
        var corrected = state.history
        let replacement: State.Event?
        switch correct.change {
        case .void:
            guard original.isVoidable else { throw .notVoidable(type: original.type) }
            replacement = nil
            // The event that opens the stream takes every event with it: nothing is left to be impossible.
            if original.opensStream { corrected = [] } else { corrected.remove(at: index) }
        case .amend(let amendment):
            let (amended, amendable) = try amend(original, amendment)
            if let field = amendment.fieldNames.first(where: { !amendable.contains($0) }) {
                throw .notAmendable(field: field, type: original.type, amendable: amendable.sorted())
            }
            guard amended != original else { throw .correctionChangesNothing }
            replacement = amended
            corrected[index].event = amended
        }
        var replayed = initial
        for item in corrected {
            if let reason = replay(item.event, replayed) {
                throw .correctionLeavesCaseImpossible(position: item.position, type: item.event.type, reason: reason)
            }
            apply(item.event, &replayed)
        }
        let voidedWith = replacement == nil && original.opensStream ? state.history.map(\.position).filter { $0 != correct.corrects } : []
        return Correction(on: correct.on, corrects: correct.corrects, reason: correct.reason, original: original, replacement: replacement,
                          voidedWith: voidedWith)
    }
}
