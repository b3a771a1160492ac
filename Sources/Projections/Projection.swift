/// A read model as a pure fold over the log: the same events, in the same order, always give the same rows.
///
/// A projection keeps its state in memory and says which rows changed; the runner stores those rows with the
/// position of the last event applied, in one transaction. Nothing it computes may read the wall clock:
/// business time comes from the events (including `clock.day-closed`), knowledge time from their positions.
public protocol Projection: Sendable {
    /// Names the read model on the command line and in the store, e.g. "tiers".
    static var name: String { get }
    /// Raised whenever the fold or its rows change meaning: a stored model of another version is rebuilt.
    static var version: Int { get }
    /// The stream prefixes whose events it reads, e.g. ["merchant-", "policy"]; an empty list reads every event.
    /// Events of other streams are neither decoded nor shown to it.
    static var streamPrefixes: [String] { get }
    /// Whether it needs the events' payloads decoded, or only their envelopes (position, stream, actor, type).
    static var decodesPayloads: Bool { get }
    /// Whether the store keeps every version of its rows, each with the position that wrote it, so that it
    /// answers as of any position (docs/READMODELS.md). A model whose rows only grow, and whose queries
    /// already stop at a position, need not.
    static var keepsHistory: Bool { get }

    /// An empty read model, before the first event.
    init()
    /// The read model its stored rows describe, to continue folding from the stored checkpoint.
    init(rows: some RowReader) throws(RowError)

    /// Folds in one event. Throws `SetAside`, having changed nothing, when the event's values cannot be folded
    /// (a total would leave `Int64`): the runner then records the event as set aside.
    mutating func apply(_ event: ProjectionEvent) throws(SetAside)
    /// The rows written since the last call, each once, in any order. After a fold from the first event they
    /// are the whole read model. Rows are never removed: a row once written stays, with its last value.
    mutating func takeChanges() -> [Row]
}

extension Projection {
    public static var decodesPayloads: Bool { true }
    public static var keepsHistory: Bool { true }
}
