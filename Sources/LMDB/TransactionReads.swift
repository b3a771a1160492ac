import CLMDB

/// What both kinds of transaction can read; each forwards here with its own handle.
enum TransactionReads {
    static func value<R>(
        _ transaction: OpaquePointer, key: UnsafeRawBufferPointer, in database: Database,
        _ body: (UnsafeRawBufferPointer) throws -> R
    ) throws -> R? {
        var keyValue = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var value = MDB_val()
        let result = mdb_get(transaction, database.handle, &keyValue, &value)
        if result == MDB_NOTFOUND { return nil }
        try check(result, "get from \(database.name)")
        return try body(UnsafeRawBufferPointer(start: value.mv_data, count: value.mv_size))
    }

    static func forEach(
        _ transaction: OpaquePointer, in database: Database, from start: UnsafeRawBufferPointer?,
        _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        var cursor: OpaquePointer?
        try check(mdb_cursor_open(transaction, database.handle, &cursor), "open cursor on \(database.name)")
        defer { mdb_cursor_close(cursor) }
        var key = MDB_val()
        var value = MDB_val()
        var operation = MDB_FIRST
        if let start {
            key = MDB_val(mv_size: start.count, mv_data: UnsafeMutableRawPointer(mutating: start.baseAddress))
            operation = MDB_SET_RANGE
        }
        while true {
            let result = mdb_cursor_get(cursor, &key, &value, operation)
            // Only "no more entries" ends the walk; any other failure is reported, never taken for the end.
            if result == MDB_NOTFOUND { return }
            try check(result, "read \(database.name)")
            let more = try body(
                UnsafeRawBufferPointer(start: key.mv_data, count: key.mv_size),
                UnsafeRawBufferPointer(start: value.mv_data, count: value.mv_size))
            if !more { return }
            operation = MDB_NEXT
        }
    }

    static func last<R>(
        _ transaction: OpaquePointer, in database: Database,
        _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> R
    ) throws -> R? {
        var cursor: OpaquePointer?
        try check(mdb_cursor_open(transaction, database.handle, &cursor), "open cursor on \(database.name)")
        defer { mdb_cursor_close(cursor) }
        var key = MDB_val()
        var value = MDB_val()
        let result = mdb_cursor_get(cursor, &key, &value, MDB_LAST)
        if result == MDB_NOTFOUND { return nil }
        try check(result, "read last of \(database.name)")
        return try body(
            UnsafeRawBufferPointer(start: key.mv_data, count: key.mv_size),
            UnsafeRawBufferPointer(start: value.mv_data, count: value.mv_size))
    }

    static func bytes(_ transaction: OpaquePointer, in database: Database) throws(LMDBError) -> UInt64 {
        var stat = MDB_stat()
        try check(mdb_stat(transaction, database.handle, &stat), "stat \(database.name)")
        return UInt64(stat.ms_psize) * UInt64(stat.ms_branch_pages + stat.ms_leaf_pages + stat.ms_overflow_pages)
    }

    static func count(_ transaction: OpaquePointer, in database: Database) throws(LMDBError) -> Int {
        var stat = MDB_stat()
        try check(mdb_stat(transaction, database.handle, &stat), "stat \(database.name)")
        return stat.ms_entries
    }
}
