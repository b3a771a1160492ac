import Crypto
public import Domain
import Foundation
import LMDB

/// The key store for personal data, kept apart from the log: one AES-256 key per person (per pseudonymous
/// subject id).
///
/// A directory of its own holds `keys` (the secret keys, in slots erased in place) and an LMDB environment
/// mapping each subject to its slot, or to its erasure. Nothing secret ever enters LMDB, whose free pages may
/// keep old values.
///
/// A key exists only for a person the log names. Sealing for a new person makes a key in memory only;
/// `keep` writes it to disk, synced, once the command that names the person is authorised and decided, just
/// before its events are appended. A refused command leaves no key behind, and no event can outlive its key
/// by accident — only by erasure.
public final class PersonalDataVault: @unchecked Sendable {
    let environment: Environment
    let subjects: Database
    let slots: KeySlots
    private let lock = NSLock()
    /// The subject of each slot, for what a standby mirrors (`keys(fromSlot:limit:)`): built at the first ask, and
    /// kept as keys are written. Nil for a slot whose subject was erased before it was built.
    var subjectsBySlot: [String?]?
    /// Keys made for subjects no recorded command names yet: in memory, never on disk. An import holds three
    /// batches of 5,000 commands in flight, each perhaps naming a new person.
    private var pending: PendingKeys

    /// Slot entries in `subjects`: u64 slot, or this marker once the key is erased.
    static let erasedMarker = UInt64.max

    public convenience init(directory: String) throws(VaultError) {
        try self.init(directory: directory, pendingCapacity: 65_536)
    }

    init(directory: String, pendingCapacity: Int) throws(VaultError) {
        pending = PendingKeys(capacity: pendingCapacity)
        let index = directory + "/index"
        do {
            try FileManager.default.createDirectory(atPath: index, withIntermediateDirectories: true)
            // Created under a marker, as the ledger is: a crash tearing a new index's first pages leaves one that
            // never held a key, made afresh at the next open.
            let creating = try EnvironmentCreation.begin(index)
            environment = try Environment(directory: index)
            subjects = try environment.openDatabase(named: "subjects")   // the first commit: synced
            if creating { try EnvironmentCreation.finish(index) }
        } catch {
            throw .storage("cannot open the vault at \(directory): \(error)")
        }
        slots = try KeySlots(path: directory + "/keys")
        // The files just made are durable only once the folders that name them are synced.
        do {
            for folder in [index, directory, URL(fileURLWithPath: directory).deletingLastPathComponent().path] {
                try EnvironmentCreation.syncDirectory(folder)
            }
        } catch {
            throw .storage("cannot open the vault at \(directory): \(error)")
        }
    }

    /// Encrypts `text` for `subject`, with the subject's key; a subject without one gets a key in memory, which
    /// `keep` writes to disk once what is sealed is to be recorded.
    public func seal(_ text: String, for subject: String) throws(VaultError) -> SealedPersonalData {
        let key = try locked { () throws(VaultError) -> SymmetricKey in try keyForSealing(subject) }
        do {
            let box = try AES.GCM.seal(Array(text.utf8), using: key, authenticating: Array(subject.utf8))
            return SealedPersonalData(subject: subject, box: Array(box.combined!))
        } catch {
            throw .storage("encryption failed: \(error)")
        }
    }

    /// Writes the keys `sealed` was sealed with to disk, synced, before the events carrying it are appended: a
    /// key made by `seal` in memory is kept, one already on disk is checked to be the one used. Fails when the key
    /// was forgotten meanwhile (by a flood of commands naming new people since): the command is to be
    /// sent again, and nothing of it is recorded.
    public func keep(_ sealed: [SealedPersonalData]) throws(VaultError) {
        guard !sealed.isEmpty else { return }
        try locked { () throws(VaultError) in
            for box in sealed {
                if let slot = try slot(of: box.subject) {
                    guard slot != Self.erasedMarker else { throw .erased(subject: box.subject) }
                    _ = try Self.open(box, with: SymmetricKey(data: try slots.read(slot)))
                    continue
                }
                guard let key = pending[box.subject] else {
                    throw .storage("the key sealing \(box.subject)'s data was made for a command not yet recorded and has been forgotten; send the command again")
                }
                _ = try Self.open(box, with: SymmetricKey(data: key))
                let slot = slots.slotCount
                try slots.write(key, to: slot)   // on disk before the events that need it
                try setSlot(slot, of: box.subject)
                pending.remove(box.subject)
                if subjectsBySlot != nil { subjectsBySlot!.append(box.subject) }
            }
        }
    }

    /// Whether two sealed values hold the same text (or both none), opened with the keys on disk or in memory;
    /// false when either cannot be opened. For telling a retry from another request: it answers only whether
    /// they are equal, never what either holds.
    public func same(_ a: SealedPersonalData?, _ b: SealedPersonalData?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        guard a.subject == b.subject else { return false }
        return (try? locked { () throws(VaultError) -> Bool in
            let key: SymmetricKey
            if let slot = try slot(of: a.subject) {
                guard slot != Self.erasedMarker else { throw .erased(subject: a.subject) }
                key = SymmetricKey(data: try slots.read(slot))
            } else if let pendingKey = pending[a.subject] {
                key = SymmetricKey(data: pendingKey)
            } else {
                throw .unknownSubject(a.subject)
            }
            return try Self.open(a, with: key) == Self.open(b, with: key)
        }) ?? false
    }

    /// Decrypts what was sealed; `.erased` once the subject's key is gone.
    public func open(_ sealed: SealedPersonalData) throws(VaultError) -> String {
        let key = try locked { () throws(VaultError) -> SymmetricKey in
            guard let slot = try slot(of: sealed.subject) else { throw .unknownSubject(sealed.subject) }
            guard slot != Self.erasedMarker else { throw .erased(subject: sealed.subject) }
            return SymmetricKey(data: try slots.read(slot))
        }
        return try Self.open(sealed, with: key)
    }

    private static func open(_ sealed: SealedPersonalData, with key: SymmetricKey) throws(VaultError) -> String {
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
        if let key = pending[subject] { return SymmetricKey(data: key) }
        let key = SymmetricKey(size: .bits256)
        pending.add(key.withUnsafeBytes { Array($0) }, for: subject)
        return key
    }

    func slot(of subject: String) throws(VaultError) -> UInt64? {
        do {
            return try environment.read { try $0.value(forKey: Array(subject.utf8), in: subjects) }.map { value in
                value.withUnsafeBytes { UInt64(bigEndian: $0.loadUnaligned(as: UInt64.self)) }
            }
        } catch {
            throw .storage("\(error)")
        }
    }

    func setSlot(_ slot: UInt64, of subject: String) throws(VaultError) {
        do {
            try environment.write { try $0.put(withUnsafeBytes(of: slot.bigEndian, Array.init), forKey: Array(subject.utf8), in: subjects) }
        } catch {
            throw .storage("\(error)")
        }
    }

    func locked<R>(_ body: () throws(VaultError) -> R) throws(VaultError) -> R {
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
