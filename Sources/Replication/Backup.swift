import Domain
public import Foundation
public import Ledger
import Notary
import Transparency
import Vault

/// Backups of a ledger and what a restore needs besides its records: the vault's keys and the checkpoints signed
/// (docs/OPERATIONS.md, "Backups"). The read models are not backed up: they are rebuilt from the log.
///
/// A backup folder grows with the log: each backup adds a segment of the records after the last one backed up
/// (the log only grows, which each backup checks), and writes the vault and the checkpoints afresh. Every file is
/// synced before the manifest that names it replaces the one before.
public enum Backup {
    /// What a backup wrote.
    public struct Taken: Sendable, Equatable {
        public var records: UInt64
        /// Records written by this backup; the others were backed up before.
        public var added: UInt64
        public var slots: Int
        public var checkpoints: Int
        public var head: String
        public var root: String
    }

    /// Backs up the ledger in `directory`, open as `ledger` (read-only will do, while `serve` writes it), into the
    /// folder `destination`; `progress` is told the records written and the records to write.
    public static func take(ledger: Ledger, directory: String, into destination: String, now: Date = Date(),
                            progress: (UInt64, UInt64) -> Void = { _, _ in }) throws(BackupError) -> Taken {
        do { try FileManager.default.createDirectory(atPath: destination + "/records", withIntermediateDirectories: true) } catch {
            throw .storage("cannot create \(destination)/records: \(error.localizedDescription)")
        }
        let previous = try BackupManifest.load(from: destination)
        // The checkpoints first: every one signed so far is of a tree no larger than the head read next.
        let (signed, superseded) = try checkpoints(of: directory)
        let head = try reading { () throws(LedgerError) in try ledger.head() }
        // The vault after the head: every key the records need was kept before they were appended.
        let vault: (keys: [MirroredKey], erased: [String])
        do { vault = try PersonalDataVault.export(directory: directory + "/vault") } catch { throw .storage("\(error)") }
        var segments = previous?.segments ?? []
        let from = previous?.records ?? 0
        if let previous {
            guard previous.records <= head.position else {
                throw .refused("\(destination) holds \(previous.records) records of a log, and \(directory) holds \(head.position): it is not that log, or it was cut back")
            }
            let record = previous.records == 0 ? nil : try reading { () throws(LedgerError) in try ledger.recordBytes(at: previous.records) }
            let held = record?.withUnsafeBytes { (try? RecordView(parsing: $0))?.chainHash.hex }
            guard previous.records == 0 || held == previous.head else {
                throw .refused("record \(previous.records) of \(directory) has chain hash \(held ?? "none"), the backup in \(destination) \(previous.head): it is a backup of another log, or this log was altered")
            }
        }
        if head.position > from {
            let name = String(format: "records/%012llu-%012llu.bin", from + 1, head.position)
            let writer = try DurableWriter(path: destination + "/" + name)
            var written: UInt64 = 0
            do {
                try ledger.scan(from: from + 1) { view in
                    guard view.position <= head.position else { return false }
                    try writer.write(withUnsafeBytes(of: UInt32(view.bytes.count).bigEndian, Array.init))
                    try writer.write(view.bytes)
                    written += 1
                    if written % 8_192 == 0 { progress(written, head.position - from) }
                    return true
                }
            } catch let error as BackupError {
                throw error
            } catch {
                throw .storage("cannot read the log in \(directory): \(error)")
            }
            guard written == head.position - from else { throw .storage("read \(written) records of \(directory) after \(from), not \(head.position - from)") }
            let digest = try writer.finish()
            segments.append(.init(file: name, first: from + 1, last: head.position, bytes: writer.bytes, sha256: digest))
            progress(written, written)
        }
        let root = try reading { () throws(LedgerError) in try ledger.treeRoot(size: head.position).root }
        let stamp = String(format: "%012llu-%lld", head.position, Int64(now.timeIntervalSince1970))
        let vaultPart = try write(BackupFiles.vault(vault.keys, erased: vault.erased), to: destination, name: "vault-\(stamp).bin", count: UInt64(vault.keys.count))
        let notes = try write(BackupFiles.checkpoints(signed: signed, superseded: superseded), to: destination, name: "checkpoints-\(stamp).bin",
                              count: UInt64(signed.count + superseded.count))
        let manifest = BackupManifest(format: BackupManifest.format, records: head.position, head: head.position == 0 ? "" : head.hash.hex,
                                      root: root.base64, takenAt: Int64(now.timeIntervalSince1970), segments: segments, vault: vaultPart, checkpoints: notes)
        try manifest.save(in: destination)
        // The vault and checkpoints of earlier backups: replaced, and an erased key is not to linger in them.
        for file in [previous?.vault.file, previous?.checkpoints.file].compactMap({ $0 }) where file != vaultPart.file && file != notes.file {
            try? FileManager.default.removeItem(atPath: destination + "/" + file)
        }
        return Taken(records: head.position, added: head.position - from, slots: vault.keys.count, checkpoints: signed.count + superseded.count,
                     head: manifest.head, root: manifest.root)
    }

    private static func write(_ bytes: [UInt8], to destination: String, name: String, count: UInt64) throws(BackupError) -> BackupManifest.Part {
        let writer = try DurableWriter(path: destination + "/" + name)
        try writer.write(bytes)
        let digest = try writer.finish()
        return .init(file: name, count: count, bytes: writer.bytes, sha256: digest)
    }

    private static func checkpoints(of directory: String) throws(BackupError) -> (signed: [(size: UInt64, note: String)], superseded: [(size: UInt64, note: String)]) {
        guard FileManager.default.fileExists(atPath: directory + "/checkpoints/data.mdb") else { return ([], []) }
        do {
            let archive = try CheckpointArchive(directory: directory)
            func sized(_ notes: [SignedNote]) throws -> [(size: UInt64, note: String)] {
                try notes.map { (try Checkpoint(text: $0.text).size, $0.serialized) }
            }
            return (try sized(archive.all()), try sized(archive.superseded()))
        } catch {
            throw .storage("cannot read the checkpoints of \(directory): \(error)")
        }
    }

    static func reading<R>(_ body: () throws(LedgerError) -> R) throws(BackupError) -> R {
        do { return try body() } catch { throw .storage("the ledger: \(error)") }
    }
}
