#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes a directory's entries durable: a file created in it survives a crash only once its directory is synced.
///
/// LMDB syncs the data file's contents, never the directory that names it; a ledger created and acknowledged
/// before its directory reached the disk could vanish whole in a power cut.
func syncDirectory(_ path: String) throws(LedgerError) {
    let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { throw .storage("cannot open the directory \(path) to sync it: \(String(cString: strerror(errno)))") }
    defer { close(descriptor) }
    guard fsync(descriptor) == 0 else { throw .syncFailed("fsync of the directory \(path): \(String(cString: strerror(errno)))") }
}
