import Foundation
import Ledger
@testable import Replication
import Synchronization
import Vault

/// A primary's standby stream in the test's process: the records after the standby's head and the vault's slots
/// after its own, as `GET /v1/standby/stream` answers them, with a knob to change a record before it is served.
final class StandbyDouble: StandbySource, Sendable {
    let ledger: Ledger
    let vault: PersonalDataVault
    private let tamper = Mutex<(@Sendable (UInt64, [UInt8]) -> [UInt8])?>(nil)
    /// What each request said the standby held.
    let reported = Mutex<[UInt64]>([])

    init(ledger: Ledger, vault: PersonalDataVault) {
        self.ledger = ledger
        self.vault = vault
    }

    func tamperRecords(_ change: @escaping @Sendable (UInt64, [UInt8]) -> [UInt8]) { tamper.withLock { $0 = change } }

    func follow(after: UInt64, hash: ChainHash, slots: UInt64, waitMilliseconds: Int) async throws -> StandbyFrame {
        reported.withLock { $0.append(after) }
        do {
            let head = try ledger.head()
            guard after <= head.position else { throw ReplicationError.diverged("the standby holds \(after) records, this log \(head.position)") }
            if after > 0 {
                guard let record = try ledger.recordBytes(at: after) else { throw ReplicationError.unreachable("record \(after) is missing") }
                let held = try record.withUnsafeBytes { try RecordView(parsing: $0).chainHash }
                guard held == hash else { throw ReplicationError.diverged("record \(after) differs") }
            }
            let change = tamper.withLock { $0 }
            let records = try (after..<head.position).map { position in
                guard let record = try ledger.recordBytes(at: position + 1) else { throw ReplicationError.unreachable("record \(position + 1) is missing") }
                return change?(position + 1, record) ?? record
            }
            return StandbyFrame(first: after + 1, records: records, firstSlot: slots, keys: try vault.keys(fromSlot: slots, limit: 4_096),
                                primarySize: head.position)
        } catch let error as ReplicationError {
            throw error
        } catch {
            throw ReplicationError.unreachable("\(error)")
        }
    }
}
