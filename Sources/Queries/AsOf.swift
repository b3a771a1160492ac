import Domain
public import Ledger

/// Knowledge time (`--as-of`, `asOf=`): what the log held at a position, or at the last event recorded at or
/// before a time. Business time (`from`/`to`) is a separate axis, carried by each query.
public enum AsOf: Sendable, Equatable {
    case position(UInt64)
    case time(Timestamp)

    /// "1234", "2026-03-01T09:30:00+08:00" (RFC 3339: a `Z` or an offset, optional fractions of a second), or a
    /// date "2026-03-01", meaning 00:00 Beijing time; nil otherwise. Every part must be real: 2026-02-30 and
    /// 24:00 are refused, not rolled over.
    public init?(_ text: String) {
        if let position = QueryParameter.digits(text) {
            self = .position(position)
            return
        }
        let bytes = Array(text.utf8)
        guard bytes.count >= 10, let day = CivilDate(String(decoding: bytes[0..<10], as: UTF8.self)) else { return nil }
        let midnightUTC = Int64(day.daysSinceEpoch) * 86_400
        if bytes.count == 10 {
            self = .time(Timestamp(microsecondsSinceEpoch: (midnightUTC - 8 * 3_600) * 1_000_000))
            return
        }
        guard let (seconds, micros) = Self.timeOfDay(bytes[10...]) else { return nil }
        self = .time(Timestamp(microsecondsSinceEpoch: (midnightUTC + seconds) * 1_000_000 + micros))
    }

    /// `THH:MM:SS[.fraction](Z|±HH:MM)`: seconds from the day's midnight UTC (the offset applied), and microseconds.
    private static func timeOfDay(_ bytes: ArraySlice<UInt8>) -> (Int64, Int64)? {
        var rest = bytes
        func number(_ count: Int, _ range: ClosedRange<Int64>) -> Int64? {
            guard rest.count >= count, rest.prefix(count).allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            let value = rest.prefix(count).reduce(Int64(0)) { $0 * 10 + Int64($1 - 0x30) }
            rest = rest.dropFirst(count)
            return range.contains(value) ? value : nil
        }
        func expect(_ character: Character) -> Bool {
            guard rest.first == character.asciiValue else { return false }
            rest = rest.dropFirst()
            return true
        }
        guard expect("T") || expect("t"), let hour = number(2, 0...23), expect(":"), let minute = number(2, 0...59), expect(":"),
              let second = number(2, 0...59) else { return nil }
        var micros: Int64 = 0
        if expect(".") {
            let digits = rest.prefix { (0x30...0x39).contains($0) }
            guard (1...9).contains(digits.count) else { return nil }
            let padded = Array(digits.prefix(6)) + Array(repeating: UInt8(ascii: "0"), count: max(0, 6 - digits.count))
            micros = padded.reduce(Int64(0)) { $0 * 10 + Int64($1 - 0x30) }
            rest = rest.dropFirst(digits.count)
        }
        var offset: Int64 = 0
        if expect("Z") || expect("z") {
        } else if let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            rest = rest.dropFirst()
            guard let hours = number(2, 0...23), expect(":"), let minutes = number(2, 0...59) else { return nil }
            offset = (hours * 3_600 + minutes * 60) * (sign == UInt8(ascii: "+") ? 1 : -1)
        } else {
            return nil
        }
        guard rest.isEmpty else { return nil }
        return (hour * 3_600 + minute * 60 + second - offset, micros)
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
