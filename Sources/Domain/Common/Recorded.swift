/// An event of a stream with the position the ledger recorded it at: what a correction names.
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

enum Corrections {
    /// A stream's events as its corrections leave them: each correction replaces the event it corrects (or, voiding
    /// it, takes it out) where that event lies; the corrections themselves are not in it. Also the last day a
    /// correction was made on. A correction of a position that holds no event of the stream (only a hand-made log
    /// has one) corrects nothing; no decider records one.
    static func apply<Event: CorrectingEvent>(_ recorded: some Sequence<Recorded<Event>>) -> (history: [Recorded<Event>], lastCorrection: CivilDate?) {
        var history: [Recorded<Event>] = []
        var last: CivilDate?
        for item in recorded {
            guard let correction = item.event.correcting else {
                history.append(item)
                continue
            }
            last = max(last ?? correction.on, correction.on)
            guard let index = history.firstIndex(where: { $0.position == correction.corrects }) else { continue }
            if let replacement = correction.replacement { history[index].event = replacement } else { history.remove(at: index) }
        }
        return (history, last)
    }
}
