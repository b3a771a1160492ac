import Crypto
import Dispatch
import Foundation
import Ledger
import Projections

/// Keeps the read models: folds the log into each projection, stores rows with their checkpoint, rebuilds
/// aside and swaps, checks a rebuild against the live model, and answers for past positions.
public final class ProjectionRunner: @unchecked Sendable {
    public let ledger: Ledger
    public let store: ReadModelStore
    /// Folds this runner has loaded or built, with the entry they match, so that following the log does not
    /// reload a model per batch.
    private var loaded: [String: (fold: any Fold, entry: ReadModelStore.Entry)] = [:]
    private let lock = NSLock()
    /// Events folded between commits while catching up.
    var commitEvery: UInt64 = 100_000
    /// Events folded into one stretch of a rebuild's rows (`BackgroundFill`). Each stretch is one LMDB commit,
    /// which writes every page it touched; rows keyed by merchant touch pages all over their tables, so fewer,
    /// larger stretches write far less. Two stretches are in memory at most.
    var rebuildStretch: UInt64 = 150_000

    public static var projectionNames: [String] { ProjectionKind.all.map { $0.type.name } }

    public init(ledger: Ledger, store: ReadModelStore) {
        self.ledger = ledger
        self.store = store
    }

    /// What one projection did.
    public struct Outcome: Sendable, Encodable {
        public var projection: String
        public var version: Int
        /// The last position it has folded.
        public var position: UInt64
        /// Events read from the log, and whether it was rebuilt from the first.
        public var events: UInt64
        public var rebuilt: Bool
        public var seconds: Double
    }

    /// Brings the named projections (all when nil) up to the head of the log. One never built, or built by
    /// code of another version, is rebuilt from the first event; the others fold only what is new.
    @discardableResult
    public func catchUp(_ names: [String]? = nil, progress: ProgressMeter? = nil) throws(ReadModelError) -> [Outcome] {
        let kinds = try kinds(names)
        let head = try headPosition()
        var outcomes: [Outcome] = [], stale: [ProjectionKind] = []
        for kind in kinds {
            guard let entry = try store.entry(kind.type.name), entry.version == kind.type.version, entry.checkpoint <= head else {
                stale.append(kind)
                continue
            }
            outcomes.append(try advance(kind, entry, through: head))
        }
        if !stale.isEmpty { outcomes += try rebuild(stale, comparing: false, progress: progress) }
        return kinds.compactMap { kind in outcomes.first { $0.projection == kind.type.name } }
    }

    /// Rebuilds the named projections (all when nil) from the first event into fresh generations, in one
    /// pass over the log, and swaps each in once it has caught up with the log. Until then readers see the old ones.
    ///
    /// Where the live model was built by code of the same version, the rebuild must give the same rows at the
    /// live model's position, or it is not swapped in (`rebuildDiffers`), unless `force`.
    public func rebuild(_ names: [String]? = nil, force: Bool = false, progress: ProgressMeter? = nil) throws(ReadModelError) -> [Outcome] {
        try rebuild(try kinds(names), comparing: !force, progress: progress)
    }

    /// A projection rebuilt aside and compared with the live one at the same position.
    public struct Check: Sendable, Encodable {
        public var projection: String
        public var version: Int
        public var position: UInt64
        /// The digests (SHA-256 of the canonical export) of the rebuilt rows, and of the live rows.
        public var digest: String
        public var liveDigest: String
        public var matches: Bool { digest == liveDigest }
    }

    /// Brings the live models up to date, rebuilds each aside in memory through the same position, and
    /// compares digests. Changes nothing but the catch-up.
    public func check(_ names: [String]? = nil, progress: ProgressMeter? = nil) throws(ReadModelError) -> [Check] {
        let kinds = try kinds(names)
        try catchUp(kinds.map { $0.type.name })
        let live = try kinds.map { kind throws(ReadModelError) in
            try reading { try store.read(kind.type.name) { entry, rows in (entry!, try Self.digest(kind.type.name, rows).digest) } }
        }
        let rebuilt = try fresh(kinds.indices.map { index in (kinds[index], live[index].0.checkpoint) }, progress: progress)
        return try kinds.indices.map { index throws(ReadModelError) in
            let name = kinds[index].type.name
            let digest = try reading { try Self.digest(name, SortedRows(rebuilt[index].takeChanges().rows)).digest }
            return Check(projection: name, version: kinds[index].type.version, position: live[index].0.checkpoint,
                         digest: digest, liveDigest: live[index].1)
        }
    }

    /// What rebuilding the named projections (all when nil) would change, changing nothing: each is folded aside
    /// from the log through the live model's position (the head when none is built), and compared with it row by
    /// row. Keeps the first `limit` differences of each. Live models are not caught up first: one built by code
    /// of another version is compared as it stands.
    public func diff(_ names: [String]? = nil, limit: Int = 1_000, progress: ProgressMeter? = nil) throws(ReadModelError) -> [ModelDiff] {
        let kinds = try kinds(names)
        let head = try headPosition()
        let entries = try kinds.map { kind throws(ReadModelError) in try store.entry(kind.type.name) }
        let positions = entries.map { min($0?.checkpoint ?? head, head) }
        let folds = try fresh(Array(zip(kinds, positions)), progress: progress)
        progress?.finish()
        return try kinds.indices.map { index throws(ReadModelError) in
            let kind = kinds[index]
            var diff = ModelDiff(projection: kind.type.name, version: kind.type.version, liveVersion: entries[index]?.version,
                                 position: positions[index], differing: 0, differences: [])
            let rebuilt = SortedRows(folds[index].takeChanges().rows)
            try reading {
                try store.read(kind.type.name) { _, live in try ModelDiff.compare(kind, live: live, rebuilt: rebuilt, limit: limit, &diff) }
            }
            return diff
        }
    }

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

    /// Catches up, then waits for appends of this process and catches up again, until the task is cancelled
    /// or the ledger closes. After each catch-up, `reached` gets the position every model has reached. Each
    /// catch-up runs on a Dispatch thread: the first may fold the whole log.
    public func follow(reached: @Sendable (UInt64) -> Void = { _ in }) async throws(ReadModelError) {
        while !Task.isCancelled {
            let position = try await blocking { () throws(ReadModelError) in try self.catchUp().map(\.position).min() ?? 0 }
            reached(position)
            guard await ledger.waitForAppend(beyond: position) != nil else { return }
        }
    }

    /// A model's digest: SHA-256 over its canonical export (`ModelExport`), the rows of `name` described one per
    /// line. Two models are equal exactly when their digests are.
    public static func digest(_ name: String, _ rows: some RowReader) throws -> (rows: Int, digest: String) {
        var digest = ModelExport.Digest()
        try export(name, rows) { digest.add($0) }
        return (digest.rows, digest.finalize())
    }

    /// SHA-256 over rows in key order, each as key length (u32 big-endian), key, value length, value: equal
    /// exactly when the rows are, and so when their exports are.
    static func rowDigest(_ rows: some RowReader) throws -> [UInt8] {
        var hasher = SHA256()
        try rows.scan(prefix: []) { key, value in
            for part in [key, value] {
                withUnsafeBytes(of: UInt32(part.count).bigEndian) { hasher.update(bufferPointer: $0) }
                hasher.update(data: part)
            }
            return true
        }
        return Array(hasher.finalize())
    }

    /// Hands each row of `name`, in key order, to `line` as its export line.
    public static func export(_ name: String, _ rows: some RowReader, _ line: (String) throws -> Void) throws {
        let type = try ProjectionKind.named(name).type
        try rows.scan(prefix: []) { key, value in
            try line(ModelExport.line(try type.describe(Row(key: key, value: value))))
            return true
        }
    }

    // MARK: - Folding

    private func advance(_ kind: ProjectionKind, _ entry: ReadModelStore.Entry, through head: UInt64) throws(ReadModelError) -> Outcome {
        let started = DispatchTime.now()
        // Nothing new: no need to load the model to fold nothing.
        if entry.checkpoint == head {
            return Outcome(projection: kind.type.name, version: kind.type.version, position: head, events: 0, rebuilt: false, seconds: 0)
        }
        var entry = entry
        while true {
            let fold = try load(kind, entry)
            let from = fold.checkpoint
            var moved = true
            var pass = FoldPass(ledger: ledger, folds: [fold])
            pass.batchSize = Int(min(UInt64(pass.batchSize), commitEvery))
            try pass.run(through: head, progress: nil) { () throws(ReadModelError) -> Bool in
                guard fold.checkpoint - entry.checkpoint >= self.commitEvery else { return true }
                moved = try self.commit(fold, &entry)
                return moved
            }
            if moved, fold.checkpoint > entry.checkpoint { moved = try commit(fold, &entry) }
            if moved {
                lock.withLock { loaded[kind.type.name] = (fold, entry) }
                return Outcome(projection: kind.type.name, version: kind.type.version, position: entry.checkpoint,
                               events: entry.checkpoint - from, rebuilt: false, seconds: Self.seconds(since: started))
            }
            // Another runner (another process) moved the model on: start again from what it stored.
            lock.withLock { loaded[kind.type.name] = nil }
            guard let stored = try store.entry(kind.type.name), stored.version == kind.type.version else {
                return try rebuild([kind], comparing: false, progress: nil)[0]
            }
            entry = stored
        }
    }

    private func commit(_ fold: any Fold, _ entry: inout ReadModelStore.Entry) throws(ReadModelError) -> Bool {
        guard try store.commit(fold.name, fold.takeChanges(), checkpoint: fold.checkpoint, expected: entry) else { return false }
        entry.checkpoint = fold.checkpoint
        return true
    }

    private func load(_ kind: ProjectionKind, _ entry: ReadModelStore.Entry) throws(ReadModelError) -> any Fold {
        if let cached = lock.withLock({ loaded[kind.type.name] }), cached.entry == entry { return cached.fold }
        return try reading {
            try store.read(kind.type.name) { stored, rows in
                guard let stored, stored == entry else { throw ReadModelError.storeUnavailable(directory: store.directory, reason: "\(kind.type.name) changed while loading") }
                do { return try kind.loading(rows, checkpoint: stored.checkpoint) } catch let error as RowError {
                    throw ReadModelError.damagedRow(projection: kind.type.name, reason: error.description)
                }
            }
        }
    }

    /// Folds the kinds from the first event into fresh generations, writing their rows and history as it goes
    /// (memory holds one stretch of versions, not the log's), and swaps each in once it has caught up.
    private func rebuild(_ kinds: [ProjectionKind], comparing: Bool, progress: ProgressMeter?) throws(ReadModelError) -> [Outcome] {
        let started = DispatchTime.now()
        var through = try headPosition()
        let folds = kinds.map { $0.empty(keepsVersions: true) }
        let rebuilds = try kinds.map { kind throws(ReadModelError) in try store.beginRebuild(kind.type.name) }
        for fold in folds { progress?.begin(fold.name, from: 0, through: through) }
        var filled: UInt64 = 0
        let background = BackgroundFill(store: store)
        let fill = { () throws(ReadModelError) in
            let changes = folds.map { $0.takeChanges() }
            try background.add(Array(zip(rebuilds, changes)))
            filled = folds.map(\.checkpoint).min() ?? 0
        }
        let afterBatch = { () throws(ReadModelError) -> Bool in
            if (folds.map(\.checkpoint).min() ?? 0) - filled >= self.rebuildStretch { try fill() }
            return true
        }
        try FoldPass(ledger: ledger, folds: folds).run(through: through, progress: progress, afterBatch: afterBatch)
        // Appends may have landed meanwhile: catch up with them before swapping in.
        while true {
            let head = try headPosition()
            guard head > through else { break }
            try FoldPass(ledger: ledger, folds: folds).run(through: head, progress: nil, afterBatch: afterBatch)
            through = head
        }
        try fill()
        try background.finish()
        progress?.finish()
        if comparing {
            for (index, kind) in kinds.enumerated() { try compareWithLive(kind, rebuilds[index], through: folds[index].checkpoint) }
        }
        var outcomes: [Outcome] = []
        for (index, kind) in kinds.enumerated() {
            let fold = folds[index]
            let entry = try store.install(rebuilds[index], version: kind.type.version, checkpoint: fold.checkpoint)
            lock.withLock { loaded[kind.type.name] = (fold, entry) }
            outcomes.append(Outcome(projection: kind.type.name, version: kind.type.version, position: fold.checkpoint,
                                    events: fold.checkpoint, rebuilt: true, seconds: Self.seconds(since: started)))
        }
        return outcomes
    }

    /// Checks a filled rebuild against the live model, where that was built by code of the same version and has
    /// not gone past it: their exports at the live model's position must be equal.
    private func compareWithLive(_ kind: ProjectionKind, _ rebuild: ReadModelStore.Rebuild, through: UInt64) throws(ReadModelError) {
        let name = kind.type.name
        guard let live = try store.entry(name), live.version == kind.type.version, live.checkpoint <= through else { return }
        let position = live.checkpoint
        // The rebuild's rows at the live model's position.
        func rebuilt<R>(_ body: (any RowReader) throws -> R) throws -> R {
            // At the rebuild's own position its live rows are its rows; before it, its history says.
            let past = position < through
            return try store.read(rebuild, asOf: past && kind.type.keepsHistory ? position : nil) { rows in
                try body(past && !kind.type.keepsHistory ? kind.rows(rows, asOf: position) : rows)
            }
        }
        // Equal rows are equal exports: their bytes are digested, which is cheaper than describing them.
        let (liveDigest, rebuiltDigest) = try reading {
            (try store.read(name) { _, rows in try Self.rowDigest(rows) }, try rebuilt { try Self.rowDigest($0) })
        }
        guard liveDigest != rebuiltDigest else { return }
        var diff = ModelDiff(projection: name, version: kind.type.version, liveVersion: live.version, position: position, differing: 0, differences: [])
        try reading {
            var rows: [Row] = []
            try rebuilt { reader in
                try reader.scan(prefix: []) { key, value in
                    rows.append(Row(key: key, value: value))
                    return true
                }
            }
            try store.read(name) { _, liveRows in try ModelDiff.compare(kind, live: liveRows, rebuilt: SortedRows(rows), limit: 3, &diff) }
        }
        throw .rebuildDiffers(projection: name, position: position, differing: diff.differing, first: diff.differences.map { difference in
            "\(difference.kind.rawValue) \(difference.row)"
                + (difference.kind == .changed ? " (" + difference.fields.map { "\($0.field) \($0.live ?? "none") → \($0.rebuilt ?? "none")" }.joined(separator: ", ") + ")" : "")
        })
    }

    /// Fresh folds of each kind, each folded through its own position, sharing passes over the log, keeping
    /// only their rows (no versions): for comparing and for answering, never for storing.
    private func fresh(_ work: [(ProjectionKind, UInt64)], progress: ProgressMeter?) throws(ReadModelError) -> [any Fold] {
        let folds = work.map { $0.0.empty(keepsVersions: false) }
        for (index, item) in work.enumerated() { progress?.begin(folds[index].name, from: 0, through: item.1) }
        for through in Set(work.map(\.1)).sorted() {
            let pending = folds.indices.filter { work[$0].1 >= through }.map { folds[$0] }
            try FoldPass(ledger: ledger, folds: pending).run(through: through, progress: progress)
        }
        return folds
    }

    private func headPosition() throws(ReadModelError) -> UInt64 {
        do { return try ledger.head().position } catch { throw .ledger(error) }
    }

    private func kinds(_ names: [String]?) throws(ReadModelError) -> [ProjectionKind] {
        guard let names else { return ProjectionKind.all }
        return try names.map { name throws(ReadModelError) in try ProjectionKind.named(name) }
    }

    private func reading<R>(_ body: () throws -> R) throws(ReadModelError) -> R {
        do { return try body() } catch let error as ReadModelError { throw error } catch {
            throw .storeUnavailable(directory: store.directory, reason: "\(error)")
        }
    }

    private static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
