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
}
