import Domain
import Foundation
import Ledger
import Notary
@testable import Replication
import Testing
import TestSupport
import Transparency
import Vault

/// Backups: the log as stored, the vault's keys and the checkpoints, added to as the log grows; a restore that
/// verifies every file, the chain and the tree, refuses anything else and leaves nothing, and applies every erasure
/// the log records.
@Suite struct BackupTests {
    struct Primary {
        let ledger: Ledger
        let vault: PersonalDataVault
        let setup: StandbyTests.Setup

        init() throws {
            setup = try StandbyTests.Setup()
            ledger = setup.primary.ledger
            vault = setup.stream.vault
        }

        var directory: String { setup.primaryDirectory.path }

        func sign() throws -> SignedNote {
            try CheckpointNotary(ledger: ledger, signer: ReplicatorTests.signer, archive: CheckpointArchive(directory: directory)).checkpoint()
        }
    }

    static func take(_ primary: Primary, into folder: String) throws -> Backup.Taken {
        try Backup.take(ledger: primary.ledger, directory: primary.directory, into: folder)
    }

    @Test func aBackupGrowsWithTheLogAndRestoresItsRecordsKeysAndCheckpoints() async throws {
        let primary = try Primary()
        let kept = try await primary.setup.receive("person-a", name: "张三")
        let gone = try await primary.setup.receive("person-b", name: "李四")
        try await ReplicatorTests.fill(primary.ledger, 30)
        let first = try primary.sign()
        let backups = try TemporaryDirectory()
        let taken = try Self.take(primary, into: backups.path)
        #expect(taken.added == taken.records && taken.slots == 2 && taken.checkpoints == 1)

        // The log grows and a person is erased: the next backup adds a segment, and keeps no key of theirs.
        try await ReplicatorTests.fill(primary.ledger, 10, from: 30)
        try await primary.setup.erase("person-b")
        let last = try primary.sign()
        let again = try Self.take(primary, into: backups.path)
        #expect(again.added == again.records - taken.records && again.checkpoints == 2)
        let manifest = try #require(try BackupManifest.load(from: backups.path))
        #expect(manifest.segments.map(\.first) == [1, taken.records + 1])
        #expect(try FileManager.default.contentsOfDirectory(atPath: backups.path).filter { $0.hasPrefix("vault-") } == [manifest.vault.file])

        let target = try TemporaryDirectory()
        let restored = try await Backup.restore(from: backups.path, into: target.path + "/ledger", extending: (last, ReplicatorTests.signer.verifier))
        #expect(restored.records == again.records && restored.root == again.root && restored.checkpoints == 2)
        let ledger = try Ledger(directory: target.path + "/ledger")
        #expect(try ReplicatorTests.records(ledger) == ReplicatorTests.records(primary.ledger))
        #expect(try ledger.verify().records == again.records)
        ledger.close()
        let vault = try PersonalDataVault(directory: target.path + "/ledger/vault")
        #expect(try vault.open(kept) == "张三")
        #expect(throws: VaultError.erased(subject: "person-b")) { try vault.open(gone) }
        let archive = try CheckpointArchive(directory: target.path + "/ledger")
        #expect(try archive.all().map(\.serialized) == [first.serialized, last.serialized])
    }

    @Test func aBackupThatDoesNotVerifyRestoresNothing() async throws {
        let primary = try Primary()
        _ = try await primary.setup.receive("person-a", name: "张三")
        try await ReplicatorTests.fill(primary.ledger, 30)
        let backups = try TemporaryDirectory()
        _ = try Self.take(primary, into: backups.path)
        var manifest = try #require(try BackupManifest.load(from: backups.path))
        let segment = backups.path + "/" + manifest.segments[0].file
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: segment)))
        bytes[bytes.count - 40] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: segment))
        let target = try TemporaryDirectory()
        let into = target.path + "/ledger"
        await #expect { _ = try await Backup.restore(from: backups.path, into: into) } throws: { error in
            guard case .doesNotVerify(let reason)? = error as? BackupError else { return false }
            return reason.contains("has SHA-256") && reason.contains(manifest.segments[0].file)
        }
        // With the manifest made to match, the chain refuses it: a record does not follow the one before.
        manifest.segments[0].sha256 = try BackupReading.sha256(of: segment).digest
        try manifest.save(in: backups.path)
        await #expect { _ = try await Backup.restore(from: backups.path, into: into) } throws: { error in
            guard case .doesNotVerify(let reason)? = error as? BackupError else { return false }
            return reason.contains("chain hash") || reason.contains("refused")
        }
        #expect(!FileManager.default.fileExists(atPath: into))

        // A checkpoint signed beyond what the backup holds, or over another history, is not extended by it.
        let fresh = try TemporaryDirectory()
        _ = try Self.take(primary, into: fresh.path)
        try await ReplicatorTests.fill(primary.ledger, 3, from: 30)
        let beyond = try primary.sign()
        await #expect { _ = try await Backup.restore(from: fresh.path, into: into, extending: (beyond, ReplicatorTests.signer.verifier)) } throws: { error in
            "\(error)".contains("fewer than the")
        }
        let other = Checkpoint(origin: ReplicatorTests.signer.name, size: 5, root: .emptyTree).text
        let forged = SignedNote(text: other, signatures: [try ReplicatorTests.signer.sign(other)])
        await #expect { _ = try await Backup.restore(from: fresh.path, into: into, extending: (forged, ReplicatorTests.signer.verifier)) } throws: { error in
            "\(error)".contains("does not extend that checkpoint")
        }
        #expect(!FileManager.default.fileExists(atPath: into))
    }

    @Test func aBackupOfAnotherLogIsRefusedAndAnOldVaultBringsNoErasedPersonBack() async throws {
        let primary = try Primary()
        let gone = try await primary.setup.receive("person-b", name: "李四")
        let backups = try TemporaryDirectory()
        _ = try Self.take(primary, into: backups.path)
        let before = try #require(try BackupManifest.load(from: backups.path))
        let oldVault = Array(try Data(contentsOf: URL(fileURLWithPath: backups.path + "/" + before.vault.file)))

        let stranger = try Primary()
        try await ReplicatorTests.fill(stranger.ledger, 5)
        #expect(throws: BackupError.self) { _ = try Self.take(stranger, into: backups.path) }

        // The log records the erasure; the vault file put back is one from before it.
        try await primary.setup.erase("person-b")
        _ = try Self.take(primary, into: backups.path)
        var manifest = try #require(try BackupManifest.load(from: backups.path))
        try Data(oldVault).write(to: URL(fileURLWithPath: backups.path + "/" + manifest.vault.file))
        manifest.vault.sha256 = try BackupReading.sha256(of: backups.path + "/" + manifest.vault.file).digest
        manifest.vault.bytes = UInt64(oldVault.count)
        try manifest.save(in: backups.path)
        let target = try TemporaryDirectory()
        let restored = try await Backup.restore(from: backups.path, into: target.path + "/ledger")
        #expect(restored.erased == 1)
        let vault = try PersonalDataVault(directory: target.path + "/ledger/vault")
        #expect(throws: VaultError.erased(subject: "person-b")) { try vault.open(gone) }
    }

    @Test func aCraftedManifestOrFileIsRefusedNamingWhatIsWrong() throws {
        let part = BackupManifest.Part(file: "vault.bin", count: 0, bytes: 0, sha256: "")
        let good = BackupManifest(format: BackupManifest.format, records: 5, head: "", root: "", takenAt: 0,
                                  segments: [.init(file: "records/a.bin", first: 1, last: 5, bytes: 0, sha256: "")], vault: part, checkpoints: part)
        func read(_ manifest: BackupManifest) throws -> BackupManifest { try BackupManifest.read(try JSONEncoder().encode(manifest), path: "m.json") }
        #expect(try read(good) == good)
        var last = good
        last.segments = [.init(file: "records/a.bin", first: 1, last: .max, bytes: 0, sha256: ""), .init(file: "records/b.bin", first: 0, last: 1, bytes: 0, sha256: "")]
        last.records = .max
        #expect(throws: BackupError.self) { try read(last) }
        for file in ["../outside.bin", "/etc/passwd", "", "records/../../x", String(repeating: "x", count: 4 << 20)] {
            var outside = good
            outside.vault.file = file
            #expect(throws: BackupError.self, "\(file.prefix(20))") { try read(outside) }
            outside = good
            outside.segments[0].file = file
            #expect(throws: BackupError.self, "\(file.prefix(20))") { try read(outside) }
        }
        var counted = good
        counted.records = 6
        #expect(throws: BackupError.notABackup("m.json: its segments hold 5 records, it says 6")) { try read(counted) }
        #expect(throws: BackupError.self) { try BackupManifest.read(Data(repeating: 0x20, count: 4 << 20), path: "m.json") }

        // The vault file: a subject past its bound, a key without a subject, a count past what it holds.
        var vault = BackupFiles.vault([MirroredKey(slot: 0, subject: String(repeating: "s", count: 201), key: nil)], erased: [])
        #expect(throws: BackupError.doesNotVerify("the vault file: slot 0's subject is 201 bytes, more than 200")) { try BackupFiles.readVault(vault) }
        vault = BackupFiles.vault([MirroredKey(slot: 0, subject: "", key: Array(repeating: 1, count: 32))], erased: [])
        #expect(throws: BackupError.doesNotVerify("the vault file: slot 0 holds a key but names no subject")) { try BackupFiles.readVault(vault) }
        var many = BackupFiles.vaultMagic
        BinaryLayout.append(UInt64.max, to: &many)
        #expect(throws: BackupError.self) { try BackupFiles.readVault(many) }
        var notes = BackupFiles.checkpointsMagic
        BinaryLayout.append(UInt64(1), to: &notes)
        notes += [0] + Array(repeating: 0xFF, count: 8) + [0xFF, 0xFF, 0xFF, 0xFF]
        #expect(throws: BackupError.self) { try BackupFiles.readCheckpoints(notes) }
    }
}
