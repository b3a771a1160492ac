import Logging
import NIOCore
import PostgresNIO
import ReadModels

/// The read models' rows beside the events (docs/SQL.md, "The read models"): written afresh when their version
/// changed, removed when the sink goes without them, and upserted batch by batch.
extension PostgresSink {
    /// Writes afresh, in one transaction, each model whose rows were written by another version of it (or not
    /// at all): its rows as folded up to the checkpoint. The models are folded up to the checkpoint a batch of
    /// events at a time, so that no model is ever held whole as rows; each batch's rows go over the last's in a
    /// fresh table of the transaction's own (temporary: not written to PostgreSQL's log), which then replaces the
    /// models' rows in `model_rows`. So each row reaches `model_rows` once, and readers see the old rows or the
    /// new, never half.
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
            try await run(connection, "CREATE TEMPORARY TABLE fresh_rows (LIKE model_rows INCLUDING INDEXES) ON COMMIT DROP")
            repeat {
                let next = min(position, models.position + stretch)
                let rows: [ModelFollower.ChangedRow]
                do { rows = try models.advance(through: next, only: names) } catch { throw .ledger("\(error)") }
                try await upsert(rows, at: position, into: "fresh_rows", connection)
            } while models.position < position
            for model in stale {
                try await run(connection, "DELETE FROM model_rows WHERE origin = \(origin) AND model = \(model.name)")
                try await run(connection, """
                    INSERT INTO fangxin_models (origin, model, version) VALUES (\(origin), \(model.name), \(model.version))
                    ON CONFLICT (origin, model) DO UPDATE SET version = excluded.version
                    """)
            }
            try await run(connection, "INSERT INTO model_rows SELECT * FROM fresh_rows")
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
        do {
            try await connection.copyFrom(table: table, columns: ModelTables.columns, logger: logger) { writer in
                var chunk: [UInt8] = []
                chunk.reserveCapacity(1 << 20)
                for row in rows {
                    ModelTables.append(row, origin: origin, position: position, to: &chunk)
                    if chunk.count >= 1 << 20 {
                        try await writer.write(ByteBuffer(bytes: chunk))
                        chunk.removeAll(keepingCapacity: true)
                    }
                }
                if !chunk.isEmpty { try await writer.write(ByteBuffer(bytes: chunk)) }
            }
        } catch {
            throw .database("copying \(rows.count) read-model rows at position \(position): \(Self.describe(error))")
        }
    }
}
