import Foundation
import Ledger

/// Knowledge time (`--as-of`, `asOf=`): what the log held at a position, or at the last event recorded at or
/// before a time. Business time (`from`/`to`) is a separate axis, carried by each query.
public enum AsOf: Sendable, Equatable {
    case position(UInt64)
    case time(Timestamp)

    /// "1234", "2026-03-01T09:30:00+08:00", or a date "2026-03-01", meaning 00:00 Beijing time; nil otherwise.
    public init?(_ text: String) {
        if let position = UInt64(text) {
            self = .position(position)
            return
        }
        let formatter = ISO8601DateFormatter()
        var date = formatter.date(from: text)
        if date == nil, text.count == 10 { date = formatter.date(from: text + "T00:00:00+08:00") }
        guard let date else { return nil }
        self = .time(Timestamp(microsecondsSinceEpoch: Int64((date.timeIntervalSince1970 * 1_000_000).rounded())))
    }

    /// What the parser accepts, for error messages.
    public static let expected = "a position (digits) or a time such as 2026-03-01T09:30:00+08:00 or 2026-03-01"

    /// The log position this names in `ledger`.
    public func position(in ledger: Ledger) throws(LedgerError) -> UInt64 {
        switch self {
        case .position(let position): return position
        case .time(let time): return try ledger.position(recordedAtOrBefore: time)
        }
    }
}
