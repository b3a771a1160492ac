import CLMDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An error reported by LMDB, with the operation that met it.
///
/// Codes that can only mean a bug in this layer (a bad handle, a transaction used after it ended) are not
/// errors to catch: `check` stops the process on them.
public struct LMDBError: Error, Equatable, CustomStringConvertible {
    /// LMDB's result code, as `lmdb.h` numbers it (or an `errno` value).
    public let code: Int32
    /// What was being done, e.g. "put into records".
    public let operation: String

    public init(code: Int32, operation: String) {
        self.code = code
        self.operation = operation
    }

    public var isMapFull: Bool { code == MDB_MAP_FULL }
    public var isKeyExists: Bool { code == MDB_KEYEXIST }
    public var isNotFound: Bool { code == MDB_NOTFOUND || code == ENOENT }
    var isMapResized: Bool { code == MDB_MAP_RESIZED }

    public var description: String {
        let reason = String(cString: mdb_strerror(code))
        switch code {
        case ENOENT:
            return "\(operation): no such file or directory (\(reason))"
        case EACCES:
            return "\(operation): permission denied (\(reason))"
        case MDB_CORRUPTED, MDB_PAGE_NOTFOUND:
            return "\(operation): the database file is damaged (\(reason)); restore it from a copy"
        case MDB_VERSION_MISMATCH, MDB_INVALID:
            return "\(operation): not an LMDB file of a version this build can read (\(reason))"
        case MDB_READERS_FULL:
            return "\(operation): too many concurrent readers (\(reason))"
        default:
            return "\(operation): \(reason)"
        }
    }

    public static func == (lhs: LMDBError, rhs: LMDBError) -> Bool { lhs.code == rhs.code }
}

/// The one place where LMDB's return codes become Swift errors.
@inline(__always)
func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(LMDBError) {
    guard code != MDB_SUCCESS else { return }
    // EINVAL from a well-formed call means we passed a bad handle: a bug here, not a condition to handle.
    precondition(code != MDB_BAD_TXN && code != MDB_BAD_DBI, "LMDB misuse in \(operation()): \(String(cString: mdb_strerror(code)))")
    throw LMDBError(code: code, operation: operation())
}
