import Foundation
public import Ledger
public import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import ReadModels

/// Follows a ledger's log into PostgreSQL (docs/SQL.md): each batch of records and the sink's checkpoint are
/// committed in one transaction, so that a sink stopped at any moment resumes where its last commit left off,
/// without a gap or a row twice. Before its first batch it checks that the checkpoint names a record this ledger
/// holds as it is there: a database holding another ledger's history under the same origin is refused.
public struct PostgresSink: Sendable {
    public let url: PostgresURL
    /// What every row carries as its `origin`: one database can hold several ledgers (one per province).
    public let origin: String
    public let batchSize: Int
    /// Whether the read models go beside the events; without them, a catch-up goes at COPY's speed.
    public let writesModels: Bool
    let logger: Logger

    /// Records a transaction: a batch of 100,000 takes about 50 MB as rows, the most, 1,000,000, about 500 MB.
    public static let batchSizeRange = 1...1_000_000

    public init(url: PostgresURL, origin: String, batchSize: Int = 100_000, writesModels: Bool = true,
                logger: Logger = Logger(label: "fangxin.sink")) throws(SinkError) {
        guard !origin.isEmpty, origin.unicodeScalars.count <= 100 else { throw .badOrigin(origin, reason: "give 1 to 100 characters") }
        guard !origin.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .badOrigin(origin, reason: "contains a control character")
        }
        guard Self.batchSizeRange.contains(batchSize) else {
            throw .badBatchSize(batchSize, allowed: Self.batchSizeRange)
        }
        self.url = url
        self.origin = origin
        self.batchSize = batchSize
        self.writesModels = writesModels
        self.logger = logger
    }

    /// Where the sink stands: the position its last commit reached (0 before any).
    public struct Progress: Sendable, Equatable {
        public var position: UInt64
        public var rowsWritten: Int
    }

    /// Catches up with `ledger`, then, unless `once`, waits `interval` and catches up again, until the task is
    /// cancelled. `reached` hears of every commit.
    public func run(_ ledger: Ledger, once: Bool, interval: Duration = .seconds(1), note: @Sendable (String) -> Void = { _ in },
                    reached: @Sendable (Progress) -> Void = { _ in }) async throws(SinkError) -> Progress {
        let connection = try await connect()
        do throws(SinkError) {
            try await prepare(connection)
            var progress = Progress(position: try await checkpoint(connection, ledger: ledger), rowsWritten: 0)
            let models: ModelFollower?
            if writesModels {
                let stored = try await storedVersions(connection)
                let stale = ModelFollower.available.filter { stored[$0.name] != $0.version }.map(\.name)
                let current = Set(ModelFollower.available.map(\.name)).subtracting(stale)
                // A current model continues from the ledger's stored read models where they reach the checkpoint,
                // rather than folding from the first event; a stale one is folded afresh, to be written whole.
                let follower: ModelFollower
                do { follower = try ModelFollower(ledger: ledger, continuing: current, at: progress.position) } catch { throw .ledger("\(error)") }
                if !follower.continued.isEmpty {
                    note("models \(follower.continued.joined(separator: ", ")) continue from the read models at position \(progress.position)")
                }
                if !stale.isEmpty { note("models \(stale.joined(separator: ", ")) are written afresh at position \(progress.position)") }
                try await writeStaleModels(follower, stale: Set(stale), connection, at: progress.position)
                models = follower
            } else {
                try await removeModels(connection, at: progress.position)
                models = nil
            }
            while true {
                try await catchUp(ledger, models, connection, &progress, reached: reached)
                if once || Task.isCancelled { break }
                do { try await Task.sleep(for: interval) } catch { break }
            }
            try? await connection.close()
            return progress
        } catch {
            try? await connection.close()
            throw error
        }
    }

    func connect() async throws(SinkError) -> PostgresConnection {
        let configuration = try url.configuration()
        do {
            return try await PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration,
                                                        id: 1, logger: logger).get()
        } catch {
            throw .database("cannot connect to \(url): \(Self.describe(error))")
        }
    }

    /// Makes the tables that are missing. Under a lock of its own: `CREATE TABLE IF NOT EXISTS` in two sessions at
    /// once can both try to create, and one fail.
    func prepare(_ connection: PostgresConnection) async throws(SinkError) {
        try await transaction(connection) { () async throws(SinkError) in
            try await run(connection, "SELECT pg_advisory_xact_lock(\(Self.schemaLock))")
            try await run(connection, "CREATE TABLE IF NOT EXISTS fangxin_sink (origin text PRIMARY KEY, position bigint NOT NULL, chain_hash text NOT NULL)")
            try await run(connection, PostgresQuery(unsafeSQL: EventsTable.create))
            for statement in ModelTables.create { try await run(connection, PostgresQuery(unsafeSQL: statement)) }
        }
    }

    /// The advisory lock that makes the tables one sink at a time: "fangxin" in ASCII.
    static let schemaLock: Int64 = 0x66_61_6E_67_78_69_6E

    /// The checkpoint's position for this origin (0 when there is none), once checked against the ledger.
    func checkpoint(_ connection: PostgresConnection, ledger: Ledger) async throws(SinkError) -> UInt64 {
        guard let (position, hash) = try await storedCheckpoint(connection, forUpdate: false) else { return 0 }
        let record: RecordedEvent?
        do { record = try ledger.read(from: position, limit: 1).first } catch { throw .ledger("\(error)") }
        guard let record, record.position == position else {
            throw .foreignHistory(origin: origin, position: position, reason: "this ledger holds no record at that position")
        }
        guard record.chainHash.hex == hash else {
            throw .foreignHistory(origin: origin, position: position, reason: "its chain hash there is \(hash), and this ledger's is \(record.chainHash.hex)")
        }
        return position
    }

    /// A batch read from the ledger and written as COPY's rows, ready to send.
    struct EncodedBatch: Sendable {
        var count = 0
        var first: UInt64 = 0
        var last: (position: UInt64, chainHash: String)?
        /// The rows in chunks of about a mebibyte, each sent as it stands.
        var chunks: [[UInt8]] = []
    }

    /// The records from `position` on, at most a batch of them, as rows.
    func encode(_ ledger: Ledger, from position: UInt64) throws(SinkError) -> EncodedBatch {
        let events: [RecordedEvent]
        do { events = try ledger.read(from: position, limit: batchSize) } catch { throw .ledger("\(error)") }
        var batch = EncodedBatch(count: events.count, first: events.first?.position ?? 0,
                                 last: events.last.map { ($0.position, $0.chainHash.hex) })
        var rows: [UInt8] = []
        rows.reserveCapacity(1 << 20)
        for event in events {
            EventsTable.append(event, origin: origin, to: &rows)
            if rows.count >= 1 << 20 {
                batch.chunks.append(rows)
                rows.removeAll(keepingCapacity: true)
            }
        }
        if !rows.isEmpty { batch.chunks.append(rows) }
        return batch
    }

    /// Writes every record after `progress`, a batch a transaction, each with the checkpoint. The next batch is
    /// read and encoded while PostgreSQL takes the one before.
    func catchUp(_ ledger: Ledger, _ models: ModelFollower?, _ connection: PostgresConnection, _ progress: inout Progress,
                 reached: @Sendable (Progress) -> Void) async throws(SinkError) {
        let sink = self
        /// The next batch, encoded, and the read models' rows it changes, folded: one task after another, so that
        /// the models are folded in order, each while PostgreSQL takes the batch before.
        func preparing(from position: UInt64) -> Task<(EncodedBatch, [ModelFollower.ChangedRow]), any Error> {
            Task {
                try await blocking { () throws -> (EncodedBatch, [ModelFollower.ChangedRow]) in
                    let batch = try sink.encode(ledger, from: position)
                    guard let last = batch.last, let models else { return (batch, []) }
                    do { return (batch, try models.advance(through: last.position)) } catch { throw SinkError.ledger("\(error)") }
                }
            }
        }
        var next = preparing(from: progress.position + 1)
        while true {
            let (batch, changed): (EncodedBatch, [ModelFollower.ChangedRow])
            do { (batch, changed) = try await next.value } catch let error as SinkError { throw error } catch { throw .ledger("\(error)") }
            guard let last = batch.last else { return }
            next = preparing(from: last.position + 1)
            let expected = progress.position
            do {
                try await transaction(connection) { () async throws(SinkError) in
                    try await lock(connection, expecting: expected)
                    try await copy(batch, connection)
                    try await upsert(changed, at: last.position, connection)
                    guard let reached = Int64(exactly: last.position) else { throw .ledger("position \(last.position) is beyond PostgreSQL's bigint") }
                    try await run(connection, """
                        INSERT INTO fangxin_sink (origin, position, chain_hash) VALUES (\(origin), \(reached), \(last.chainHash))
                        ON CONFLICT (origin) DO UPDATE SET position = excluded.position, chain_hash = excluded.chain_hash
                        """)
                }
            } catch {
                // The models are folded one task at a time: the one under way ends before the sink does.
                _ = try? await next.value
                throw error
            }
            progress.position = last.position
            progress.rowsWritten += batch.count
            reached(progress)
        }
    }

    /// Takes the origin's lock, one writer of an origin at a time (held even before its checkpoint row exists for
    /// `FOR UPDATE` to lock), and checks the checkpoint is still where this sink left it.
    func lock(_ connection: PostgresConnection, expecting expected: UInt64) async throws(SinkError) {
        try await run(connection, "SELECT pg_advisory_xact_lock(hashtextextended(\(origin), 0))")
        let stored = try await storedCheckpoint(connection, forUpdate: true)?.position ?? 0
        guard stored == expected else { throw .checkpointMoved(origin: origin, expected: expected, found: stored) }
    }

    private func copy(_ batch: EncodedBatch, _ connection: PostgresConnection) async throws(SinkError) {
        do {
            try await connection.copyFrom(table: "events", columns: EventsTable.columns, logger: logger) { writer in
                for chunk in batch.chunks { try await writer.write(ByteBuffer(bytes: chunk)) }
            }
        } catch {
            throw .database("copying positions \(batch.first) to \(batch.last?.position ?? 0) into events: \(Self.describe(error))")
        }
    }

    private func storedCheckpoint(_ connection: PostgresConnection, forUpdate: Bool) async throws(SinkError) -> (position: UInt64, hash: String)? {
        let query: PostgresQuery = forUpdate
            ? "SELECT position, chain_hash FROM fangxin_sink WHERE origin = \(origin) FOR UPDATE"
            : "SELECT position, chain_hash FROM fangxin_sink WHERE origin = \(origin)"
        do {
            for try await (position, hash) in try await connection.query(query, logger: logger).decode((Int64, String).self) {
                guard let position = UInt64(exactly: position) else { throw SinkError.database("the checkpoint's position \(position) is negative") }
                return (position, hash)
            }
            return nil
        } catch let error as SinkError {
            throw error
        } catch {
            throw .database("reading the checkpoint: \(Self.describe(error))")
        }
    }

    func run(_ connection: PostgresConnection, _ query: PostgresQuery) async throws(SinkError) {
        do { try await connection.query(query, logger: logger) } catch { throw .database(Self.describe(error)) }
    }

    func transaction(_ connection: PostgresConnection, _ body: () async throws(SinkError) -> Void) async throws(SinkError) {
        try await run(connection, "BEGIN")
        do {
            try await body()
        } catch {
            try? await run(connection, "ROLLBACK")
            throw error
        }
        try await run(connection, "COMMIT")
    }

    /// A PostgreSQL error in the server's words, with its SQLSTATE; anything else as it describes itself.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let info = error.serverInfo, let message = info[.message] {
            return message + (info[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
        }
        return error.underlying.map { "\($0)" } ?? "\(error.code)"
    }
}
