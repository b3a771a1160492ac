public import Domain
public import Ledger
public import Vault

/// Why a command was not recorded.
public enum HandlingError: Error, Equatable, CustomStringConvertible {
    /// The domain refused it; nothing was written.
    case rejected(Rejection)
    /// The vault could not keep the key of the personal data the command seals; nothing was written.
    case personalData(VaultError)
    /// The caller does not hold the stream, or the region the command names (`Jurisdiction`); nothing was written.
    case forbidden(String)
    case ledger(LedgerError)
    /// A recorded event of the stream cannot be read.
    case unreadable(position: UInt64, PayloadError)
    /// The recorded policy does not make a usable calendar.
    case invalidPolicy(CalendarError)
    /// The command id was recorded before for this stream, but for another request (another command, other
    /// fields or another actor): an idempotency key names one request.
    case commandIDReusedForAnotherRequest(commandID: String, stream: String)

    public var description: String {
        switch self {
        case .rejected(let rejection): return "\(rejection)"
        case .forbidden(let reason): return reason
        case .personalData(let error): return "\(error); nothing was written"
        case .ledger(let error): return "\(error)"
        case let .unreadable(position, error): return "the event at position \(position) cannot be read: \(error)"
        case .invalidPolicy(let error): return "the recorded policy is unusable: \(error)"
        case let .commandIDReusedForAnotherRequest(commandID, stream):
            return "command \"\(commandID)\" was recorded for \(stream) with another request (another command, other fields or another actor); an id names one request, so nothing was written"
        }
    }
}
