import Crypto
import Domain
import Foundation
import LMDB

/// The key store for personal data, kept apart from the log: one AES-256 key per person (per pseudonymous
/// subject id), made on first use.
///
/// A directory of its own holds `keys` (the secret keys, in slots erased in place) and an LMDB environment
/// mapping each subject to its slot, or to its erasure. Nothing secret ever enters LMDB, whose free pages may
/// keep old values. A key reaches the disk before anything sealed with it is returned, so no event can
/// outlive its key by accident — only by erasure.
public final class PersonalDataVault: @unchecked Sendable {
    private let environment: Environment
    private let subjects: Database
    private let slots: KeySlots
    private let lock = NSLock()

    /// Slot entries in `subjects`: u64 slot, or this marker once the key is erased.
    private static let erasedMarker = UInt64.max

    public init(directory: String) throws(VaultError) {
        do {
            try FileManager.default.createDirectory(atPath: directory + "/index", withIntermediateDirectories: true)
            environment = try Environment(directory: directory + "/index")
            subjects = try environment.openDatabase(named: "subjects")
        } catch {
            throw .storage("cannot open the vault at \(directory): \(error)")
        }
        slots = try KeySlots(path: directory + "/keys")
    }

    /// Encrypts `text` for `subject`, making the subject's key if it has none yet.
    public func seal(_ text: String, for subject: String) throws(VaultError) -> SealedPersonalData {
        let key = try locked { () throws(VaultError) -> SymmetricKey in try keyForSealing(subject) }
        do {
            let box = try AES.GCM.seal(Array(text.utf8), using: key, authenticating: Array(subject.utf8))
            return SealedPersonalData(subject: subject, box: Array(box.combined!))
        } catch {
            throw .storage("encryption failed: \(error)")
        }
    }

    /// Decrypts what was sealed; `.erased` once the subject's key is gone.
    public func open(_ sealed: SealedPersonalData) throws(VaultError) -> String {
        let key = try locked { () throws(VaultError) -> SymmetricKey in
            guard let slot = try slot(of: sealed.subject) else { throw .unknownSubject(sealed.subject) }
            guard slot != Self.erasedMarker else { throw .erased(subject: sealed.subject) }
            return SymmetricKey(data: try slots.read(slot))
        }
        do {
            let box = try AES.GCM.SealedBox(combined: sealed.box)
            let plain = try AES.GCM.open(box, using: key, authenticating: Array(sealed.subject.utf8))
            return String(decoding: plain, as: UTF8.self)
        } catch {
            throw .notAuthentic(subject: sealed.subject)
        }
    }

    /// Destroys the subject's key for good: zeros over its slot, synced, then the subject marked erased.
    /// Sealing for an erased subject is refused: give the person a new pseudonymous id.
    public func erase(subject: String) throws(VaultError) {
        try locked { () throws(VaultError) in
            guard let slot = try slot(of: subject) else { throw .unknownSubject(subject) }
            guard slot != Self.erasedMarker else { return }
            try slots.write([UInt8](repeating: 0, count: KeySlots.keySize), to: slot)
            try setSlot(Self.erasedMarker, of: subject)
        }
    }

    /// Whether the subject's personal data was erased.
    public func isErased(_ subject: String) throws(VaultError) -> Bool {
        try locked { () throws(VaultError) -> Bool in try slot(of: subject) == Self.erasedMarker }
    }

    private func keyForSealing(_ subject: String) throws(VaultError) -> SymmetricKey {
        let bytes = subject.utf8.count
        guard bytes >= 1, bytes <= 200 else { throw .invalidSubject(subject) }
        if let slot = try slot(of: subject) {
            guard slot != Self.erasedMarker else { throw .erased(subject: subject) }
            return SymmetricKey(data: try slots.read(slot))
        }
        let key = SymmetricKey(size: .bits256)
        let slot = slots.slotCount
        try slots.write(key.withUnsafeBytes { Array($0) }, to: slot)   // on disk before anything is sealed with it
        try setSlot(slot, of: subject)
        return key
    }

    private func slot(of subject: String) throws(VaultError) -> UInt64? {
        do {
            return try environment.read { try $0.value(forKey: Array(subject.utf8), in: subjects) }.map { value in
                value.withUnsafeBytes { UInt64(bigEndian: $0.loadUnaligned(as: UInt64.self)) }
            }
        } catch {
            throw .storage("\(error)")
        }
    }

    private func setSlot(_ slot: UInt64, of subject: String) throws(VaultError) {
        do {
            try environment.write { try $0.put(withUnsafeBytes(of: slot.bigEndian, Array.init), forKey: Array(subject.utf8), in: subjects) }
        } catch {
            throw .storage("\(error)")
        }
    }

    private func locked<R>(_ body: () throws(VaultError) -> R) throws(VaultError) -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// For tests: the raw key bytes of a subject, to look for copies of them on disk.
    func keyBytesForTesting(_ subject: String) throws -> [UInt8]? {
        guard let slot = try slot(of: subject), slot != Self.erasedMarker else { return nil }
        return try slots.read(slot)
    }
}
