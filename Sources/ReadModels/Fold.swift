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
    func takeChanges() -> [Row]
}

final class ProjectionFold<P: Projection>: Fold {
    private(set) var model: P
    var checkpoint: UInt64
    let streams = StreamFilter(prefixes: P.streamPrefixes)

    init(_ model: P, checkpoint: UInt64) {
        self.model = model
        self.checkpoint = checkpoint
    }

    var name: String { P.name }
    var version: Int { P.version }
    var decodesPayloads: Bool { P.decodesPayloads }

    /// Set-aside rows written since the last call (docs/FORMAT.md, "Events set aside").
    private var setAside: [Row] = []

    func apply(_ event: ProjectionEvent) {
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

    func takeChanges() -> [Row] {
        defer { setAside = [] }
        return model.takeChanges() + setAside
    }
}

/// The projection types this build knows, by name, and how to start a fold of each.
enum ProjectionKind {
    case tiers, stats, credit, trail

    var type: any Projection.Type {
        switch self {
        case .tiers: return TiersProjection.self
        case .stats: return StatisticsProjection.self
        case .credit: return CreditProjection.self
        case .trail: return TrailProjection.self
        }
    }

    static let all: [ProjectionKind] = [.tiers, .stats, .credit, .trail]

    static func named(_ name: String) throws(ReadModelError) -> ProjectionKind {
        guard let kind = all.first(where: { $0.type.name == name }) else {
            throw .unknownProjection(name, known: all.map { $0.type.name })
        }
        return kind
    }

    func empty() -> any Fold {
        switch self {
        case .tiers: return ProjectionFold(TiersProjection(), checkpoint: 0)
        case .stats: return ProjectionFold(StatisticsProjection(), checkpoint: 0)
        case .credit: return ProjectionFold(CreditProjection(), checkpoint: 0)
        case .trail: return ProjectionFold(TrailProjection(), checkpoint: 0)
        }
    }

    func loading(_ rows: some RowReader, checkpoint: UInt64) throws(RowError) -> any Fold {
        switch self {
        case .tiers: return ProjectionFold(try TiersProjection(rows: rows), checkpoint: checkpoint)
        case .stats: return ProjectionFold(try StatisticsProjection(rows: rows), checkpoint: checkpoint)
        case .credit: return ProjectionFold(try CreditProjection(rows: rows), checkpoint: checkpoint)
        case .trail: return ProjectionFold(try TrailProjection(rows: rows), checkpoint: checkpoint)
        }
    }
}
