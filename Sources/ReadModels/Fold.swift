import Projections

/// One projection's state while it folds, whatever its type: lets the runner keep a list of them.
///
/// A fold is not thread-safe: a pass over the log gives each fold to one thread at a time.
protocol Fold: AnyObject {
    var name: String { get }
    var version: Int { get }
    /// The streams whose events it is shown, and whether it needs their payloads decoded.
    var streams: StreamFilter { get }
    var decodesPayloads: Bool { get }
    /// The last position folded in.
    var checkpoint: UInt64 { get set }
    /// Folds in an event of a stream it reads; the pass moves `checkpoint` past the events it skips.
    func apply(_ event: ProjectionEvent)
    /// The rows written since the last call, and, when the fold keeps versions, each version of them with the
    /// position of the event that wrote it, in log order.
    func takeChanges() -> FoldChanges
}

/// What a fold wrote since its changes were last taken.
struct FoldChanges {
    /// The rows as they now are, in any order; a key given twice counts with its last value.
    var rows: [Row] = []
    /// Every version written, oldest first: what the history keeps.
    var versions: [(position: UInt64, row: Row)] = []
}

final class ProjectionFold<P: Projection>: Fold {
    private(set) var model: P
    var checkpoint: UInt64
    let streams = StreamFilter(prefixes: P.streamPrefixes)
    /// Whether it stamps each row it writes with the event's position, for the history; a fold kept only to
    /// compare digests does not.
    let keepsVersions: Bool

    init(_ model: P, checkpoint: UInt64, keepsVersions: Bool) {
        self.model = model
        self.checkpoint = checkpoint
        self.keepsVersions = keepsVersions && P.keepsHistory
    }

    var name: String { P.name }
    var version: Int { P.version }
    var decodesPayloads: Bool { P.decodesPayloads }

    /// Set-aside rows written since the last call (docs/FORMAT.md, "Events set aside").
    private var setAside: [Row] = []
    /// Versions written since the last call, when it keeps them.
    private var versions: [(position: UInt64, row: Row)] = []

    func apply(_ event: ProjectionEvent) {
        applyEvent(event)
        guard keepsVersions else { return }
        // Taken event by event, so each version carries the position that wrote it.
        for row in model.takeChanges() { versions.append((event.position, row)) }
        for row in setAside { versions.append((event.position, row)) }
        setAside = []
    }

    private func applyEvent(_ event: ProjectionEvent) {
        var event = event
        if case .unreadable(let reason) = event.fact {
            // The pass decodes a payload once for every fold; one that reads only envelopes never sees it, so
            // what it sets aside does not depend on which folds shared the pass.
            guard P.decodesPayloads else {
                event.fact = .undecoded
                return applyModel(event)
            }
            setAside.append(Row(key: SetAside.key(event.position), value: Array(reason.utf8)))
            return
        }
        applyModel(event)
    }

    private func applyModel(_ event: ProjectionEvent) {
        do { try model.apply(event) } catch {
            setAside.append(Row(key: SetAside.key(event.position), value: Array(error.reason.utf8)))
        }
    }

    func takeChanges() -> FoldChanges {
        guard keepsVersions else {
            defer { setAside = [] }
            return FoldChanges(rows: model.takeChanges() + setAside)
        }
        defer { versions = [] }
        return FoldChanges(rows: versions.map(\.row), versions: versions)
    }
}
