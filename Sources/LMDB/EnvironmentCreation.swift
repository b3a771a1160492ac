#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A new environment is created under a marker file, so that a crash while creating it never leaves one that
/// cannot open.
///
/// LMDB writes a new data file's first pages before its first commit syncs them: a crash then can leave a
/// data.mdb that no open accepts. So the marker `being-created` is made durable first, and removed (durably) only
/// once the owner's first commit is on disk. An environment found with the marker held nothing its owner ever
/// relied on, and the next `begin` creates it again. The ledger and the vault's index are created so.
public enum EnvironmentCreation {
    public static let markerName = "being-created"

    /// Whether a creation in `path` started and did not finish.
    public static func isUnfinished(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path + "/" + markerName)
    }

    /// Before LMDB opens `path`: whether the environment is to be created now. An unfinished creation's files
    /// are removed first.
    public static func begin(_ path: String) throws(LMDBError) -> Bool {
        let marker = path + "/" + markerName
        if isUnfinished(path) {
            for name in ["data.mdb", "lock.mdb"] where unlink(path + "/" + name) != 0 && errno != ENOENT {
                throw LMDBError(code: errno, operation: "remove \(path)/\(name), left by a creation that did not finish")
            }
            return true
        }
        guard !FileManager.default.fileExists(atPath: path + "/data.mdb") else { return false }
        let descriptor = open(marker, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw LMDBError(code: errno, operation: "create \(marker)") }
        let synced = fsync(descriptor) == 0
        let code = errno
        close(descriptor)
        guard synced else { throw LMDBError(code: code, operation: "fsync of \(marker)") }
        try syncDirectory(path)
        return true
    }

    /// Once the new environment's first commit is durable: removes the marker, durably.
    public static func finish(_ path: String) throws(LMDBError) {
        guard unlink(path + "/" + markerName) == 0 else { throw LMDBError(code: errno, operation: "remove \(path)/\(markerName)") }
        try syncDirectory(path)
    }

    /// Makes a directory's entries durable: a file created in it survives a crash only once its directory is
    /// synced. LMDB syncs the data file's contents, never the directory that names it.
    public static func syncDirectory(_ path: String) throws(LMDBError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw LMDBError(code: errno, operation: "open the directory \(path) to sync it") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw LMDBError(code: errno, operation: "fsync of the directory \(path)") }
    }
}
