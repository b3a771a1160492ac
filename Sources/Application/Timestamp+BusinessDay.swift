public import Domain
public import Ledger

extension Timestamp {
    /// Midnight at the start of `day` in China Standard Time (UTC+8), the zone every business day here is in.
    public init(businessDay day: CivilDate) {
        self.init(rawValue: (Int64(day.daysSinceEpoch) * 86_400 - 8 * 3_600) * 1_000_000)
    }

    /// The business day (China Standard Time) this moment falls on.
    public var businessDay: CivilDate {
        let (days, remainder) = (rawValue / 1_000_000 + 8 * 3_600).quotientAndRemainder(dividingBy: 86_400)
        return CivilDate(daysSinceEpoch: Int(remainder < 0 ? days - 1 : days))
    }
}
