import Domain
import Foundation
import Ledger

/// The demo's clock. While the stories load, it reads the business day of the command being recorded, from
/// 09:00 Beijing time, a minute on for each commit that day. The ledger then records each story as a live system
/// would have, so "as of 2025-01-01" shows what was known then. Afterwards it is the system clock.
final class StoryClock: @unchecked Sendable {
    private let lock = NSLock()
    private var day: CivilDate?
    private var minutes: Int64 = 0

    /// Until it follows a day, the system clock.
    init() {}

    /// From now on, the time is `day`'s working hours.
    func follow(_ day: CivilDate) {
        lock.withLock {
            guard day != self.day else { return }
            self.day = day
            minutes = 0
        }
    }

    /// Back to the system clock.
    func goLive() { lock.withLock { day = nil } }

    func now() -> Timestamp {
        lock.withLock {
            guard let day else { return .now() }
            // 09:00 in China Standard Time is 01:00 UTC; a busy day stays within its working hours.
            defer { minutes = min(minutes + 1, 9 * 60 - 1) }
            return Timestamp(microsecondsSinceEpoch: (Int64(day.daysSinceEpoch) * 86_400 + 3_600 + minutes * 60) * 1_000_000)
        }
    }

    /// The day the demo records its rules on, before its first story.
    static let firstDay = CivilDate("2023-01-01")!
}
