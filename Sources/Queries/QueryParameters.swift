public import Domain
public import Projections

/// A query parameter that is not what it should be: its name (an option without the dashes, or a URL query
/// key) and why.
public struct InvalidParameter: Error, Equatable, CustomStringConvertible {
    public let name: String
    public let reason: String

    public init(_ name: String, _ reason: String) {
        self.name = name
        self.reason = reason
    }

    public var description: String { "\(name): \(reason)" }
}

/// Parameters given as text, by a command line or a URL, checked and typed the same way for both.
public enum QueryParameter {
    /// Text a caller gave, quoted for a message: whole when short, else its start and its length, so that a
    /// refusal of a 4 MiB parameter is not 4 MiB itself.
    public static func quoted(_ text: String) -> String {
        guard text.utf8.count > 64 else { return "\"\(text)\"" }
        return "\"\(text.prefix(32))…\" (\(text.utf8.count) bytes)"
    }

    public static func asOf(_ name: String, _ text: String?) throws(InvalidParameter) -> AsOf? {
        guard let text else { return nil }
        guard let asOf = AsOf(text) else { throw InvalidParameter(name, "\(quoted(text)): give \(AsOf.expected)") }
        return asOf
    }

    public static func date(_ name: String, _ text: String?) throws(InvalidParameter) -> CivilDate? {
        guard let text else { return nil }
        guard let date = CivilDate(text) else { throw InvalidParameter(name, "\(quoted(text)) is not a date written YYYY-MM-DD") }
        return date
    }

    public static func region(_ name: String, _ text: String?) throws(InvalidParameter) -> RegionCode? {
        guard let text else { return nil }
        do { return try RegionCode(text) } catch { throw InvalidParameter(name, "\(error)") }
    }

    public static func tier(_ name: String, _ text: String) throws(InvalidParameter) -> Tier {
        guard let tier = Tier(name: text) else {
            throw InvalidParameter(name, "\(quoted(text)) is not a library (\(Tier.allCases.map(\.name).joined(separator: ", ")))")
        }
        return tier
    }

    /// A merchant to look up: a code's shape is enough, since one whose check character is wrong is simply found
    /// nowhere (404), as any other unknown merchant.
    public static func merchant(_ name: String, _ text: String) throws(InvalidParameter) -> String {
        guard UnifiedSocialCreditCode.isWellFormed(text) else {
            do { _ = try UnifiedSocialCreditCode(text) } catch { throw InvalidParameter(name, "\(error)") }
            return text
        }
        return text
    }

    /// Where a page of merchants resumes: the last credit code of the page before (`next`). Any code of the
    /// right shape will do; nil when absent.
    public static func merchantCursor(_ name: String, _ text: String?) throws(InvalidParameter) -> String? {
        guard let text else { return nil }
        return try merchant(name, text)
    }

    /// Plain decimal digits, nothing else (no sign, no spaces), as a whole number up to `Int64.max` (positions and
    /// versions never come near it, and clients that read JSON numbers as signed can carry it); nil otherwise.
    public static func digits(_ text: String) -> UInt64? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = UInt64(text), value <= UInt64(Int64.max) else {
            return nil
        }
        return value
    }

    /// A whole number within `range`, written in plain digits.
    public static func number(_ name: String, _ text: String?, in range: ClosedRange<Int>) throws(InvalidParameter) -> Int? {
        guard let text else { return nil }
        guard let digits = digits(text), let value = Int(exactly: digits), range.contains(value) else {
            throw InvalidParameter(name, "\(quoted(text)) is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    public static func position(_ name: String, _ text: String?) throws(InvalidParameter) -> UInt64? {
        guard let text else { return nil }
        guard let value = digits(text) else { throw InvalidParameter(name, "\(quoted(text)) is not a log position") }
        return value
    }

    /// A statistics query from its parameters, each named as the caller names it (`names.by` is "--by" or "by").
    public static func statistics(
        from: String?, to: String?, by: String?, region: String?, category: String?, channel: String?, merchant: String?,
        top: String?, names: (String) -> String = { $0 }
    ) throws(InvalidParameter) -> StatisticsQuery {
        let grouping = by ?? StatisticsQuery.Grouping.none.rawValue
        guard let groupBy = StatisticsQuery.Grouping(rawValue: grouping) else {
            throw InvalidParameter(names("by"), "\(quoted(grouping)): group by one of \(StatisticsQuery.Grouping.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        // A period that ends before it starts is empty: it holds no complaint.
        let first = try date(names("from"), from), last = try date(names("to"), to)
        return StatisticsQuery(
            from: first, to: last, region: try self.region(names("region"), region),
            category: try category.map { text throws(InvalidParameter) in
                guard let value = ComplaintCategory.byImportName[text] else { throw InvalidParameter(names("category"), "\(quoted(text)): goods or service") }
                return value
            },
            channel: try channel.map { text throws(InvalidParameter) in
                guard let value = ComplaintChannel.byImportName[text] else {
                    throw InvalidParameter(names("channel"), "\(quoted(text)): one of \(ComplaintChannel.allCases.map(\.name).joined(separator: ", "))")
                }
                return value
            },
            merchant: merchant, groupBy: groupBy, top: try number(names("top"), top, in: 1...1_000_000))
    }
}

/// The supervision list's parameters (docs/SUPERVISION.md), each named as the caller names it.
public struct SupervisionParameters: Sendable {
    /// Working days of the window when none is given: a working week.
    public static let defaultWindow = 5
    /// The widest window: about a year of working days.
    public static let maximumWindow = 250

    public let day: CivilDate
    public let dueWithin: Int
    public let region: RegionCode?

    /// `today` is the edge's business day, taken when `on` is not given: the query itself reads no clock.
    public init(on: String?, dueWithin: String?, region: String?, today: CivilDate, names: (String) -> String = { $0 }) throws(InvalidParameter) {
        day = try QueryParameter.date(names("on"), on) ?? today
        self.dueWithin = try QueryParameter.number(names("dueWithin"), dueWithin, in: 0...Self.maximumWindow) ?? Self.defaultWindow
        self.region = try QueryParameter.region(names("region"), region)
    }
}
