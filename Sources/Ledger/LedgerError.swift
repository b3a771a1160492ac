import CLMDB
import LMDB
#if canImport(Glibc)
import Glibc
#endif

/// Why the ledger refused or failed an operation. Nothing is written when an append fails.
public enum LedgerError: Error, Equatable, CustomStringConvertible {
    /// The stream was not at the version the appender expected; `actual` is its last version (0: no stream).
    case wrongExpectedVersion(stream: String, expected: ExpectedVersion, actual: UInt64)
    /// The command id was recorded before, for another stream.
    case commandIDReused(commandID: String, stream: String, recordedStream: String)
    /// The append is malformed; `field` names the part, e.g. `events[2].type`.
    case invalidAppend(stream: String, field: String, reason: String)
    /// Event `event` of the append would make a record of `bytes`, more than `PreparedAppend.Limits.recordBytesMax`.
    case recordTooLarge(stream: String, event: Int, bytes: Int)
    /// The directory holds no ledger, or one this build cannot read.
    case notALedger(directory: String, reason: String)
    /// Another process holds the ledger open for writing; `holder` is what it wrote of itself (its pid and command).
    case heldByAnotherWriter(directory: String, holder: String)
    /// The storage layer failed; nothing of the failed write was kept.
    case storage(String)
    /// Writing or syncing to the disk failed (EIO): what the failed commit wrote may or may not be on the disk,
    /// and the page cache can no longer be trusted to say. The writer acknowledges nothing more until the ledger
    /// is reopened and reread from the disk.
    case syncFailed(String)
    /// A stored record or index entry is not what the log's rules require.
    case damaged(position: UInt64, problem: String)
    /// A proof or tree size asked for lies outside the tree.
    case notInTree(String)
    /// An entry bundle would hold a record longer than its 16-bit length can say (one appended before records
    /// were bounded to 65,535 bytes): the record and its proof are still served on their own.
    case entryTooLarge(position: UInt64, bytes: Int)
    /// Records copied from another ledger (`Ledger.copy`) do not follow this one's head, or their tree does not
    /// lie inside the one they were to prove; `position` is the first record at fault (0: the tree). Nothing was
    /// written.
    case copyRefused(position: UInt64, reason: String)
    /// The ledger was opened read-only.
    case readOnly
    /// The ledger was closed.
    case closed

    public var description: String {
        switch self {
        case let .wrongExpectedVersion(stream, expected, actual):
            let wanted: String
            switch expected {
            case .any: wanted = "any version"
            case .noStream: wanted = "no stream yet"
            case .exactly(let version): wanted = "version \(version)"
            }
            let found = actual == 0 ? "it does not exist" : "it is at version \(actual)"
            return "stream \"\(stream)\": expected \(wanted), but \(found); nothing was written"
        case let .commandIDReused(commandID, stream, recordedStream):
            return "command \"\(commandID)\" was already recorded for stream \"\(recordedStream)\", not \"\(stream)\"; nothing was written"
        case let .invalidAppend(stream, field, reason):
            return "append to stream \"\(stream)\": \(field) \(reason); nothing was written"
        case let .recordTooLarge(stream, event, bytes):
            return "append to stream \"\(stream)\": events[\(event)] would be a record of \(bytes) bytes, more than the \(PreparedAppend.Limits.recordBytesMax) a record may be (docs/FORMAT.md); nothing was written"
        case let .heldByAnotherWriter(directory, holder):
            return "the ledger at \(directory) is already open for writing by another process (\(holder)); stop it first, or open this one read-only"
        case let .notALedger(directory, reason):
            return "\(directory) is not a Fangxin ledger: \(reason)"
        case .storage(let message):
            return "storage failure: \(message)"
        case .syncFailed(let message):
            return "the disk failed a write or an fsync (\(message)): nothing more is acknowledged until the ledger is reopened; what was acknowledged before is on the disk"
        case let .damaged(position, problem):
            return "position \(position): \(problem)"
        case .notInTree(let reason):
            return reason
        case let .entryTooLarge(position, bytes):
            return "the record at position \(position) is \(bytes) bytes, more than the 65,535 an entry bundle carries (it was appended before records were bounded to that); its bytes and proof are at /v1/records/\(position)"
        case let .copyRefused(position, reason):
            return position == 0 ? "copy refused: \(reason); nothing was written" : "copy refused at position \(position): \(reason); nothing was written"
        case .readOnly:
            return "the ledger is open read-only"
        case .closed:
            return "the ledger is closed"
        }
    }

    init(_ error: LMDBError) {
        switch error.code {
        case EIO:
            self = .syncFailed(error.description)
        case ENOSPC:
            self = .storage("\(error.operation): the disk is full (ENOSPC); nothing of this write was kept, and appends resume once space is freed")
        case MDB_MAP_FULL:
            self = .storage("\(error.operation); nothing of this write was kept")
        default:
            self = .storage(error.description)
        }
    }
}

extension LedgerError {
    /// Runs `body`, turning storage errors into `LedgerError`.
    static func mapping<R>(_ body: () throws -> R) throws(LedgerError) -> R {
        do {
            return try body()
        } catch let error as LedgerError {
            throw error
        } catch let error as LMDBError {
            throw LedgerError(error)
        } catch {
            throw .storage(String(describing: error))
        }
    }
}
