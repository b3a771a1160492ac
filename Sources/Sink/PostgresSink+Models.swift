import Logging
import NIOCore
import PostgresNIO
import ReadModels

/// The read models' rows beside the events (docs/SQL.md, "The read models"): written afresh when their version
/// changed, removed when the sink goes without them, and upserted batch by batch.
extension PostgresSink {
    /// Writes afresh, in one transaction, each model whose rows were written by another version of it (or not
    /// at all): its rows as folded up to the checkpoint. The fold sorts each stretch's changes aside (in the
    /// ledger's directory) and merges them once it is done (`ModelFollower.afresh`), so that no model is held
    /// whole in memory and each row is described, and reaches `model_rows`, once: one COPY after the model's
    /// old rows are deleted. Readers see the old rows or the new, never half.
    func writeStaleModels(_ models: ModelFollower, stale names: Set<String>, _ connection: PostgresConnection, at position: UInt64) async throws(SinkError) {
        let stale = models.models.filter { names.contains($0.name) }
        let stretch = UInt64(batchSize)
        guard !stale.isEmpty else {
            // Up to the checkpoint, where the stored rows stand, letting go of what each stretch changed.
            while models.position < position {
                do { _ = try models.advance(through: min(position, models.position + stretch), only: []) } catch { throw .ledger("\(error)") }
            }
            return
        }
        try await transaction(connection) { () async throws(SinkError) in
            try await lock(connection, expecting: position)
            var fresh: FreshRows
            do { fresh = try models.afresh(through: position, only: names, stretch: stretch) } catch { throw .ledger("\(error)") }
            for model in stale {
                try await run(connection, "DELETE FROM model_rows WHERE origin = \(origin) AND model = \(model.name)")
                try await run(connection, """
                    INSERT INTO fangxin_models (origin, model, version) VALUES (\(origin), \(model.name), \(model.version))
                    ON CONFLICT (origin, model) DO UPDATE SET version = excluded.version
                    """)
            }
            try await copy(into: "model_rows", at: position, connection, "the read models' rows afresh") { try fresh.next() }
        }
    }

    /// The version each model's rows in the database were written by, for this origin.
    func storedVersions(_ connection: PostgresConnection) async throws(SinkError) -> [String: Int] {
        var stored: [String: Int] = [:]
        do {
            let query: PostgresQuery = "SELECT model, version FROM fangxin_models WHERE origin = \(origin)"
            for try await (model, version) in try await connection.query(query, logger: logger).decode((String, Int).self) { stored[model] = version }
        } catch {
            throw .database("reading the models' versions: \(Self.describe(error))")
        }
        return stored
    }

    /// Removes this origin's read models, in one transaction, when the sink goes without them: rows left behind
    /// would fall behind the checkpoint unseen. The next sink with them writes them afresh.
    func removeModels(_ connection: PostgresConnection, at position: UInt64) async throws(SinkError) {
        try await transaction(connection) { () async throws(SinkError) in
            try await lock(connection, expecting: position)
            try await run(connection, "DELETE FROM model_rows WHERE origin = \(origin)")
            try await run(connection, "DELETE FROM fangxin_models WHERE origin = \(origin)")
        }
    }

    /// Writes the rows a batch changed over what `table` (`model_rows`, or a fresh table) held, through a table of
    /// this session's own.
    func upsert(_ rows: [ModelFollower.ChangedRow], at position: UInt64, into table: String = "model_rows",
                _ connection: PostgresConnection) async throws(SinkError) {
        guard !rows.isEmpty else { return }
        try await run(connection, "CREATE TEMPORARY TABLE IF NOT EXISTS staged_rows (LIKE model_rows) ON COMMIT DELETE ROWS")
        try await copyRows(rows, at: position, into: "staged_rows", connection)
        try await run(connection, """
            INSERT INTO \(unescaped: table) SELECT * FROM staged_rows
            ON CONFLICT (origin, model, key) DO UPDATE SET "table" = excluded."table", row = excluded.row, position = excluded.position
            """)
        // Emptied at once, not at commit: a transaction that writes models afresh upserts many stretches.
        try await run(connection, "TRUNCATE staged_rows")
    }

    private func copyRows(_ rows: [ModelFollower.ChangedRow], at position: UInt64, into table: String,
                          _ connection: PostgresConnection) async throws(SinkError) {
        guard !rows.isEmpty else { return }
        var sent = false
        try await copy(into: table, at: position, connection, "\(rows.count) read-model rows") {
            defer { sent = true }
            return sent ? nil : rows
        }
    }

    /// Sends the rows `next` gives, batch after batch until nil, into `table` by one COPY, in chunks of about a
    /// mebibyte: the next rows are described while PostgreSQL takes the last.
    private func copy(into table: String, at position: UInt64, _ connection: PostgresConnection, _ what: String,
                      _ next: () throws -> [ModelFollower.ChangedRow]?) async throws(SinkError) {
        do {
            try await connection.copyFrom(table: table, columns: ModelTables.columns, logger: logger) { writer in
                var chunk: [UInt8] = [], json: [UInt8] = []
                chunk.reserveCapacity(1 << 20)
                while let rows = try next() {
                    for row in rows {
                        ModelTables.append(row, origin: origin, position: position, to: &chunk, json: &json)
                        if chunk.count >= 1 << 20 {
                            try await writer.write(ByteBuffer(bytes: chunk))
                            chunk.removeAll(keepingCapacity: true)
                        }
                    }
                }
                if !chunk.isEmpty { try await writer.write(ByteBuffer(bytes: chunk)) }
            }
        } catch let error as ReadModelError {
            throw .ledger("\(error)")
        } catch {
            throw .database("copying \(what) at position \(position): \(Self.describe(error))")
        }
    }
}
