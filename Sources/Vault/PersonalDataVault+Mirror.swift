import Foundation
import LMDB

/// A key as a vault holds it in a slot: what a standby mirrors of its primary's vault (docs/REPLICAS.md).
public struct MirroredKey: Sendable, Equatable {
    public var slot: UInt64
    /// Empty for a slot whose subject is not known any more: erased before the primary last started.
    public var subject: String
    /// The key's 32 bytes; nil once the subject's key is erased.
    public var key: [UInt8]?

    public init(slot: UInt64, subject: String, key: [UInt8]?) {
        self.slot = slot
        self.subject = subject
        self.key = key
    }
}

/// A standby keeps its primary's vault slot for slot, so that what it holds is named by one number: the slots it
/// has. A key is mirrored before the records that need it are copied, and erased as soon as the erasure is.
extension PersonalDataVault {
    /// The slots written: a standby mirrors from here.
    public var slotCount: UInt64 { slots.slotCount }

    /// Up to `limit` slots from `slot` on, each with its subject and its key, or no key once erased.
    public func keys(fromSlot slot: UInt64, limit: Int) throws(VaultError) -> [MirroredKey] {
        try locked { () throws(VaultError) -> [MirroredKey] in
            let count = slots.slotCount
            guard slot < count, limit > 0 else { return [] }
            let bySlot = try subjectsBySlotBuilt(count: count)
            var keys: [MirroredKey] = []
            for index in slot..<min(count, slot + UInt64(limit)) {
                let subject = index < bySlot.count ? bySlot[Int(index)] : nil
                let held = try subject.flatMap({ subject throws(VaultError) in try self.slot(of: subject) })
                switch held {
                case index?: keys.append(MirroredKey(slot: index, subject: subject!, key: try slots.read(index)))
                case Self.erasedMarker?: keys.append(MirroredKey(slot: index, subject: subject!, key: nil))
                default: keys.append(MirroredKey(slot: index, subject: "", key: nil))
                }
            }
            return keys
        }
    }

    /// Writes the primary's slots into the same slots here, synced, then names their subjects: a subject erased
    /// here, or there, gets no key. Slots already held are written again, which is harmless.
    public func mirror(_ keys: [MirroredKey]) throws(VaultError) {
        guard !keys.isEmpty else { return }
        try locked { () throws(VaultError) in
            var writes: [(slot: UInt64, key: [UInt8])] = []
            var named: [(subject: String, slot: UInt64)] = []
            for entry in keys {
                guard entry.slot < KeySlots.slotsMax else { throw .storage("slot \(entry.slot) lies beyond the \(KeySlots.slotsMax) a vault holds") }
                let erasedHere = entry.subject.isEmpty ? false : try slot(of: entry.subject) == Self.erasedMarker
                if let key = entry.key, key.count == KeySlots.keySize, !erasedHere, !entry.subject.isEmpty {
                    writes.append((entry.slot, key))
                    named.append((entry.subject, entry.slot))
                } else {
                    writes.append((entry.slot, [UInt8](repeating: 0, count: KeySlots.keySize)))
                    if !entry.subject.isEmpty { named.append((entry.subject, Self.erasedMarker)) }
                }
            }
            try slots.write(writes)
            do {
                try environment.write { transaction in
                    for (subject, slot) in named {
                        try transaction.put(withUnsafeBytes(of: slot.bigEndian, Array.init), forKey: Array(subject.utf8), in: subjects)
                    }
                }
            } catch {
                throw .storage("\(error)")
            }
            subjectsBySlot = nil
        }
    }

    /// Erases `subject`'s key, or marks the subject erased when this vault never held its key: how a standby
    /// applies an erasure it copies, so that it never holds a key the log it holds has erased.
    public func eraseCopied(subject: String) throws(VaultError) {
        do {
            try erase(subject: subject)
        } catch .unknownSubject {
            try locked { () throws(VaultError) in try setSlot(Self.erasedMarker, of: subject) }
        }
    }

    private func subjectsBySlotBuilt(count: UInt64) throws(VaultError) -> [String?] {
        if let built = subjectsBySlot, built.count == count { return built }
        var bySlot = [String?](repeating: nil, count: Int(count))
        do {
            try environment.read { transaction in
                try transaction.forEach(in: subjects) { key, value in
                    let slot = value.loadUnaligned(as: UInt64.self).bigEndian
                    if slot < count { bySlot[Int(slot)] = String(decoding: key, as: UTF8.self) }
                    return true
                }
            }
        } catch {
            throw .storage("\(error)")
        }
        subjectsBySlot = bySlot
        return bySlot
    }
}

extension PersonalDataVault {
    /// Every slot of the vault in `directory`, each with its subject and key (none once erased), and every subject
    /// erased, read without
    /// writing anything, while the service that keeps the vault runs: what a backup keeps. The slots are read after
    /// the index, so a key kept meanwhile may be in its slot and not yet named: it belongs to no record backed up.
    public static func export(directory: String) throws(VaultError) -> (keys: [MirroredKey], erased: [String]) {
        let index = directory + "/index"
        guard FileManager.default.fileExists(atPath: index + "/data.mdb") else { return ([], []) }
        var named: [UInt64: String] = [:]
        var erased: [String] = []
        do {
            var options = EnvironmentOptions()
            options.readOnly = true
            let environment = try Environment(directory: index, options: options)
            let subjects = try environment.openDatabase(named: "subjects")
            try environment.read { transaction in
                try transaction.forEach(in: subjects) { key, value in
                    let slot = value.loadUnaligned(as: UInt64.self).bigEndian
                    let subject = String(decoding: key, as: UTF8.self)
                    if slot == erasedMarker { erased.append(subject) } else { named[slot] = subject }
                    return true
                }
            }
        } catch {
            throw .storage("cannot read the vault's index at \(index): \(error)")
        }
        let bytes: [UInt8]
        do { bytes = Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/keys"))) } catch {
            throw .storage("cannot read \(directory)/keys: \(error)")
        }
        var keys: [MirroredKey] = []
        let count = UInt64(bytes.count / KeySlots.keySize)
        keys.reserveCapacity(Int(count))
        for slot in 0..<count {
            let start = Int(slot) * KeySlots.keySize
            if let subject = named[slot] {
                keys.append(MirroredKey(slot: slot, subject: subject, key: Array(bytes[start..<start + KeySlots.keySize])))
            } else {
                keys.append(MirroredKey(slot: slot, subject: "", key: nil))
            }
        }
        // Subjects erased have no slot any more: they are listed, so that a restore marks them erased too.
        return (keys, erased.sorted())
    }
}
