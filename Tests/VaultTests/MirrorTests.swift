import Domain
import Foundation
import Testing
import TestSupport
@testable import Vault

/// A standby's vault mirrors its primary's slot for slot: every key opens what it sealed there, an erased key
/// comes as none, and an erasure copied before the key ever came still marks the subject erased.
@Suite struct MirrorTests {
    @Test func aMirrorOpensWhatThePrimarySealedAndKeepsNoErasedKey() throws {
        let directory = try TemporaryDirectory()
        let primary = try PersonalDataVault(directory: directory.path + "/primary")
        let standby = try PersonalDataVault(directory: directory.path + "/standby")
        var sealed: [SealedPersonalData] = []
        for index in 0..<5 {
            let box = try primary.seal("名字 \(index)", for: "subject-\(index)")
            try primary.keep([box])
            sealed.append(box)
        }
        try primary.erase(subject: "subject-1")
        let keys = try primary.keys(fromSlot: 0, limit: 3)
        // An erased subject's slot is zeros, and its subject no longer named: the standby erases it when it copies
        // the erasure's record.
        #expect(keys.map(\.slot) == [0, 1, 2] && keys.map(\.subject) == ["subject-0", "", "subject-2"])
        #expect(keys[1].key == nil && keys[0].key?.count == 32)
        try standby.mirror(keys)
        #expect(standby.slotCount == 3)
        try standby.mirror(try primary.keys(fromSlot: standby.slotCount, limit: 100))
        #expect(standby.slotCount == 5)
        for index in [0, 2, 3, 4] { #expect(try standby.open(sealed[index]) == "名字 \(index)") }
        #expect(throws: VaultError.unknownSubject("subject-1")) { try standby.open(sealed[1]) }
        try standby.eraseCopied(subject: "subject-1")
        #expect(throws: VaultError.erased(subject: "subject-1")) { try standby.open(sealed[1]) }
        // The key file holds no copy of the erased key.
        let file = try Data(contentsOf: URL(fileURLWithPath: directory.path + "/standby/keys"))
        #expect(Array(file[32..<64]) == Array(repeating: 0, count: 32))

        // Erased after the primary named its slot: still named, with no key.
        try primary.erase(subject: "subject-3")
        let erasedLater = try primary.keys(fromSlot: 3, limit: 1)
        #expect(erasedLater == [MirroredKey(slot: 3, subject: "subject-3", key: nil)])
        try standby.mirror(erasedLater)
        #expect(throws: VaultError.erased(subject: "subject-3")) { try standby.open(sealed[3]) }

        // A new key made after a standby started is mirrored from where it stood; an erasure copied first wins.
        let late = try primary.seal("后来", for: "subject-9")
        try primary.keep([late])
        try standby.eraseCopied(subject: "subject-9")
        try standby.mirror(try primary.keys(fromSlot: standby.slotCount, limit: 100))
        #expect(throws: VaultError.erased(subject: "subject-9")) { try standby.open(late) }
        try standby.eraseCopied(subject: "never-seen")
        #expect(try standby.isErased("never-seen"))
        #expect(try primary.keys(fromSlot: 100, limit: 10).isEmpty)
    }

    @Test func aSlotBeyondWhatAVaultHoldsIsRefusedNotWritten() throws {
        let directory = try TemporaryDirectory()
        let vault = try PersonalDataVault(directory: directory.path)
        for slot in [UInt64(1) << 40, .max, UInt64(Int64.max)] {
            #expect(throws: VaultError.self) { try vault.mirror([MirroredKey(slot: slot, subject: "s", key: Array(repeating: 1, count: 32))]) }
        }
        #expect(vault.slotCount == 0)
        // A subject of many bytes, and an empty one, are kept as they come: the frame bounds them before.
        try vault.mirror([MirroredKey(slot: 0, subject: "", key: nil)])
        #expect(vault.slotCount == 1)
    }
}
