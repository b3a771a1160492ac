#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file that holds the secret keys: 32 bytes a slot, slot n at offset 32·n. Erasing a key overwrites its
/// slot with zeros in place and syncs, so no copy of it survives in the file — unlike a value deleted from a
/// copy-on-write store such as LMDB, whose old pages linger until reused.
final class KeySlots {
    static let keySize = 32
    /// The most slots a vault holds (32 TiB of keys): a slot beyond is refused, never turned into a file offset.
    static let slotsMax: UInt64 = 1 << 40
    private let descriptor: Int32
    let path: String

    init(path: String) throws(VaultError) {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .storage("cannot open \(path): \(String(cString: strerror(errno)))") }
        self.path = path
    }

    deinit { close(descriptor) }

    var slotCount: UInt64 {
        var status = stat()
        fstat(descriptor, &status)
        return UInt64(status.st_size) / UInt64(Self.keySize)
    }

    func read(_ slot: UInt64) throws(VaultError) -> [UInt8] {
        var key = [UInt8](repeating: 0, count: Self.keySize)
        let count = key.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, Self.keySize, off_t(slot) * off_t(Self.keySize)) }
        guard count == Self.keySize else { throw .storage("cannot read key slot \(slot) of \(path)") }
        return key
    }

    /// Writes each key into its slot, then waits once until they are all on disk.
    func write(_ keys: [(slot: UInt64, key: [UInt8])]) throws(VaultError) {
        for (slot, key) in keys {
            precondition(key.count == Self.keySize)
            let count = key.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, Self.keySize, off_t(slot) * off_t(Self.keySize)) }
            guard count == Self.keySize else { throw .storage("cannot write key slot \(slot) of \(path): \(String(cString: strerror(errno)))") }
        }
        guard fdatasync(descriptor) == 0 else { throw .storage("cannot sync \(path): \(String(cString: strerror(errno)))") }
    }

    /// Writes `key` into `slot` and waits until it is on disk.
    func write(_ key: [UInt8], to slot: UInt64) throws(VaultError) {
        precondition(key.count == Self.keySize)
        let count = key.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, Self.keySize, off_t(slot) * off_t(Self.keySize)) }
        guard count == Self.keySize, fdatasync(descriptor) == 0 else {
            throw .storage("cannot write key slot \(slot) of \(path): \(String(cString: strerror(errno)))")
        }
    }
}
