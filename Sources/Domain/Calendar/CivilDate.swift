/// A day of the proleptic Gregorian calendar, with no time and no zone: what a statutory deadline is.
///
/// Written `YYYY-MM-DD`, also in JSON.
public struct CivilDate: Hashable, Comparable, Sendable, Codable, LosslessStringConvertible {
    /// Year, month and day in four bytes (year << 9 | month << 5 | day), in the calendar's order: read models hold
    /// millions of dates, and comparing two is comparing two integers.
    private let packed: UInt32

    public var year: Int { Int(packed >> 9) }
    public var month: Int { Int(packed >> 5 & 0xF) }
    public var day: Int { Int(packed & 0x1F) }

    /// Nil unless year, month and day name a real day.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), (1...CivilDate.daysIn(month, of: year)).contains(day) else {
            return nil
        }
        self.init(checkedYear: year, month: month, day: day)
    }

    private init(checkedYear year: Int, month: Int, day: Int) {
        packed = UInt32(year) << 9 | UInt32(month) << 5 | UInt32(day)
    }

    /// Parses `YYYY-MM-DD` exactly (zero-padded); nil for anything else.
    public init?(_ text: String) {
        // YYYY-MM-DD in ASCII digits, read as bytes: dates are parsed for every command and every query.
        guard let parsed = text.utf8.withContiguousStorageIfAvailable({ Self.parse($0) }) ?? Self.parse(Array(text.utf8)) else { return nil }
        self.init(year: parsed.year, month: parsed.month, day: parsed.day)
    }

    private static func parse(_ bytes: some RandomAccessCollection<UInt8>) -> (year: Int, month: Int, day: Int)? {
        guard bytes.count == 10 else { return nil }
        var values = (0, 0, 0)
        for (offset, byte) in bytes.enumerated() {
            switch offset {
            case 4, 7:
                guard byte == UInt8(ascii: "-") else { return nil }
            default:
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                let digit = Int(byte - UInt8(ascii: "0"))
                if offset < 4 { values.0 = values.0 * 10 + digit } else if offset < 7 { values.1 = values.1 * 10 + digit } else { values.2 = values.2 * 10 + digit }
            }
        }
        return values
    }

    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Days since 1970-01-01 (negative before it). Howard Hinnant's `days_from_civil`.
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The first and last days a date can name.
    public static let earliest = CivilDate(year: 1, month: 1, day: 1)!
    public static let latest = CivilDate(year: 9999, month: 12, day: 31)!
    /// `earliest` and `latest` as day numbers.
    public static let dayNumbers = -719_162...2_932_896

    /// The day `daysSinceEpoch` days after 1970-01-01 (Hinnant's `civil_from_days`), held to
    /// `earliest...latest`: date arithmetic saturates there instead of leaving the calendar.
    public init(daysSinceEpoch days: Int) {
        let z = min(max(days, Self.dayNumbers.lowerBound), Self.dayNumbers.upperBound) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        self.init(checkedYear: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// The day `days` days later (earlier when negative), saturating at `earliest` and `latest`.
    public func adding(days: Int) -> CivilDate {
        let (sum, overflow) = daysSinceEpoch.addingReportingOverflow(days)
        return CivilDate(daysSinceEpoch: overflow ? (days < 0 ? Int.min : Int.max) : sum)
    }

    /// The same day `years` years later (earlier when negative), 29 February becoming the 28th, saturating at
    /// `earliest` and `latest`.
    public func adding(years: Int) -> CivilDate {
        let target = year.addingReportingOverflow(years)
        guard !target.overflow, (1...9999).contains(target.partialValue) else { return years < 0 ? .earliest : .latest }
        return CivilDate(year: target.partialValue, month: month, day: min(day, Self.daysIn(month, of: target.partialValue)))!
    }

    /// The first and the last day of this day's month.
    public var firstOfMonth: CivilDate { CivilDate(year: year, month: month, day: 1)! }
    public var lastOfMonth: CivilDate { CivilDate(year: year, month: month, day: Self.daysIn(month, of: year))! }

    /// ISO weekday: 1 Monday … 7 Sunday.
    public var weekday: Int {
        let fromThursday = (daysSinceEpoch % 7 + 7) % 7   // 1970-01-01 was a Thursday
        return (fromThursday + 3) % 7 + 1
    }

    public var isWeekend: Bool { weekday >= 6 }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.packed < rhs.packed }

    static func daysIn(_ month: Int, of year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CivilDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\"\(text)\" is not a date written YYYY-MM-DD"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
