public import Ledger
public import Projections

/// Folds read models in memory over the log as it grows, and hands over the rows each step changed, in domain
/// terms (`RowDescription`, as the export has them): what a sink writes into another engine's tables. The folds
/// are the runner's own, with its rule for events set aside (docs/FORMAT.md); nothing is stored here.
///
/// Not thread-safe: a caller hands it from one task to the next, never to two at once.
public final class ModelFollower: @unchecked Sendable {
    /// A row as a step left it.
    public struct ChangedRow: Sendable {
        public let model: String
        /// Its stored key: unique within the model, and what orders its rows.
        public let key: [UInt8]
        public let row: RowDescription
    }

    let ledger: Ledger
    let folds: [any Fold]

    /// The models whose folds continue from the ledger's stored read models rather than from the first event.
    public let continued: [String]

    /// Folds of the named models (all of them when nil), from before the first event; but those named in
    /// `continuing`, where the ledger's read-model store holds them at `position` or beyond with this build's
    /// versions, continue from their rows as they stood at `position` (docs/READMODELS.md, "History"). Their
    /// changes then start after `position`, where the others' are the whole model.
    public init(ledger: Ledger, models names: [String]? = nil, continuing: Set<String> = [], at position: UInt64 = 0) throws(ReadModelError) {
        self.ledger = ledger
        let kinds = try names.map { names throws(ReadModelError) in try names.map(ProjectionKind.named) } ?? ProjectionKind.all
        let store = continuing.isEmpty || position == 0 ? nil : try? ReadModelStore(ledgerDirectory: ledger.directory, readOnly: true)
        var folds: [any Fold] = [], continued: [String] = []
        for kind in kinds {
            let type = kind.type
            if let store, continuing.contains(type.name), let entry = try? store.entry(type.name), entry.version == type.version,
               entry.checkpoint >= position,
               let fold = try? store.read(type.name, at: position, keepsHistory: type.keepsHistory, cut: { kind.rows($0, asOf: position) },
                                          { _, rows in try kind.loading(rows, checkpoint: position, keepsVersions: false) }) {
                folds.append(fold)
                continued.append(type.name)
            } else {
                folds.append(kind.empty(keepsVersions: false))
            }
        }
        self.folds = folds
        self.continued = continued
    }

    /// Each model's name and version, as this build folds it.
    public var models: [(name: String, version: Int)] { folds.map { ($0.name, $0.version) } }

    /// Every model this build folds, with its version.
    public static var available: [(name: String, version: Int)] { ProjectionKind.all.map { ($0.type.name, $0.type.version) } }

    /// The last position every fold has taken in.
    public var position: UInt64 { folds.map(\.checkpoint).min() ?? 0 }

    /// Folds every event up to `through`; the rows changed since the last call, each once, as they now are, of
    /// the models named in `only` (of all when nil; the others' changes are let go). After the first call they are
    /// the whole of each model.
    public func advance(through position: UInt64, only: Set<String>? = nil) throws(ReadModelError) -> [ChangedRow] {
        if position > self.position { try FoldPass(ledger: ledger, folds: folds).run(through: position, progress: nil) }
        var changed: [ChangedRow] = []
        for fold in folds {
            guard only?.contains(fold.name) ?? true else {
                _ = fold.takeChanges()
                continue
            }
            let type = try ProjectionKind.named(fold.name).type
            // A key given twice counts with its last value (`FoldChanges`): the rows are taken from the last.
            var seen = Set<[UInt8]>()
            var rows: [Row] = []
            for row in fold.takeChanges().rows.reversed() where seen.insert(row.key).inserted { rows.append(row) }
            for row in rows.reversed() {
                do { changed.append(ChangedRow(model: fold.name, key: row.key, row: try type.describe(row))) } catch {
                    throw .damagedRow(projection: fold.name, reason: error.description)
                }
            }
        }
        return changed
    }
}
