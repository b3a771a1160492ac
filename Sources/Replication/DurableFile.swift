import Foundation
#if canImport(Glibc)
import Glibc
import Ledger
#endif

/// Files a replica keeps beside its copy: written aside, synced, renamed over, the folder synced, so that a
/// crash leaves the old content or the new, never half.
enum DurableFile {
    static func replace(_ path: String, with bytes: [UInt8]) throws(ReplicationError) {
        let aside = path + ".new"
        let descriptor = open(aside, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("cannot write \(aside)") }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == bytes.count, synced == 0 else { throw failure("cannot write \(aside)") }
        guard rename(aside, path) == 0 else { throw failure("cannot rename \(aside) to \(path)") }
        let folder = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { throw failure("cannot open the folder of \(path)") }
        defer { close(folder) }
        guard fsync(folder) == 0 else { throw failure("cannot sync the folder of \(path)") }
    }

    static func makeFolder(_ path: String) throws(ReplicationError) {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw .ledger(.storage("cannot create \(path): \(error.localizedDescription)"))
        }
    }

    private static func failure(_ what: String) -> ReplicationError {
        .ledger(.storage("\(what): \(String(cString: strerror(errno)))"))
    }
}
