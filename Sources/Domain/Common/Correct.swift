/// A correction as a command asks it (更正): the event at position `corrects` amended by `Amendment`'s fields, or
/// voided, with the reason. Complaints and reports each amend their own fields (`ComplaintAmendment`,
/// `ReportAmendment`).
public struct Correct<Amendment: Sendable>: Sendable {
    public enum Change: Sendable {
        case void
        case amend(Amendment)
    }

    /// The day the correction is made.
    public var on: CivilDate
    public var corrects: UInt64
    public var reason: String
    public var change: Change

    public init(on: CivilDate, corrects: UInt64, reason: String, change: Change) {
        self.on = on
        self.corrects = corrects
        self.reason = reason
        self.change = change
    }
}
