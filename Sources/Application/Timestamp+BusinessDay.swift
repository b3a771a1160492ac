import Domain
import Ledger

extension Timestamp {
    /// Midnight at the start of `day` in China Standard Time (UTC+8), the zone every business day here is in.
    public init(businessDay day: CivilDate) {
        self.init(rawValue: (Int64(day.daysSinceEpoch) * 86_400 - 8 * 3_600) * 1_000_000)
    }
}
