import Domain
import Foundation
import Ledger
@testable import Replication
import Synchronization
import Testing
import TestSupport
import Transparency
import Vault

/// `Standby`: a primary's records and its vault's keys copied append by append, erasures applied before the
/// records that carry them are stored, and the tree checked against the primary's next checkpoint.
@Suite struct StandbyTests {
    static let actor = Actor(id: "clerk-7", role: "regulator")

    struct Setup {
        let primaryDirectory = try! TemporaryDirectory()
        let standbyDirectory = try! TemporaryDirectory()
        let primary: PrimaryDouble
        let stream: StandbyDouble
        let copy: Ledger
        let copyVault: PersonalDataVault

        init() throws {
            let ledger = try Ledger(directory: primaryDirectory.path)
            primary = PrimaryDouble(ledger: ledger, signer: ReplicatorTests.signer)
            stream = StandbyDouble(ledger: ledger, vault: try PersonalDataVault(directory: primaryDirectory.path + "/vault"))
            copy = try Ledger(directory: standbyDirectory.path + "/copy")
            copyVault = try PersonalDataVault(directory: standbyDirectory.path + "/copy/vault")
        }

        func replicator() throws -> Replicator {
            try Replicator(ledger: copy, source: primary, primary: "http://primary.test", log: ReplicatorTests.signer.verifier, standby: true)
        }

        var standby: Standby { Standby(ledger: copy, vault: copyVault, source: stream) }

        /// Records a complaint naming `subject`, its name sealed with the primary's vault, as a command would.
        func receive(_ subject: String, name: String) async throws -> SealedPersonalData {
            let sealed = try stream.vault.seal(name, for: subject)
            try stream.vault.keep([sealed])
            _ = try await primary.ledger.append(Append(stream: "complaint-\(subject)", commandID: "receive-\(subject)", actor: StandbyTests.actor, events: [
                NewEvent(type: "thing.happened", occurredAt: Timestamp(rawValue: 1_700_000_000_000_000), payload: sealed.box),
            ]))
            return sealed
        }

        func erase(_ subject: String) async throws {
            try stream.vault.erase(subject: subject)
            let event = PrivacyEvent.erased(subject: subject, on: CivilDate("2026-12-01")!, reason: "本人申请")
            _ = try await primary.ledger.append(Append(stream: PrivacyEvent.stream, commandID: "erase-\(subject)", actor: StandbyTests.actor, events: [
                NewEvent(type: event.type, occurredAt: Timestamp(rawValue: 1_700_000_000_000_000), payload: event.encoded()),
            ]))
        }
    }

    @Test func aStandbyHoldsTheRecordsAndTheKeysAndNoKeyTheLogErased() async throws {
        let setup = try Setup()
        _ = try setup.replicator()
        let kept = try await setup.receive("person-a", name: "张三")
        let gone = try await setup.receive("person-b", name: "李四")
        try await ReplicatorTests.fill(setup.primary.ledger, 20)
        let first = try await setup.standby.step(waitMilliseconds: 0)
        let records = try setup.primary.ledger.treeSize()
        #expect(first.copied == Int(records) && first.keys == 2)
        #expect(try setup.copyVault.open(kept) == "张三" && setup.copyVault.open(gone) == "李四")

        // The erasure is copied: the key goes at once, and so does the primary's slot of it.
        try await setup.erase("person-b")
        let second = try await setup.standby.step(waitMilliseconds: 0)
        let size = try setup.primary.ledger.treeSize()
        #expect(second.copied == 1 && second.head.position == size)
        #expect(throws: VaultError.erased(subject: "person-b")) { try setup.copyVault.open(gone) }
        #expect(try setup.copyVault.open(kept) == "张三")
        #expect(try ReplicatorTests.records(setup.copy) == ReplicatorTests.records(setup.primary.ledger))
        // What each ask said it held: nothing, then all of the first step.
        #expect(setup.stream.reported.withLock { $0 } == [0, first.head.position])

        // A standby that first meets a subject after its erasure never gets its key.
        let late = try Setup()
        _ = try late.replicator()
        let sealed = try await late.receive("person-c", name: "王五")
        try await late.erase("person-c")
        _ = try await late.standby.step(waitMilliseconds: 0)
        #expect(throws: VaultError.erased(subject: "person-c")) { try late.copyVault.open(sealed) }
        #expect(try late.copyVault.isErased("person-c"))

        // The checkpoint then signed is the copy's tree: it is complete, and served.
        let progress = try await setup.replicator().verifyStandby()
        #expect(progress.primarySize == second.head.position)
        let state = try #require(try ReplicaState.load(ledger: setup.copy.directory))
        #expect(state.complete != nil && state.complete == state.checkpoint)
    }

    @Test func aStreamedRecordOffTheChainIsRefusedAndKeptAsEvidence() async throws {
        let setup = try Setup()
        _ = try setup.replicator()
        try await ReplicatorTests.fill(setup.primary.ledger, 10)
        _ = try await setup.standby.step(waitMilliseconds: 0)
        let held = try setup.copy.head()
        try await ReplicatorTests.fill(setup.primary.ledger, 5, from: 10)
        setup.stream.tamperRecords { position, record in
            guard position == held.position + 2 else { return record }
            var changed = record
            changed[changed.count - 40] ^= 1
            return changed
        }
        await #expect {
            _ = try await setup.standby.step(waitMilliseconds: 0)
        } throws: { error in
            guard case .contradiction(let reason, let evidence)? = error as? ReplicationError else { return false }
            return reason.contains("were refused") && FileManager.default.fileExists(atPath: evidence + "/records.bin")
        }
        #expect(try setup.copy.head() == held)
    }

    @Test func aCheckpointOtherThanTheStreamedRecordsIsAContradiction() async throws {
        let setup = try Setup()
        _ = try setup.replicator()
        try await ReplicatorTests.fill(setup.primary.ledger, 10)
        _ = try await setup.standby.step(waitMilliseconds: 0)
        let size = try setup.copy.treeSize()
        // The primary signs a tree of as many records with another root: not the records it streamed.
        let text = Checkpoint(origin: ReplicatorTests.signer.name, size: size, root: TreeHash.emptyTree).text
        setup.primary.serveCheckpoint(SignedNote(text: text, signatures: [try ReplicatorTests.signer.sign(text)]).serialized)
        await #expect {
            _ = try await setup.replicator().verifyStandby()
        } throws: { error in
            guard case .contradiction(let reason, _)? = error as? ReplicationError else { return false }
            return reason.contains("it streamed to this standby")
        }
    }

    @Test func aCopyAheadOfItsCheckpointOpensAsAStandbyOnly() async throws {
        let setup = try Setup()
        _ = try setup.replicator()
        try await ReplicatorTests.fill(setup.primary.ledger, 10)
        _ = try await setup.standby.step(waitMilliseconds: 0)
        _ = try await setup.replicator().verifyStandby()
        try await ReplicatorTests.fill(setup.primary.ledger, 4, from: 10)
        _ = try await setup.standby.step(waitMilliseconds: 0)
        #expect(throws: ReplicationError.self) {
            _ = try Replicator(ledger: setup.copy, source: setup.primary, primary: "http://primary.test", log: ReplicatorTests.signer.verifier)
        }
        _ = try setup.replicator()
    }
}
