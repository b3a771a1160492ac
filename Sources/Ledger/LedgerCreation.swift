import Foundation
import LMDB

/// A new ledger is created under a marker file (`EnvironmentCreation`), so that a crash while creating it never
/// leaves one that cannot open. No append is taken before creation ends, so a ledger found with the marker held
/// nothing ever acknowledged, and the next open for writing creates it again.
enum LedgerCreation {
    static let markerName = EnvironmentCreation.markerName

    static func isUnfinished(_ path: String) -> Bool { EnvironmentCreation.isUnfinished(path) }

    /// With the writer lock held, before LMDB opens: whether the ledger is to be created now.
    static func begin(_ path: String) throws(LedgerError) -> Bool {
        do { return try EnvironmentCreation.begin(path) } catch { throw LedgerError(error) }
    }

    /// Once the new ledger's first commit is durable: removes the marker, durably, and makes the directory's
    /// own name durable when this open created it.
    static func finish(_ path: String, createdDirectory: Bool) throws(LedgerError) {
        do {
            try EnvironmentCreation.finish(path)
            if createdDirectory { try EnvironmentCreation.syncDirectory(URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        } catch {
            throw LedgerError(error)
        }
    }
}
