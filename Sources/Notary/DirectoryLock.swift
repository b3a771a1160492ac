#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on a file in a state folder, held for one step: processes sharing the folder (a
/// `witness serve` and a `witness add-checkpoint`) take turns, as threads of one process do under a mutex. The
/// kernel drops it when its holder ends, however it ends.
enum DirectoryLock {
    /// Runs `body` holding the lock on `path`, waiting for another holder to finish.
    static func exclusively<R>(_ path: String, _ body: () throws -> R) throws -> R {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw DirectoryLockError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw DirectoryLockError(path: path, reason: String(cString: strerror(errno))) }
        }
        defer { _ = flock(descriptor, LOCK_UN) }
        return try body()
    }
}

/// A state folder's lock could not be taken.
struct DirectoryLockError: Error, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "cannot lock \(path): \(reason)" }
}
