import Foundation
import Ledger
@testable import Replication
import Synchronization
import Testing
import TestSupport
import Transparency

/// `Replicator`: a primary's log copied as stored, each batch verified against the primary's signed checkpoints,
/// and evidence kept when the primary contradicts itself.
@Suite struct ReplicatorTests {
    static let actor = Actor(id: "clerk-7", role: "regulator")
    static let signer = try! NoteSigner(name: "fangxin.example/test", kind: .ed25519, seed: Array(0..<32))

    /// `count` commands, one in three of three events, every other one with a command id.
    static func fill(_ ledger: Ledger, _ count: Int, from start: Int = 0) async throws {
        for index in start..<(start + count) {
            let events = (0..<(index % 3 == 0 ? 3 : 1)).map {
                NewEvent(type: "thing.happened", occurredAt: Timestamp(rawValue: 1_700_000_000_000_000), payload: Array("\(index) #\($0)".utf8))
            }
            _ = try await ledger.append(Append(stream: "stream-\(index % 13)", commandID: index % 2 == 0 ? "command-\(index)" : nil,
                                               actor: actor, events: events))
        }
    }

    struct Setup {
        let primaryDirectory = try! TemporaryDirectory()
        let replicaDirectory = try! TemporaryDirectory()
        let primary: PrimaryDouble
        let replica: Ledger

        init(records commands: Int) async throws {
            let ledger = try Ledger(directory: primaryDirectory.path)
            try await ReplicatorTests.fill(ledger, commands)
            primary = PrimaryDouble(ledger: ledger, signer: ReplicatorTests.signer)
            replica = try Ledger(directory: replicaDirectory.path + "/copy")
        }

        func replicator(batch: Int = 300) throws -> Replicator {
            var replicator = try Replicator(ledger: replica, source: primary, primary: "http://primary.test", log: ReplicatorTests.signer.verifier)
            replicator.batchRecords = batch
            return replicator
        }

        var evidenceFolders: [String] {
            let parent = ReplicaState.folder(ofLedger: replica.directory) + "/evidence"
            return ((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).sorted().map { parent + "/" + $0 }
        }
    }

    static func records(_ ledger: Ledger) throws -> [[UInt8]] {
        let size = try ledger.treeSize()
        return try (0..<size).map { try #require(try ledger.recordBytes(at: $0 + 1)) }
    }

    @Test func aReplicaIsItsPrimaryByteForByteAndFollowsIt() async throws {
        let setup = try await Setup(records: 500)
        let replicator = try setup.replicator()
        let first = try await replicator.round()
        #expect(first.copied == (try setup.primary.ledger.treeSize()) && first.primarySize == first.copied)
        #expect(try Self.records(setup.replica) == Self.records(setup.primary.ledger))
        #expect(try setup.replica.head() == (try setup.primary.ledger.head()))
        #expect(try setup.replica.verify().commands == (try setup.primary.ledger.verify().commands))
        // The primary grows: the next round copies only what is new, from inside a partial tile.
        try await Self.fill(setup.primary.ledger, 211, from: 500)
        let second = try await replicator.round()
        #expect(second.copied == (try setup.primary.ledger.treeSize()) - first.primarySize)
        #expect(try Self.records(setup.replica) == Self.records(setup.primary.ledger))
        #expect(try setup.replica.recordedCommand("command-700") == (try setup.primary.ledger.recordedCommand("command-700")))
        // Nothing new: nothing fetched but the checkpoint.
        setup.primary.requests.withLock { $0.removeAll() }
        #expect(try await replicator.round().copied == 0)
        #expect(setup.primary.requests.withLock { $0 } == ["checkpoint"])
        let state = try #require(try ReplicaState.load(ledger: setup.replica.directory))
        #expect(state.verifiedCheckpoint?.size == second.primarySize && state.seenSize == second.primarySize)
        #expect(state.complete == state.checkpoint)
        #expect(state.primary == "http://primary.test" && state.log == Self.signer.verifier.vkey)
        #expect(setup.evidenceFolders.isEmpty)
    }

    @Test func aCopyEndsAtACommandsLastRecord() {
        func record(_ command: String?) -> [UInt8] {
            // The envelope with only its command id filled in, as RecordView reads it.
            var bytes: [UInt8] = [1] + [UInt8](repeating: 0, count: 34)
            for text in ["t", "s", "a", "r", "", "", command ?? ""] {
                bytes += [UInt8(text.utf8.count >> 8), UInt8(text.utf8.count & 0xFF)] + Array(text.utf8)
            }
            return bytes + [0, 0, 0, 0] + [UInt8](repeating: 0, count: 32)
        }
        #expect(Replicator.lastCommandEnd([record("a"), record("a"), record("b"), record("b")]) == 2)
        #expect(Replicator.lastCommandEnd([record("a"), record(nil), record(nil)]) == 2)
        #expect(Replicator.lastCommandEnd([record("a"), record("a")]) == 0)
        #expect(Replicator.lastCommandEnd([record(nil)]) == 0)
        #expect(Replicator.lastCommandEnd([]) == 0)
    }

    @Test func aPrimaryThatRewritesHistoryStopsReplicationWithTheEvidence() async throws {
        let setup = try await Setup(records: 300)
        let replicator = try setup.replicator()
        let copied = try await replicator.round()
        let held = try #require(try ReplicaState.load(ledger: setup.replica.directory)?.checkpoint)
        // Another history under the same key: the same commands, then one more, but the first altered.
        let forged = try TemporaryDirectory()
        let other = try Ledger(directory: forged.path)
        _ = try await other.append(Append(stream: "stream-0", actor: Self.actor, events: [NewEvent(type: "thing.rewritten", occurredAt: Timestamp(rawValue: 0), payload: [])]))
        try await Self.fill(other, 320)
        let liar = PrimaryDouble(ledger: other, signer: Self.signer)
        let fooled = try Replicator(ledger: setup.replica, source: liar, primary: "http://primary.test", log: Self.signer.verifier)
        await #expect {
            _ = try await fooled.round()
        } throws: { error in
            guard case let .contradiction(reason, evidence) = error as? ReplicationError else { return false }
            #expect(reason.contains("is not consistent with its earlier one of \(copied.primarySize)"), "\(reason)")
            let files = try FileManager.default.contentsOfDirectory(atPath: evidence).sorted()
            #expect(files == ["REASON.txt", "held-checkpoint.txt", "proof.txt", "received-checkpoint.txt"])
            #expect(try String(contentsOfFile: evidence + "/held-checkpoint.txt", encoding: .utf8) == held)
            let received = try String(contentsOfFile: evidence + "/received-checkpoint.txt", encoding: .utf8)
            let note = try SignedNote(parsing: received)
            #expect(note.signatures.contains { Self.signer.verifier.verifies($0, over: note.text) })
            return true
        }
        #expect(try Self.records(setup.replica) == Self.records(setup.primary.ledger))
        // Two roots signed for one size are a contradiction too.
        liar.serveCheckpoint(try liar.signedCheckpoint(size: copied.primarySize))
        await #expect(throws: ReplicationError.self) { _ = try await fooled.round() }
        #expect(setup.evidenceFolders.count == 2)
        // And an older checkpoint that is not a prefix of the held one.
        liar.serveCheckpoint(try liar.signedCheckpoint(size: 10))
        await #expect(throws: ReplicationError.self) { _ = try await fooled.round() }
        #expect(setup.evidenceFolders.count == 3)
        #expect(try setup.replica.head() == copied.head)
    }

    @Test func aRoundCutShortResumesWhereItStopped() async throws {
        let setup = try await Setup(records: 900)
        // The primary goes away after the first tiles: the batches before are stored, the checkpoint stays verified.
        setup.primary.failBundles([4])
        await #expect(throws: ReplicationError.self) { _ = try await setup.replicator().round() }
        let stored = try setup.replica.treeSize()
        let state = try #require(try ReplicaState.load(ledger: setup.replica.directory))
        let size = try setup.primary.ledger.treeSize()
        #expect(stored > 0 && stored < 4 * 256 + 1 && state.verifiedCheckpoint?.size == size && state.complete == nil)
        #expect(try setup.replica.verify().records == stored)
        // Restarted: an older checkpoint meanwhile is proven a prefix by the primary (the copy lacks the tree).
        setup.primary.failBundles([])
        setup.primary.serveCheckpoint(try setup.primary.signedCheckpoint(size: stored + 10))
        let restarted = try setup.replicator()
        #expect(try await restarted.round().copied == 0)
        setup.primary.serveCheckpoint(nil)
        let resumed = try await restarted.round()
        let primaryHead = try setup.primary.ledger.head()
        #expect(resumed.copied == size - stored && resumed.head == primaryHead)
        #expect(try ReplicaState.load(ledger: setup.replica.directory)?.complete == state.checkpoint)
        #expect(setup.evidenceFolders.isEmpty)
    }

    @Test func anOlderCheckpointOfTheSameHistoryIsHarmless() async throws {
        let setup = try await Setup(records: 300)
        let replicator = try setup.replicator()
        let copied = try await replicator.round()
        setup.primary.serveCheckpoint(try setup.primary.signedCheckpoint(size: 100))
        let stale = try await replicator.round()
        #expect(stale.copied == 0 && stale.primarySize == copied.primarySize)
        #expect(setup.evidenceFolders.isEmpty)
    }

    @Test func recordsThatAreNotWhatWasSignedAreRefusedAndNothingIsStored() async throws {
        let setup = try await Setup(records: 600)
        let replicator = try setup.replicator()
        // One byte of the third bundle's payloads changed in transit: its batch is refused whole.
        setup.primary.tamperBundles { tile, bundle in
            guard tile == 2 else { return bundle }
            var changed = bundle
            changed[changed.count - 40] ^= 0x01
            return changed
        }
        await #expect {
            _ = try await replicator.round()
        } throws: { error in
            guard case let .contradiction(reason, evidence) = error as? ReplicationError else { return false }
            #expect(reason.contains("were refused (copy refused at position"), "\(reason)")
            #expect(FileManager.default.fileExists(atPath: evidence + "/records.bin"))
            return true
        }
        // The batches before the tampered one are stored; nothing of it or after.
        let stored = try setup.replica.treeSize()
        #expect(stored < 2 * 256 + 1)
        #expect(try setup.replica.verify().records == stored)
    }

    @Test func aCheckpointNotSignedByTheLogsKeyIsRefused() async throws {
        let setup = try await Setup(records: 50)
        let replicator = try setup.replicator()
        let stranger = try NoteSigner(name: Self.signer.name, kind: .ed25519, seed: Array(repeating: 7, count: 32))
        setup.primary.serveCheckpoint(try setup.primary.signedCheckpoint(by: stranger))
        await #expect(throws: ReplicationError.self) { _ = try await replicator.round() }
        setup.primary.serveCheckpoint("fangxin.example/test\n12\nnot base64\n")
        await #expect(throws: ReplicationError.self) { _ = try await replicator.round() }
        #expect(try setup.replica.treeSize() == 0)
        #expect(setup.evidenceFolders.isEmpty)
    }

    @Test func aBundleThePrimaryCannotServeWholeIsFetchedRecordByRecord() async throws {
        let setup = try await Setup(records: 300)
        setup.primary.withholdBundle(1)
        _ = try await setup.replicator().round()
        #expect(try Self.records(setup.replica) == Self.records(setup.primary.ledger))
        #expect(setup.primary.requests.withLock { $0 }.contains("record 257"))
    }

    @Test func onlyANewDirectoryOrAReplicaOfTheSameLogIsTaken() async throws {
        let setup = try await Setup(records: 20)
        _ = try await setup.replicator().round()
        // Another log's key.
        let other = try NoteSigner(name: "fangxin.example/other", kind: .ed25519, seed: Array(repeating: 9, count: 32))
        #expect(throws: ReplicationError.self) {
            _ = try Replicator(ledger: setup.replica, source: setup.primary, primary: "http://primary.test", log: other.verifier)
        }
        // A ledger with records of its own.
        let own = try TemporaryDirectory()
        let ledger = try Ledger(directory: own.path)
        try await Self.fill(ledger, 1)
        #expect(throws: ReplicationError.self) {
            _ = try Replicator(ledger: ledger, source: setup.primary, primary: "http://primary.test", log: Self.signer.verifier)
        }
        // The same log at a new address is the same replica.
        _ = try Replicator(ledger: setup.replica, source: setup.primary, primary: "http://moved.test", log: Self.signer.verifier)
        #expect(try ReplicaState.load(ledger: setup.replica.directory)?.primary == "http://moved.test")
    }

    /// The primary rotates its key (and renames its origin): the replica is bound to the new key only when told
    /// so, and only once a checkpoint under it is proven consistent with the one it holds; a history forged under
    /// the new key is still a contradiction.
    @Test func aRotatedKeyIsTakenOnlyWhenToldAndOnlyForTheSameHistory() async throws {
        let setup = try await Setup(records: 40)
        _ = try await setup.replicator().round()
        try await Self.fill(setup.primary.ledger, 10, from: 40)
        let rotated = try NoteSigner(name: "fangxin.example/test-2027", kind: .ed25519, seed: Array(repeating: 3, count: 32))
        let primary = PrimaryDouble(ledger: setup.primary.ledger, signer: rotated)
        #expect(throws: ReplicationError.self) {
            _ = try Replicator(ledger: setup.replica, source: primary, primary: "http://primary.test", log: rotated.verifier)
        }
        let told = try Replicator(ledger: setup.replica, source: primary, primary: "http://primary.test", log: rotated.verifier, keyRotated: true)
        _ = try await told.round()
        #expect(try Self.records(setup.replica) == Self.records(setup.primary.ledger))
        #expect(try ReplicaState.load(ledger: setup.replica.directory)?.log == rotated.verifier.vkey)
        // Bound now: the new key needs no telling, and the old one is refused.
        _ = try Replicator(ledger: setup.replica, source: primary, primary: "http://primary.test", log: rotated.verifier)
        #expect(throws: ReplicationError.self) {
            _ = try Replicator(ledger: setup.replica, source: setup.primary, primary: "http://primary.test", log: Self.signer.verifier)
        }

        // Another history, signed by a rotated key the operator was told of: a contradiction, with the evidence.
        let fresh = try await Setup(records: 40)
        _ = try await fresh.replicator().round()
        let forged = try TemporaryDirectory()
        let other = try Ledger(directory: forged.path)
        _ = try await other.append(Append(stream: "stream-0", actor: Self.actor, events: [NewEvent(type: "thing.rewritten", occurredAt: Timestamp(rawValue: 0), payload: [])]))
        try await Self.fill(other, 60)
        let liar = try Replicator(ledger: fresh.replica, source: PrimaryDouble(ledger: other, signer: rotated), primary: "http://primary.test",
                                  log: rotated.verifier, keyRotated: true)
        await #expect {
            _ = try await liar.round()
        } throws: { error in
            guard case .contradiction = error as? ReplicationError else { return false }
            return true
        }
        #expect(try ReplicaState.load(ledger: fresh.replica.directory)?.log == Self.signer.verifier.vkey)
    }

    @Test func aBundleOfTheWrongShapeIsMalformed() throws {
        #expect(throws: ReplicationError.self) { try EntryBundle.records([0, 5, 1, 2], width: 1, index: 0) }
        #expect(throws: ReplicationError.self) { try EntryBundle.records([0, 1, 9, 0], width: 2, index: 0) }
        #expect(throws: ReplicationError.self) { try EntryBundle.records([0, 1, 9], width: 2, index: 0) }
        #expect(try EntryBundle.records([0, 1, 9, 0, 0], width: 2, index: 0) == [[9], []])
    }
}
