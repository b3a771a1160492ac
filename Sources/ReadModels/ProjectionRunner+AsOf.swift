import Ledger
public import Projections

/// Answering as of a position: from the stored history, or folded afresh where the store has not reached it.
extension ProjectionRunner {
    /// The rows each named projection held once it had folded every event up to `position`, folded afresh
    /// from the log: what the stored history must give (`read(_:asOf:_:)`), and its stand-in for a position
    /// the stored models have not reached.
    public func foldedRows(asOf position: UInt64, _ names: [String]) throws(ReadModelError) -> [String: SortedRows] {
        let head = try headPosition()
        guard position <= head else { throw .beyondHead(position: position, head: head) }
        let kinds = try kinds(names)
        let folds = try fresh(kinds.map { ($0, position) }, progress: nil)
        var rows: [String: SortedRows] = [:]
        for fold in folds { rows[fold.name] = SortedRows(fold.takeChanges().rows) }
        return rows
    }

    /// Runs `body` with the rows of the named projections, all as of one position, and that position.
    ///
    /// As of `position`, each model's history gives its rows then. Live (nil), the models may have reached
    /// different positions (the follower commits one at a time): they are read as of the lowest, so that a
    /// question joining two models (credit with tiers) sees both at the same moment. A position a model has not
    /// reached yet is folded afresh.
    public func read<R>(_ names: [String], asOf position: UInt64?, _ body: ([String: any RowReader], UInt64) throws -> R) throws -> R {
        let kinds = try kinds(names)
        let entries = try kinds.map { kind throws(ReadModelError) in try store.entry(kind.type.name) }
        let reached = entries.map { $0?.checkpoint ?? 0 }.min() ?? 0
        let at = position ?? reached
        let current = zip(kinds, entries).allSatisfy { kind, entry in entry?.version == kind.type.version }
        guard current, at <= reached else {
            return try body(try foldedRows(asOf: at, names).mapValues { $0 as any RowReader }, at)
        }
        return try nest(kinds[...], [:]) { rows in try body(rows, at) }
        func nest(_ kinds: ArraySlice<ProjectionKind>, _ open: [String: any RowReader], _ body: ([String: any RowReader]) throws -> R) throws -> R {
            guard let kind = kinds.first else { return try body(open) }
            return try store.read(kind.type.name, at: at, keepsHistory: kind.type.keepsHistory, cut: { kind.rows($0, asOf: at) }) { _, rows in
                var open = open
                open[kind.type.name] = rows
                return try nest(kinds.dropFirst(), open, body)
            }
        }
    }
}
