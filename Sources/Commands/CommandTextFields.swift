import Domain

extension CommandText {
    /// A field that is absent where it is required, or not of its field's type: the document is left to the
    /// decoder, which names the fault.
    struct Mismatch: Error {}

    func text(_ name: String) throws(Mismatch) -> String {
        guard let text = try optionalText(name) else { throw Mismatch() }
        return text
    }

    func optionalText(_ name: String) throws(Mismatch) -> String? {
        switch value(of: name) {
        case nil, .null?: return nil
        case .text(let text)?: return text
        default: throw Mismatch()
        }
    }

    func number<Number: FixedWidthInteger>(_ name: String) throws(Mismatch) -> Number {
        guard let number: Number = try optionalNumber(name) else { throw Mismatch() }
        return number
    }

    func optionalNumber<Number: FixedWidthInteger>(_ name: String) throws(Mismatch) -> Number? {
        switch value(of: name) {
        case nil, .null?: return nil
        case .number(let number)?:
            guard let exact = Number(exactly: number) else { throw Mismatch() }
            return exact
        default: throw Mismatch()
        }
    }

    func flag(_ name: String) throws(Mismatch) -> Bool {
        guard let flag = try optionalFlag(name) else { throw Mismatch() }
        return flag
    }

    func optionalFlag(_ name: String) throws(Mismatch) -> Bool? {
        switch value(of: name) {
        case nil, .null?: return nil
        case .flag(let flag)?: return flag
        default: throw Mismatch()
        }
    }

    func date(_ name: String) throws(Mismatch) -> CivilDate {
        guard let date = try optionalDate(name) else { throw Mismatch() }
        return date
    }

    func optionalDate(_ name: String) throws(Mismatch) -> CivilDate? {
        guard let text = try optionalText(name) else { return nil }
        guard let date = CivilDate(text) else { throw Mismatch() }
        return date
    }

    func choice<Value: ImportName>(_ name: String) throws(Mismatch) -> Choice<Value> {
        guard let choice: Choice<Value> = try optionalChoice(name) else { throw Mismatch() }
        return choice
    }

    func optionalChoice<Value: ImportName>(_ name: String) throws(Mismatch) -> Choice<Value>? {
        guard let text = try optionalText(name) else { return nil }
        guard let value = Value.byImportName[text] else { throw Mismatch() }
        return Choice(value)
    }

    func optionalTexts(_ name: String) throws(Mismatch) -> [String]? {
        switch value(of: name) {
        case nil, .null?: return nil
        case .texts(let texts)?: return texts
        default: throw Mismatch()
        }
    }
}
