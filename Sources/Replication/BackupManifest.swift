import Foundation

/// A backup's table of contents, `DEST/manifest.json` (docs/OPERATIONS.md, "Backups"): what the backup holds and
/// the SHA-256 of every file, written last, synced and renamed over the one before, so that a backup cut short
/// leaves the previous one whole.
public struct BackupManifest: Codable, Equatable, Sendable {
    public static let format = "fangxin-backup/1"

    /// A file of records as stored, each behind its length (u32, big-endian): positions `first` to `last`.
    public struct Segment: Codable, Equatable, Sendable {
        public var file: String
        public var first: UInt64
        public var last: UInt64
        public var bytes: UInt64
        public var sha256: String
    }

    /// Another file of the backup: the vault's slots, or the checkpoints signed.
    public struct Part: Codable, Equatable, Sendable {
        public var file: String
        /// Slots, or checkpoints.
        public var count: UInt64
        public var bytes: UInt64
        public var sha256: String
    }

    public var format: String
    /// The records backed up: the log's first `records`.
    public var records: UInt64
    /// The chain hash of the last (hex), and the root of the tree of all of them (base64).
    public var head: String
    public var root: String
    /// When the backup was taken, in seconds since 1970.
    public var takenAt: Int64
    public var segments: [Segment]
    public var vault: Part
    public var checkpoints: Part

    static func path(in folder: String) -> String { folder + "/manifest.json" }

    static func load(from folder: String) throws(BackupError) -> BackupManifest? {
        let path = path(in: folder)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch { throw .notABackup("\(path) cannot be read: \(error)") }
        return try read(data, path: path)
    }

    /// A manifest as the JSON in `data` gives it, held to its rules: its format, segments one after the other from
    /// position 1 and as many records as it says, and every file inside the backup's folder.
    static func read(_ data: Data, path: String) throws(BackupError) -> BackupManifest {
        guard data.count <= 64 << 20 else { throw .notABackup("\(path) is \(data.count) bytes: no manifest is that large") }
        let manifest: BackupManifest
        do { manifest = try JSONDecoder().decode(BackupManifest.self, from: data) } catch {
            throw .notABackup("\(path) cannot be read as a backup's manifest: \(error)")
        }
        guard manifest.format == format else { throw .notABackup("\(path) is of format \(manifest.format), not \(format)") }
        var next: UInt64 = 1
        for segment in manifest.segments {
            let (after, overflow) = segment.last.addingReportingOverflow(1)
            guard segment.first == next, segment.last >= segment.first, !overflow, isPlain(segment.file) else {
                throw .notABackup("\(path): segment \(segment.file.prefix(200)) holds positions \(segment.first)…\(segment.last), where \(next) was next")
            }
            next = after
        }
        guard next - 1 == manifest.records else { throw .notABackup("\(path): its segments hold \(next - 1) records, it says \(manifest.records)") }
        for file in [manifest.vault.file, manifest.checkpoints.file] where !isPlain(file) {
            throw .notABackup("\(path): \(file.prefix(200)) is not a file inside the backup's folder")
        }
        return manifest
    }

    /// A file name inside the backup: no way out of it.
    static func isPlain(_ file: String) -> Bool {
        !file.isEmpty && !file.hasPrefix("/") && !file.split(separator: "/").contains("..") && file.utf8.count < 200
    }

    func save(in folder: String) throws(BackupError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        do {
            try DurableFile.replace(Self.path(in: folder), with: Array(try encoder.encode(self)) + [0x0A])
        } catch {
            throw .storage("cannot write \(Self.path(in: folder)): \(error)")
        }
    }
}

/// Why a backup or a restore failed. Nothing of a restore is left behind when it fails.
public enum BackupError: Error, Equatable, CustomStringConvertible {
    /// The folder holds no backup, or one this build cannot read.
    case notABackup(String)
    /// The backup does not verify: a file's digest, the chain, the tree, or a signed checkpoint it should extend.
    case doesNotVerify(String)
    /// The ledger is not the one backed up in the folder, or the restore's target is not empty.
    case refused(String)
    case storage(String)

    public var description: String {
        switch self {
        case .notABackup(let reason), .refused(let reason), .storage(let reason): return reason
        case .doesNotVerify(let reason): return "the backup does not verify: \(reason)"
        }
    }
}
