import Domain
public import Foundation
public import Ledger
import Transparency
public import Vault

/// A standby: a replica that follows its primary append by append rather than checkpoint by checkpoint, keeps
/// the primary's vault slot for slot, and tells the primary what it holds, so that a primary serving with
/// `--ack-replicas` answers a command only once a standby holds it (docs/REPLICAS.md, "Standbys").
///
/// Each step stores, in this order and each durably before the next: the vault's new slots (a record is never
/// held without its key), the erasures the new records carry (a key is never held after the log it is kept
/// with has erased it), then the records, by the ledger's copy rule. Their tree is checked against the next
/// checkpoint the primary signs (`Replicator.verifyStandby`); what the standby holds beyond it is its primary's
/// word, chained record by record to what was verified.
public struct Standby: Sendable {
    public let ledger: Ledger
    public let vault: PersonalDataVault
    public let source: any StandbySource
    /// Told the head after each copy, and the primary's size.
    public var onCopy: @Sendable (Ledger.Head, UInt64) -> Void = { _, _ in }
    private let clock: @Sendable () -> Date

    /// What one step did.
    public struct Step: Sendable, Equatable {
        public var copied: Int
        public var keys: Int
        public var head: Ledger.Head
        /// The primary's size when it answered.
        public var primarySize: UInt64
    }

    /// A standby into `ledger` and `vault`, which `replicator` (over the same ledger) has opened as a replica of
    /// the log: its state names the log's key, and what it holds up to its verified checkpoint is that tree.
    public init(ledger: Ledger, vault: PersonalDataVault, source: any StandbySource, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.ledger = ledger
        self.vault = vault
        self.source = source
        self.clock = clock
    }

    /// Tells the primary what the copy holds, waits up to `waitMilliseconds` for more, and stores what comes.
    public func step(waitMilliseconds: Int) async throws -> Step {
        let head = try Self.ledger { () throws(LedgerError) in try ledger.head() }
        let slots = vault.slotCount
        let frame: StandbyFrame
        do {
            frame = try await source.follow(after: head.position, hash: head.hash, slots: slots, waitMilliseconds: waitMilliseconds)
        } catch ReplicationError.diverged(let said) {
            throw try contradiction("the primary refused the copy as a prefix of its log: \(said). The copy holds \(head.position) records, the last with chain hash \(head.hash.hex)", records: nil)
        }
        guard frame.first == head.position + 1, frame.firstSlot == slots else {
            throw ReplicationError.malformed("asked for the records after \(head.position) and the slots from \(slots), the primary answered records from \(frame.first) and slots from \(frame.firstSlot)")
        }
        do { try vault.mirror(frame.keys) } catch { throw ReplicationError.ledger(.storage("the vault: \(error)")) }
        // A frame ends at a command's last record; were it not to, the next copy, continuing that command, would
        // be refused by the copy rule.
        let piece = frame.records
        let end = piece.count
        guard !piece.isEmpty else { return Step(copied: 0, keys: frame.keys.count, head: head, primarySize: frame.primarySize) }
        try eraseCopied(piece, from: frame.first)
        let stored: Ledger.Head
        switch await store(piece) {
        case .success(let head): stored = head
        case .failure(let error):
            guard case .copyRefused = error else { throw ReplicationError.ledger(error) }
            throw try contradiction("the records the primary streamed for positions \(frame.first)…\(frame.first + UInt64(end) - 1) were refused (\(error)): they break the ledger's rules", records: piece)
        }
        onCopy(stored, frame.primarySize)
        return Step(copied: end, keys: frame.keys.count, head: stored, primarySize: frame.primarySize)
    }

    /// Copies `piece` by the record rules alone, in a function that does not throw: a typed async throw caught in
    /// a throwing async function met Swift 6.3.1's task-allocator faults, as `Replicator.store` notes.
    private func store(_ piece: [[UInt8]]) async -> Result<Ledger.Head, LedgerError> {
        do { return .success(try await ledger.copy(piece, check: .recordsOnly)) } catch { return .failure(error) }
    }

    /// Erases the key of every subject whose erasure `records` carry, before they are stored.
    private func eraseCopied(_ records: [[UInt8]], from first: UInt64) throws {
        for (offset, record) in records.enumerated() {
            let position = first + UInt64(offset)
            let erasure: (type: String, version: UInt16, payload: [UInt8])? = record.withUnsafeBytes { bytes in
                guard let view = try? RecordView(parsing: bytes), view.stream == PrivacyEvent.stream, view.type == "privacy.erased" else { return nil }
                return (view.type, view.schemaVersion, Array(view.payload))
            }
            guard let erasure else { continue }
            guard case .erased(let subject, _, _)? = try? PrivacyEvent.decode(type: erasure.type, schemaVersion: erasure.version, erasure.payload) else {
                throw try contradiction("the erasure the primary streamed at position \(position) cannot be read: the standby cannot tell whose key to erase", records: [record])
            }
            do { try vault.eraseCopied(subject: subject) } catch { throw ReplicationError.ledger(.storage("the vault, erasing \(subject) (position \(position)): \(error)")) }
        }
    }

    private func contradiction(_ reason: String, records: [[UInt8]]?) throws(ReplicationError) -> ReplicationError {
        var files: [(name: String, bytes: [UInt8])] = []
        if let records { files.append(("records.bin", ReplicaEvidence.records(records))) }
        let folder = try ReplicaEvidence.keep(ledger: ledger.directory, reason: reason, files: files, now: clock())
        return .contradiction(reason: reason, evidence: folder)
    }

    private static func ledger<R>(_ body: () throws(LedgerError) -> R) throws(ReplicationError) -> R {
        do { return try body() } catch { throw ReplicationError.ledger(error) }
    }
}
