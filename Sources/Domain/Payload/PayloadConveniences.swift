/// Field types shared by many events: dates as text, closed lists by their fixed numbers, codes as text.
extension PayloadWriter {
    public mutating func write(_ field: UInt32, _ date: CivilDate) { write(field, date.description) }
    public mutating func write(_ field: UInt32, _ date: CivilDate?) { if let date { write(field, date) } }
    public mutating func write<Choice: RawRepresentable>(_ field: UInt32, choice: Choice) where Choice.RawValue == UInt64 {
        write(field, choice.rawValue)
    }
}

extension PayloadReader.Field {
    public func date() throws(PayloadError) -> CivilDate {
        let text = try string()
        guard let date = CivilDate(text) else { throw .invalidValue(field: number, reason: "\"\(text)\" is not a date") }
        return date
    }

    public func choice<Choice: RawRepresentable>(_ type: Choice.Type) throws(PayloadError) -> Choice where Choice.RawValue == UInt64 {
        let raw = try uint64()
        guard let value = Choice(rawValue: raw) else { throw .invalidValue(field: number, reason: "\(raw) is not a known \(Choice.self)") }
        return value
    }

    public func region() throws(PayloadError) -> RegionCode {
        do { return try RegionCode(try string()) } catch let error as IdentifierError {
            throw .invalidValue(field: number, reason: error.description)
        } catch let error as PayloadError { throw error } catch { throw .invalidValue(field: number, reason: "\(error)") }
    }

    public func creditCode() throws(PayloadError) -> UnifiedSocialCreditCode {
        let text = try string()
        do { return try UnifiedSocialCreditCode(text) } catch { throw .invalidValue(field: number, reason: error.description) }
    }
}

/// A required field's value, or the error naming it.
public func required<Value>(_ value: Value?, _ field: UInt32, _ name: String) throws(PayloadError) -> Value {
    guard let value else { throw .missingField(field: field, name: name) }
    return value
}
