import Domain

/// The keys by which the statistics rank merchants and find a merchant's complaints (docs/READMODELS.md).
///
/// A ranking row per period (all time, and each calendar year received) and count: period (u16), complaints received
/// (most first), merchant → the merchant's text while that is its count, empty once it has passed it. The first
/// rows of a period that are not empty are its top merchants, ties by `order(_:)`.
///
/// An index row per complaint: merchant, day received, complaint → the merchant's text, empty once a second
/// receipt moved the complaint. A merchant's complaints in a period are a range of it.
enum MerchantRanking {
    /// The ranking of all time; a year is ranked under its number (1 to 9999).
    static let allTime: UInt64 = 0

    /// The bytes that order merchants of equal counts, and stand for a merchant in keys: its text's UTF-8; for a
    /// text longer than 256 bytes (a name of 100 characters can take 400), or holding a zero byte (which no
    /// command takes), its first 248 bytes, zeros as ones, then an FNV-1a hash of the whole without zero bytes.
    /// So every key stays within LMDB's 511 bytes with its history stamp, and its text part ends at its zero.
    static func order(_ merchant: String) -> [UInt8] {
        let bytes = Array(merchant.utf8)
        guard bytes.count > 256 || bytes.contains(0) else { return bytes }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return (bytes.prefix(248) + withUnsafeBytes(of: hash.bigEndian) { Array($0) }).map { $0 == 0 ? 1 : $0 }
    }

    /// Whether `a` ranks before `b` among equal counts.
    static func precedes(_ a: String, _ b: String) -> Bool { order(a).lexicographicallyPrecedes(order(b)) }

    static func rankKey(_ period: UInt64, received: Int, _ merchant: String) -> [UInt8] {
        RowKey(table: StatisticsProjection.rankingTable).adding(UInt16(truncatingIfNeeded: period)).adding(UInt64.max - UInt64(received))
            .adding(bytes: order(merchant)).bytes
    }

    static func periodPrefix(_ period: UInt64) -> [UInt8] {
        RowKey(table: StatisticsProjection.rankingTable).adding(UInt16(truncatingIfNeeded: period)).bytes
    }

    static func indexKey(_ merchant: String, _ day: CivilDate, _ complaint: String) -> [UInt8] {
        RowKey(table: StatisticsProjection.merchantTable).adding(bytes: order(merchant)).adding(day).adding(complaint).bytes
    }

    static func merchantPrefix(_ merchant: String) -> [UInt8] {
        RowKey(table: StatisticsProjection.merchantTable).adding(bytes: order(merchant)).bytes
    }

    /// The periods a complaint received on `day` counts in.
    static func periods(_ day: CivilDate) -> [UInt64] { [allTime, UInt64(day.year)] }

    /// The period a query from `from` to `to` asks about, when it is all time or one whole calendar year.
    static func period(from: CivilDate?, to: CivilDate?) -> UInt64? {
        switch (from, to) {
        case (nil, nil): return allTime
        case let (from?, to?) where from.year == to.year && from.month == 1 && from.day == 1 && to.month == 12 && to.day == 31:
            return UInt64(from.year)
        default: return nil
        }
    }
}
