#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The one writer of a ledger: an exclusive `flock` on `DIR/writer.lock`, which names the process holding it by
/// its id and a name (a program and its command), never by its arguments: a command line may carry a bearer
/// token, and the file stays after the process ends.
///
/// LMDB serialises write transactions, but two processes appending to one ledger would each keep their own
/// group commit, head signal and vault slots. The kernel drops the lock when its process ends, however it ends,
/// so a crash never leaves a ledger locked.
final class WriterLock: Sendable {
    private let descriptor: Int32

    init(directory: String, name: String?) throws(LedgerError) {
        let path = directory + "/writer.lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .notALedger(directory: directory, reason: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.holder(descriptor)
            close(descriptor)
            throw .heldByAnotherWriter(directory: directory, holder: holder)
        }
        let program = CommandLine.arguments.first.map { String($0.split(separator: "/").last ?? "") } ?? ""
        let me = "pid \(getpid()): \(name ?? program)\n"
        _ = ftruncate(descriptor, 0)
        _ = me.utf8CString.withUnsafeBufferPointer { pwrite(descriptor, $0.baseAddress, $0.count - 1, 0) }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Lets another writer in (unlocking twice is harmless); the descriptor is closed with the lock object.
    func release() {
        _ = flock(descriptor, LOCK_UN)
    }

    /// What the holder wrote of itself, on one line.
    private static func holder(_ descriptor: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        let text = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "another process" : text
    }
}
