import Crypto
import Foundation
import Transparency
import Vault
#if canImport(Glibc)
import Glibc
#endif

/// The files of a backup besides its manifest (docs/OPERATIONS.md, "Backups"), every integer big-endian:
///
/// - a segment: records as stored, each behind its length (u32);
/// - the vault: `fangxin-vault/1\n` ‖ u64 slots ‖ each slot: u16 subject length ‖ subject ‖ u8 kind (1: a key of
///   32 bytes follows) ‖ u64 subjects erased ‖ each: u16 length ‖ subject;
/// - the checkpoints: `fangxin-checkpoints/1\n` ‖ u64 count ‖ each: u8 kind (0 signed, 1 superseded by a rotated
///   key) ‖ u64 tree size ‖ u32 length ‖ the signed note.
enum BackupFiles {
    static let vaultMagic = Array("fangxin-vault/1\n".utf8)
    static let checkpointsMagic = Array("fangxin-checkpoints/1\n".utf8)

    static func vault(_ keys: [MirroredKey], erased: [String]) -> [UInt8] {
        var bytes = vaultMagic
        BinaryLayout.append(UInt64(keys.count), to: &bytes)
        for key in keys { BinaryLayout.append(key, to: &bytes) }
        BinaryLayout.append(UInt64(erased.count), to: &bytes)
        for subject in erased {
            BinaryLayout.append(UInt16(subject.utf8.count), to: &bytes)
            bytes += subject.utf8
        }
        return bytes
    }

    static func readVault(_ bytes: [UInt8]) throws(BackupError) -> (keys: [MirroredKey], erased: [String]) {
        var reader = try reader(bytes, "the vault file", magic: vaultMagic)
        let count = try reader.integer(UInt64.self, "the slot count")
        var keys: [MirroredKey] = []
        var slot: UInt64 = 0
        while slot < count {
            keys.append(try reader.key(slot: slot, index: slot))
            slot += 1
        }
        var erased: [String] = []
        for index in 0..<(try reader.integer(UInt64.self, "the count of subjects erased")) {
            erased.append(try reader.text(Int(try reader.integer(UInt16.self, "erased subject \(index)'s length")), "erased subject \(index)"))
        }
        guard reader.atEnd else { throw .doesNotVerify("the vault file has \(bytes.count - reader.offset) bytes after its end") }
        return (keys, erased)
    }

    static func checkpoints(signed: [(size: UInt64, note: String)], superseded: [(size: UInt64, note: String)]) -> [UInt8] {
        var bytes = checkpointsMagic
        BinaryLayout.append(UInt64(signed.count + superseded.count), to: &bytes)
        for (kind, notes) in [(UInt8(0), signed), (1, superseded)] {
            for (size, note) in notes {
                bytes.append(kind)
                BinaryLayout.append(size, to: &bytes)
                BinaryLayout.append(UInt32(note.utf8.count), to: &bytes)
                bytes += note.utf8
            }
        }
        return bytes
    }

    static func readCheckpoints(_ bytes: [UInt8]) throws(BackupError) -> [(superseded: Bool, size: UInt64, note: String)] {
        var reader = try reader(bytes, "the checkpoints file", magic: checkpointsMagic)
        var notes: [(superseded: Bool, size: UInt64, note: String)] = []
        for index in 0..<(try reader.integer(UInt64.self, "the checkpoint count")) {
            let kind = try reader.integer(UInt8.self, "checkpoint \(index)'s kind")
            guard kind <= 1 else { throw .doesNotVerify("the checkpoints file holds a note of kind \(kind)") }
            let size = try reader.integer(UInt64.self, "checkpoint \(index)'s size")
            notes.append((kind == 1, size, try reader.text(Int(try reader.integer(UInt32.self, "checkpoint \(index)'s length")), "checkpoint \(index)")))
        }
        guard reader.atEnd else { throw .doesNotVerify("the checkpoints file has \(bytes.count - reader.offset) bytes after its end") }
        return notes
    }

    private static func reader(_ bytes: [UInt8], _ what: String, magic: [UInt8]) throws(BackupError) -> BinaryLayout.Reader<BackupError> {
        guard bytes.starts(with: magic) else { throw .doesNotVerify("\(what) does not begin with \(String(decoding: magic.dropLast(), as: UTF8.self))") }
        return BinaryLayout.Reader(bytes: bytes, offset: magic.count, cutShort: { .doesNotVerify("\(what) ends inside \($0), at byte \($1)") },
                                   refused: { .doesNotVerify("\(what): \($0)") })
    }
}

/// A file written in pieces, hashed as it goes, and synced with its folder before it counts.
final class DurableWriter {
    private let descriptor: Int32
    let path: String
    private var hasher = SHA256()
    private var buffer: [UInt8] = []
    private(set) var bytes: UInt64 = 0

    init(path: String) throws(BackupError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .storage("cannot write \(path): \(String(cString: strerror(errno)))") }
        buffer.reserveCapacity(1 << 20)
    }

    deinit { close(descriptor) }

    func write(_ piece: some Collection<UInt8>) throws(BackupError) {
        buffer.append(contentsOf: piece)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws(BackupError) {
        guard !buffer.isEmpty else { return }
        hasher.update(data: buffer)
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            guard written > 0 else { throw .storage("cannot write \(path): \(String(cString: strerror(errno)))") }
            offset += written
        }
        bytes += UInt64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Syncs the file and its folder; returns its SHA-256, hex.
    func finish() throws(BackupError) -> String {
        try flush()
        guard fsync(descriptor) == 0 else { throw .storage("cannot sync \(path): \(String(cString: strerror(errno)))") }
        let folder = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// Reads a backup's file in pieces, and its SHA-256.
enum BackupReading {
    static func sha256(of path: String) throws(BackupError) -> (digest: String, bytes: UInt64) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .doesNotVerify("\(path) is missing") }
        defer { try? handle.close() }
        var hasher = SHA256()
        var bytes: UInt64 = 0
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 4 << 20) ?? Data() } catch { throw .storage("cannot read \(path): \(error)") }
            if chunk.isEmpty { break }
            hasher.update(data: chunk)
            bytes += UInt64(chunk.count)
        }
        return (hasher.finalize().map { String(format: "%02x", $0) }.joined(), bytes)
    }

}

/// The records of a segment, one at a time, read in pieces of 4 MiB.
final class SegmentReader {
    private let handle: FileHandle
    let path: String
    private var pending: [UInt8] = []
    private var offset = 0
    private var ended = false

    init(path: String) throws(BackupError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .doesNotVerify("\(path) is missing") }
        self.handle = handle
        self.path = path
    }

    deinit { try? handle.close() }

    /// The next record; nil at the end of the file.
    func next() throws(BackupError) -> [UInt8]? {
        guard try fill(4) else {
            guard pending.count == offset else { throw .doesNotVerify("\(path) ends inside a record's length") }
            return nil
        }
        let length = pending[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        offset += 4
        guard length <= StandbyFrame.recordBytesMax, try fill(length) else {
            throw .doesNotVerify("\(path) ends inside a record of \(length) bytes")
        }
        defer { offset += length }
        return Array(pending[offset..<offset + length])
    }

    private func fill(_ count: Int) throws(BackupError) -> Bool {
        while pending.count - offset < count && !ended {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 4 << 20) ?? Data() } catch { throw .storage("cannot read \(path): \(error)") }
            if chunk.isEmpty {
                ended = true
            } else {
                pending.removeFirst(offset)
                offset = 0
                pending += chunk
            }
        }
        return pending.count - offset >= count
    }
}
