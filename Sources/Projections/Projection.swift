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
    /// answers as of any position (docs/READMODELS.md). A model whose rows only grow need not: it says instead
    /// how each live row stood at a position (`row(_:asOf:)`).
    static var keepsHistory: Bool { get }
    /// For a model without history: the live row as the fold had written it once it had folded the event at
    /// `position`; nil when it had not written it yet.
    static func row(_ row: Row, asOf position: UInt64) -> Row?

    /// An empty read model, before the first event.
    init()
    /// The read model its stored rows describe, to continue folding from the stored checkpoint.
    init(rows: some RowReader) throws(RowError)

    /// A stored row in domain terms (docs/READMODELS.md, "Export"): what `fangxin export` prints and a diff
    /// compares. Throws when the row cannot be read back.
    static func describe(_ row: Row) throws(RowError) -> RowDescription

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
    /// Asked only of a model without history.
    public static func row(_ row: Row, asOf position: UInt64) -> Row? { row }
}

/// A model's live rows as they stood at a position, for a model whose rows only grow (`keepsHistory` false).
public struct RowsAsOf<P: Projection>: RowReader {
    let live: any RowReader
    let position: UInt64

    public init(_ live: any RowReader, position: UInt64, of projection: P.Type) {
        self.live = live
        self.position = position
    }

    public func value(for key: [UInt8]) throws -> [UInt8]? {
        try live.value(for: key).flatMap { P.row(Row(key: key, value: $0), asOf: position)?.value }
    }

    public func scan(prefix: [UInt8], from start: [UInt8]?, _ body: ([UInt8], [UInt8]) throws -> Bool) throws {
        try live.scan(prefix: prefix, from: start) { key, value in
            guard let row = P.row(Row(key: key, value: value), asOf: position) else { return true }
            return try body(row.key, row.value)
        }
    }
}
