import Domain
import Foundation
import Ledger
import Testing
import TestSupport
@testable import Vault

@Suite struct CryptoShreddingTests {
    /// Every byte of every file under `path`.
    func contents(of path: String) throws -> Data {
        var all = Data()
        for file in try FileManager.default.subpathsOfDirectory(atPath: path) {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path + "/" + file, isDirectory: &isDirectory), !isDirectory.boolValue {
                all.append(try Data(contentsOf: URL(fileURLWithPath: path + "/" + file)))
            }
        }
        return all
    }

    @Test func sealedDataOpensAgainAfterReopening() throws {
        let directory = try TemporaryDirectory()
        let vault = try PersonalDataVault(directory: directory.path)
        let sealed = try vault.seal("张三 13800138000", for: "consumer-0001")
        #expect(!sealed.box.isEmpty)
        try vault.keep([sealed])
        let reopened = try PersonalDataVault(directory: directory.path)
        #expect(try reopened.open(sealed) == "张三 13800138000")
        #expect(try reopened.isErased("consumer-0001") == false)
    }

    @Test func theLogHoldsNoPlaintextAndErasureShredsItWhileTheChainStillVerifies() async throws {
        let directory = try TemporaryDirectory()
        let vault = try PersonalDataVault(directory: directory.path + "/vault")
        let name = "李四消费者", phone = "13912345678"
        var payload = PayloadWriter()
        let sealed = [try vault.seal(name, for: "consumer-7"), try vault.seal(phone, for: "consumer-7")]
        try vault.keep(sealed)
        try sealed[0].write(to: &payload, field: 1)
        try sealed[1].write(to: &payload, field: 2)

        let ledger = try Ledger(directory: directory.path + "/ledger")
        _ = try await ledger.append(Append(
            stream: "complaint-1", actor: Actor(id: "12315-hotline", role: "system"),
            events: [NewEvent(type: "complaint.received", occurredAt: Timestamp(rawValue: 0), payload: payload.bytes)]))
        let headBefore = try ledger.head()
        let logFile = try contents(of: directory.path + "/ledger")
        #expect(logFile.range(of: Data(name.utf8)) == nil && logFile.range(of: Data(phone.utf8)) == nil)

        // Read back from the log, the sealed fields open while the key lives.
        let stored = try #require(try ledger.read().first)
        var reader = PayloadReader(stored.payload)
        let sealedName = try SealedPersonalData.read(try #require(try reader.next()))
        #expect(try vault.open(sealedName) == name)

        let key = try #require(try vault.keyBytesForTesting("consumer-7"))
        try vault.erase(subject: "consumer-7")
        #expect(throws: VaultError.erased(subject: "consumer-7")) { try vault.open(sealedName) }
        #expect(throws: VaultError.erased(subject: "consumer-7")) { try vault.seal("again", for: "consumer-7") }
        #expect(try vault.isErased("consumer-7"))
        // No copy of the key is left anywhere in the vault's files, even after reopening.
        #expect(try contents(of: directory.path + "/vault").range(of: Data(key)) == nil)
        #expect(throws: VaultError.erased(subject: "consumer-7")) { try PersonalDataVault(directory: directory.path + "/vault").open(sealedName) }

        // The log is untouched: same head, same bytes, and the chain verifies.
        #expect(try ledger.head() == headBefore)
        #expect(try ledger.read().first?.payload == stored.payload)
        #expect(try ledger.verify().records == 1)
    }

    @Test func aBoxThatWasAlteredOrMovedToAnotherPersonDoesNotOpen() throws {
        let directory = try TemporaryDirectory()
        let vault = try PersonalDataVault(directory: directory.path)
        var sealed = try vault.seal("王五", for: "consumer-a")
        try vault.keep([sealed, try vault.seal("someone else", for: "consumer-b")])
        var moved = sealed
        moved.subject = "consumer-b"
        #expect(throws: VaultError.notAuthentic(subject: "consumer-b")) { try vault.open(moved) }
        sealed.box[sealed.box.count - 1] ^= 1
        #expect(throws: VaultError.notAuthentic(subject: "consumer-a")) { try vault.open(sealed) }
        #expect(throws: VaultError.unknownSubject("consumer-z")) { try vault.open(SealedPersonalData(subject: "consumer-z", box: [])) }
        #expect(throws: VaultError.invalidSubject("")) { try vault.seal("x", for: "") }
    }

    /// A key exists only for what is recorded: sealing makes it in memory, `keep` writes it (synced), and a
    /// vault reopened without `keep` holds nothing of it. Keys made and never kept are forgotten oldest first,
    /// and keeping what one of them sealed then fails, saying to send the command again.
    @Test func aKeyReachesTheDiskOnlyWhenKept() throws {
        let directory = try TemporaryDirectory()
        let keys = directory.path + "/keys"
        let vault = try PersonalDataVault(directory: directory.path, pendingCapacity: 3)
        let refused = try vault.seal("赵六", for: "consumer-refused")
        #expect(try FileManager.default.attributesOfItem(atPath: keys)[.size] as? Int == 0)
        #expect(throws: VaultError.unknownSubject("consumer-refused")) { try vault.open(refused) }
        #expect(throws: VaultError.unknownSubject("consumer-refused")) { try PersonalDataVault(directory: directory.path).open(refused) }
        // The same subject sealed again before it is kept uses the same key, so that either sealed value keeps.
        let again = try vault.seal("赵六", for: "consumer-refused")
        let other = try vault.seal("别人", for: "consumer-refused")
        #expect(vault.same(refused, again) && !vault.same(refused, other))

        let recorded = try vault.seal("孙七", for: "consumer-recorded")
        try vault.keep([recorded])
        #expect(try FileManager.default.attributesOfItem(atPath: keys)[.size] as? Int == 32)
        #expect(try PersonalDataVault(directory: directory.path).open(recorded) == "孙七")
        try vault.keep([recorded])   // kept twice: the key on disk is checked, nothing more written
        #expect(try FileManager.default.attributesOfItem(atPath: keys)[.size] as? Int == 32)

        // Three more new subjects push the oldest pending key out.
        for index in 1...3 { _ = try vault.seal("x", for: "consumer-\(index)") }
        #expect(throws: VaultError.self) { try vault.keep([refused]) }
        #expect(try FileManager.default.attributesOfItem(atPath: keys)[.size] as? Int == 32)
        // A value sealed with another key than the one kept is refused too.
        var forged = recorded
        forged.box[forged.box.count - 1] ^= 1
        #expect(throws: VaultError.notAuthentic(subject: "consumer-recorded")) { try vault.keep([forged]) }
    }
}
