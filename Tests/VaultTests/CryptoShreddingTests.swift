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
        let sealed = try PersonalDataVault(directory: directory.path).seal("张三 13800138000", for: "consumer-0001")
        #expect(!sealed.box.isEmpty)
        let reopened = try PersonalDataVault(directory: directory.path)
        #expect(try reopened.open(sealed) == "张三 13800138000")
        #expect(try reopened.isErased("consumer-0001") == false)
    }

    @Test func theLogHoldsNoPlaintextAndErasureShredsItWhileTheChainStillVerifies() async throws {
        let directory = try TemporaryDirectory()
        let vault = try PersonalDataVault(directory: directory.path + "/vault")
        let name = "李四消费者", phone = "13912345678"
        var payload = PayloadWriter()
        try vault.seal(name, for: "consumer-7").write(to: &payload, field: 1)
        try vault.seal(phone, for: "consumer-7").write(to: &payload, field: 2)

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
        _ = try vault.seal("someone else", for: "consumer-b")
        var moved = sealed
        moved.subject = "consumer-b"
        #expect(throws: VaultError.notAuthentic(subject: "consumer-b")) { try vault.open(moved) }
        sealed.box[sealed.box.count - 1] ^= 1
        #expect(throws: VaultError.notAuthentic(subject: "consumer-a")) { try vault.open(sealed) }
        #expect(throws: VaultError.unknownSubject("consumer-z")) { try vault.open(SealedPersonalData(subject: "consumer-z", box: [])) }
        #expect(throws: VaultError.invalidSubject("")) { try vault.seal("x", for: "") }
    }
}
