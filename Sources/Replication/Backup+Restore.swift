import Domain
import Foundation
import Ledger
import Notary
public import Transparency
import Vault

extension Backup {
    /// What a restore made.
    public struct Restored: Sendable, Equatable {
        public var records: UInt64
        public var head: String
        public var root: String
        public var slots: Int
        /// Subjects erased in the restored vault: those the backup's vault had erased, and every one the restored
        /// log records an erasure of.
        public var erased: Int
        public var checkpoints: Int
    }

    /// Restores the backup in `source` into `directory`, a new folder: a ledger, its vault and its checkpoints.
    ///
    /// Refused, with nothing left behind, when a file's digest is not the manifest's, when a record breaks the copy
    /// rule (the chain, positions, streams, commands), when the tree is not the manifest's or not that of every
    /// checkpoint kept, or, given `extending`, when the log does not extend that signed checkpoint. Every erasure
    /// the restored log records is applied to the restored vault, so that no backup brings an erased person back.
    public static func restore(from source: String, into directory: String, extending signed: (note: SignedNote, key: NoteVerifier)? = nil,
                               progress: @escaping @Sendable (UInt64, UInt64) -> Void = { _, _ in }) async throws -> Restored {
        guard let manifest = try BackupManifest.load(from: source) else {
            throw BackupError.notABackup("\(source) holds no backup (no manifest.json)")
        }
        if FileManager.default.fileExists(atPath: directory) {
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? ["?"]
            guard contents.isEmpty else { throw BackupError.refused("\(directory) is not empty: a restore makes a new ledger, in a new folder") }
        }
        // Every file as the manifest says, before anything is written.
        var files = manifest.segments.map { ($0.file, $0.sha256, $0.bytes) }
        files += [(manifest.vault.file, manifest.vault.sha256, manifest.vault.bytes), (manifest.checkpoints.file, manifest.checkpoints.sha256, manifest.checkpoints.bytes)]
        for (file, digest, bytes) in files {
            let found = try BackupReading.sha256(of: source + "/" + file)
            guard found.digest == digest, found.bytes == bytes else {
                throw BackupError.doesNotVerify("\(file) has SHA-256 \(found.digest) (\(found.bytes) bytes), the manifest says \(digest) (\(bytes) bytes)")
            }
        }
        do {
            return try await restoreVerified(manifest, from: source, into: directory, extending: signed, progress: progress)
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    private static func restoreVerified(_ manifest: BackupManifest, from source: String, into directory: String,
                                        extending signed: (note: SignedNote, key: NoteVerifier)?,
                                        progress: @escaping @Sendable (UInt64, UInt64) -> Void) async throws -> Restored {
        let ledger: Ledger
        do { ledger = try Ledger(directory: directory, options: .init()) } catch { throw BackupError.storage("cannot make a ledger in \(directory): \(error)") }
        defer { ledger.close() }
        var restored: UInt64 = 0
        for segment in manifest.segments {
            var batch: [[UInt8]] = []
            func store(_ records: [[UInt8]]) async throws {
                if case .failure(let error) = await copying(records, into: ledger) {
                    throw BackupError.doesNotVerify("\(segment.file): \(error)")
                }
                restored += UInt64(records.count)
                progress(restored, manifest.records)
            }
            // A batch ends at a command's last record: what follows it waits for the next.
            let reader = try SegmentReader(path: source + "/" + segment.file)
            while let record = try reader.next() {
                batch.append(record)
                if batch.count >= 16_384 {
                    let end = Replicator.lastCommandEnd(batch)
                    if end > 0 {
                        try await store(Array(batch[..<end]))
                        batch.removeFirst(end)
                    }
                }
            }
            if !batch.isEmpty { try await store(batch) }
            let head = try reading { () throws(LedgerError) in try ledger.head() }
            guard head.position == segment.last else {
                throw BackupError.doesNotVerify("\(segment.file) holds records to position \(head.position), the manifest says \(segment.last)")
            }
        }
        let head = try reading { () throws(LedgerError) in try ledger.head() }
        let root = try reading { () throws(LedgerError) in try ledger.treeRoot(size: head.position).root }
        guard head.position == manifest.records, manifest.records == 0 || head.hash.hex == manifest.head, root.base64 == manifest.root else {
            throw BackupError.doesNotVerify("the restored log ends at \(head.position) with chain hash \(head.hash.hex) and root \(root.base64); the manifest says \(manifest.records), \(manifest.head), \(manifest.root)")
        }
        if let signed {
            do { try signed.key.verify(signed.note) } catch { throw BackupError.doesNotVerify("the checkpoint given is not signed by \(signed.key.vkey): \(error)") }
            let checkpoint: Checkpoint
            do { checkpoint = try Checkpoint(text: signed.note.text) } catch { throw BackupError.doesNotVerify("the checkpoint given: \(error)") }
            guard checkpoint.size <= head.position else {
                throw BackupError.doesNotVerify("it holds \(head.position) records, fewer than the \(checkpoint.size) of the checkpoint given: records the log signed are missing")
            }
            let then = try reading { () throws(LedgerError) in try ledger.treeRoot(size: checkpoint.size).root }
            guard then == checkpoint.root else {
                throw BackupError.doesNotVerify("its first \(checkpoint.size) records have root \(then.base64), the checkpoint given signs \(checkpoint.root.base64): it does not extend that checkpoint")
            }
        }
        // The checkpoints kept: each must be of the restored tree.
        let notes = try BackupFiles.readCheckpoints(try contents(of: source + "/" + manifest.checkpoints.file))
        let archive: CheckpointArchive
        do { archive = try CheckpointArchive(directory: directory) } catch { throw BackupError.storage("cannot make \(directory)/checkpoints: \(error)") }
        for (superseded, size, text) in notes {
            let note: SignedNote, checkpoint: Checkpoint
            do {
                note = try SignedNote(parsing: text)
                checkpoint = try Checkpoint(text: note.text)
            } catch {
                throw BackupError.doesNotVerify("a checkpoint kept for size \(size) cannot be read: \(error)")
            }
            guard checkpoint.size == size, size <= head.position else {
                throw BackupError.doesNotVerify("a checkpoint kept for size \(size) is of size \(checkpoint.size), and the log holds \(head.position)")
            }
            let then = try reading { () throws(LedgerError) in try ledger.treeRoot(size: size).root }
            guard then == checkpoint.root else {
                throw BackupError.doesNotVerify("the checkpoint of \(size) records it keeps signs root \(checkpoint.root.base64); the restored tree's is \(then.base64)")
            }
            do { if superseded { try archive.supersede(note, size: size) } else { try archive.keep(note, size: size) } } catch {
                throw BackupError.storage("cannot keep a checkpoint in \(directory)/checkpoints: \(error)")
            }
        }
        // The vault, then every erasure the log records.
        let (keys, erasedBefore) = try BackupFiles.readVault(try contents(of: source + "/" + manifest.vault.file))
        let vault: PersonalDataVault
        do {
            vault = try PersonalDataVault(directory: directory + "/vault")
            var start = 0
            while start < keys.count {
                try vault.mirror(Array(keys[start..<min(start + 65_536, keys.count)]))
                start += 65_536
            }
            for subject in erasedBefore { try vault.eraseCopied(subject: subject) }
        } catch {
            throw BackupError.storage("cannot restore the vault into \(directory)/vault: \(error)")
        }
        var erasures: [String] = []
        do {
            try ledger.scan { view in
                if view.stream == PrivacyEvent.stream, view.type == "privacy.erased",
                   case .erased(let subject, _, _)? = try? PrivacyEvent.decode(type: view.type, schemaVersion: view.schemaVersion, Array(view.payload)) {
                    erasures.append(subject)
                }
                return true
            }
            for subject in erasures { try vault.eraseCopied(subject: subject) }
        } catch {
            throw BackupError.storage("cannot apply the log's erasures to the restored vault: \(error)")
        }
        return Restored(records: head.position, head: manifest.head, root: manifest.root, slots: keys.count,
                        erased: Set(erasedBefore + erasures).count, checkpoints: notes.count)
    }

    private static func contents(of path: String) throws(BackupError) -> [UInt8] {
        do { return Array(try Data(contentsOf: URL(fileURLWithPath: path))) } catch { throw .doesNotVerify("\(path) cannot be read: \(error)") }
    }

    /// Copies in a function that does not throw: a typed async throw caught in a throwing async function met Swift
    /// 6.3.1's task-allocator faults (see `Ledger.copy`).
    private static func copying(_ records: [[UInt8]], into ledger: Ledger) async -> Result<Ledger.Head, LedgerError> {
        do { return .success(try await ledger.copy(records, check: .recordsOnly)) } catch { return .failure(error) }
    }
}
