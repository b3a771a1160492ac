/// The audit trail by actor: for every actor, the positions of the events it recorded, in order. (The trail
/// by stream is the ledger's own stream index.) The events themselves are read from the log, chain hash and all.
///
/// Rows: 1 actor id, chunk number → up to `chunkSize` positions, each 8 bytes big-endian. A chunk is the
/// actor's positions `chunk × chunkSize` onwards, so the rows do not depend on how the fold was batched.
public struct TrailProjection: Projection {
    public static let name = "trail"
    /// 2: chunks of 510 positions.
    public static let version = 2
    public static let streamPrefixes: [String] = []
    public static let decodesPayloads = false
    /// Its rows only grow: a chunk as of a position is the chunk's positions up to it (`row(_:asOf:)`).
    public static let keepsHistory = false

    /// A chunk as the fold had written it at `position`: its positions up to there; nil when none is.
    public static func row(_ row: Row, asOf position: UInt64) -> Row? {
        guard row.key.first == table else { return row }
        let kept = positions(row.value).filter { $0 <= position }
        guard !kept.isEmpty else { return nil }
        return kept.count * 8 == row.value.count ? row : Row(key: row.key, value: Array(row.value.prefix(kept.count * 8)))
    }

    static let table: UInt8 = 1
    /// A full chunk's 4,080 bytes and LMDB's 16-byte header fill one 4 KiB overflow page; 512 took two.
    static let chunkSize = 510

    /// Each actor's open chunk: its number, and the positions in it so far.
    private var open = TrackedTable<(chunk: UInt32, positions: [UInt64])>()
    /// Chunks filled since the rows were last taken.
    private var changes: [Row] = []

    public init() {}

    public init(rows: some RowReader) throws(RowError) {
        do {
            try rows.scan(prefix: [Self.table]) { key, value in
                var reader = RowKeyReader(key)
                let actor = try reader.text()
                let chunk = try reader.uint32()
                let positions = Self.positions(value)
                open.restore(actor, positions.count == Self.chunkSize ? (chunk + 1, []) : (chunk, positions))
                return true
            }
        } catch let error as RowError {
            throw error
        } catch {
            throw RowError("trail: \(error)")
        }
    }

    public mutating func apply(_ event: ProjectionEvent) throws(SetAside) {
        let actor = event.actorID
        let slot = open.slot(of: actor) ?? open.set(actor, (0, []))
        open.modify(slot) { entry in
            entry.positions.append(event.position)
            if entry.positions.count == Self.chunkSize {
                changes.append(Self.row(actor: actor, entry.chunk, entry.positions))
                entry = (entry.chunk + 1, [])
            }
            return true
        }
    }

    /// The trail's rows in domain terms (docs/READMODELS.md, "Export").
    public static func describe(_ row: Row) throws(RowError) -> RowDescription {
        guard row.key.first == table else {
            if row.key.first == SetAside.table { return try .setAside(row.key, row.value) }
            throw RowError("trail: no table \(row.key.first.map(String.init) ?? "(empty key)")")
        }
        var reader = RowKeyReader(row.key)
        return RowDescription("actor-positions", [
            ("actor", .text(try reader.text())), ("chunk", .unsigned(UInt64(try reader.uint32()))), ("positions", .positions(positions(row.value))),
        ]).keyed(2)
    }

    public mutating func takeChanges() -> [Row] {
        var rows = changes
        changes = []
        for slot in open.takeChanged() where !open.values[slot].positions.isEmpty {
            rows.append(Self.row(actor: open.keys[slot], open.values[slot].chunk, open.values[slot].positions))
        }
        return rows
    }

    private static func row(actor: String, _ chunk: UInt32, _ positions: [UInt64]) -> Row {
        var value: [UInt8] = []
        value.reserveCapacity(positions.count * 8)
        for position in positions { withUnsafeBytes(of: position.bigEndian) { value.append(contentsOf: $0) } }
        return Row(key: RowKey(table: table).adding(actor).adding(chunk).bytes, value: value)
    }

    static func positions(_ value: [UInt8]) -> [UInt64] {
        stride(from: 0, to: value.count - 7, by: 8).map { offset in value[offset..<(offset + 8)].reduce(0) { $0 << 8 | UInt64($1) } }
    }
}

/// Questions the trail read model answers.
public enum TrailQueries {
    /// Positions of the events `actor` recorded, from `position` on and up to `through`, at most `limit`.
    public static func positions(_ rows: some RowReader, actor: String, from position: UInt64 = 1, through: UInt64 = .max, limit: Int = .max) throws -> [UInt64] {
        var found: [UInt64] = []
        guard limit > 0 else { return found }
        try rows.scan(prefix: RowKey(table: TrailProjection.table).adding(actor).bytes) { _, value in
            for candidate in TrailProjection.positions(value) where candidate >= position {
                guard candidate <= through else { return false }
                found.append(candidate)
                if found.count == limit { return false }
            }
            return true
        }
        return found
    }

    /// Every actor that recorded an event, by id.
    public static func actors(_ rows: some RowReader) throws -> [String] {
        var actors: [String] = []
        try rows.scan(prefix: [TrailProjection.table]) { key, _ in
            var reader = RowKeyReader(key)
            let actor = try reader.text()
            if actors.last != actor { actors.append(actor) }
            return true
        }
        return actors
    }
}
