#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A new ledger is created under a marker file, so that a crash while creating it never leaves one that cannot open.
///
/// LMDB writes a new data file's first pages before its first commit syncs them: a crash then can leave a
/// data.mdb that no open accepts. So the marker `being-created` is made durable first, and removed (durably)
/// only once the first commit is on disk. A ledger found with the marker held nothing ever acknowledged (no
/// append is taken before creation ends), and the next open for writing creates it again.
enum LedgerCreation {
    static let markerName = "being-created"

    /// Whether a creation in `path` started and did not finish.
    static func isUnfinished(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path + "/" + markerName)
    }

    /// With the writer lock held, before LMDB opens: whether the ledger is to be created now. An unfinished
    /// creation's files are removed first.
    static func begin(_ path: String) throws(LedgerError) -> Bool {
        let marker = path + "/" + markerName
        if isUnfinished(path) {
            for name in ["data.mdb", "lock.mdb"] where unlink(path + "/" + name) != 0 && errno != ENOENT {
                throw .storage("cannot remove \(path)/\(name), left by a creation that did not finish: \(String(cString: strerror(errno)))")
            }
            return true
        }
        guard !FileManager.default.fileExists(atPath: path + "/data.mdb") else { return false }
        let descriptor = open(marker, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .storage("cannot create \(marker): \(String(cString: strerror(errno)))") }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard synced else { throw .syncFailed("fsync of \(marker): \(String(cString: strerror(errno)))") }
        try syncDirectory(path)
        return true
    }

    /// Once the new ledger's first commit is durable: removes the marker, durably, and makes the directory's
    /// own name durable when this open created it.
    static func finish(_ path: String, createdDirectory: Bool) throws(LedgerError) {
        guard unlink(path + "/" + markerName) == 0 else {
            throw .storage("cannot remove \(path)/\(markerName): \(String(cString: strerror(errno)))")
        }
        try syncDirectory(path)
        if createdDirectory { try syncDirectory(URL(fileURLWithPath: path).deletingLastPathComponent().path) }
    }
}
