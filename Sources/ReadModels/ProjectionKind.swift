import Projections

/// A read model of this build, whatever its projection's type: what the runner needs of it, each opened once
/// onto the concrete type, so that no list of models is written out beside `readModelTypes`.
struct ProjectionKind {
    let type: any Projection.Type

    static var all: [ProjectionKind] { readModelTypes.map(ProjectionKind.init) }

    static func named(_ name: String) throws(ReadModelError) -> ProjectionKind {
        for kind in all where kind.name == name { return kind }
        throw .unknownProjection(name, known: all.map(\.name))
    }

    var name: String {
        let type = type
        return type.name
    }

    /// Live rows of a model without history, as they stood at `position`.
    func rows(_ live: any RowReader, asOf position: UInt64) -> any RowReader {
        type.cutRows(live, position)
    }

    /// A fold from the first event; `keepsVersions` when its rows go to the store, history and all.
    func empty(keepsVersions: Bool) -> any Fold {
        type.emptyFold(keepsVersions)
    }

    /// A fold that continues from stored rows, keeping versions for the store (a sink's keeps none).
    func loading(_ rows: some RowReader, checkpoint: UInt64, keepsVersions: Bool = true) throws(RowError) -> any Fold {
        try type.loadedFold(rows, checkpoint, keepsVersions)
    }
}

// What the runner makes of a projection type, written once for every type.
extension Projection {
    fileprivate static func cutRows(_ live: any RowReader, _ position: UInt64) -> any RowReader {
        RowsAsOf(live, position: position, of: Self.self)
    }

    fileprivate static func emptyFold(_ keepsVersions: Bool) -> any Fold {
        ProjectionFold(Self(), checkpoint: 0, keepsVersions: keepsVersions)
    }

    fileprivate static func loadedFold(_ rows: some RowReader, _ checkpoint: UInt64, _ keepsVersions: Bool) throws(RowError) -> any Fold {
        ProjectionFold(try Self(rows: rows), checkpoint: checkpoint, keepsVersions: keepsVersions)
    }
}
