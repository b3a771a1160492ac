/// Field types shared by many events: dates as day numbers, closed lists by their fixed numbers, codes as text.
extension PayloadWriter {
    /// A date as its day number since 1970-01-01 (a zigzag varint): compact, and read back without parsing.
    public mutating func write(_ field: UInt32, _ date: CivilDate) { write(field, Int64(date.daysSinceEpoch)) }
    public mutating func write(_ field: UInt32, _ date: CivilDate?) { if let date { write(field, date) } }
    public mutating func write<Choice: RawRepresentable>(_ field: UInt32, choice: Choice) where Choice.RawValue == UInt64 {
        write(field, choice.rawValue)
    }
}

extension PayloadReader.Field {
    public func date() throws(PayloadError) -> CivilDate {
        let days = try int64()
        guard Int64(CivilDate.dayNumbers.lowerBound)...Int64(CivilDate.dayNumbers.upperBound) ~= days else { throw .invalidValue(field: number, reason: "day \(days) is out of range") }
        return CivilDate(daysSinceEpoch: Int(days))
    }

    /// A whole number that must lie within `range`: what a recorded policy may say, however it was recorded.
    public func int(in range: ClosedRange<Int>) throws(PayloadError) -> Int {
        let value = try int()
        guard range.contains(value) else { throw .invalidValue(field: number, reason: "\(value) is outside \(range.lowerBound)...\(range.upperBound)") }
        return value
    }

    public func choice<Choice: RawRepresentable>(_ type: Choice.Type) throws(PayloadError) -> Choice where Choice.RawValue == UInt64 {
        let raw = try uint64()
        guard let value = Choice(rawValue: raw) else { throw .invalidValue(field: number, reason: "\(raw) is not a known \(Choice.self)") }
        return value
    }

    /// A region code as recorded: it was checked when its event was decided, and the chain keeps it as it was,
    /// so reading it back (a rebuild reads millions) checks only its form.
    public func region() throws(PayloadError) -> RegionCode {
        let text = try string()
        guard text.utf8.count == 6 else { throw .invalidValue(field: number, reason: "\"\(text)\" is not a region code") }
        return RegionCode(recorded: text)
    }

    /// A credit code as recorded (see `region()`).
    public func creditCode() throws(PayloadError) -> UnifiedSocialCreditCode {
        let text = try string()
        guard text.utf8.count == 18 else { throw .invalidValue(field: number, reason: "\"\(text)\" is not a unified social credit code") }
        return UnifiedSocialCreditCode(recorded: text)
    }
}

/// A required field's value, or the error naming it.
public func required<Value>(_ value: Value?, _ field: UInt32, _ name: String) throws(PayloadError) -> Value {
    guard let value else { throw .missingField(field: field, name: name) }
    return value
}
