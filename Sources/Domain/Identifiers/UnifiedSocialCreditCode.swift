/// A merchant's unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, the last a check
/// character over the first 17. The key of a merchant's stream.
///
///     9 1 330522 MA2B3C4D5 7
///     │ │ │      │         └ check character
///     │ │ │      └ subject identifier (主体标识码, 9 characters)
///     │ │ └ region of the registration authority (GB/T 2260, 6 digits)
///     │ └ type of organisation (机构类别)
///     └ registration authority (登记管理部门, 9 = market regulation)
public struct UnifiedSocialCreditCode: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The characters the code may use: digits and capitals without I, O, S, V, Z. A character's value is
    /// its place here.
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")

    public let description: String

    /// Checks length, characters, the region digits and the check character; the error says which failed.
    public init(_ text: String) throws(IdentifierError) {
        let characters = Array(text)
        guard characters.count == 18 else {
            throw IdentifierError(text, "has \(characters.count) characters; a unified social credit code has 18")
        }
        var values: [Int] = []
        for (index, character) in characters.enumerated() {
            guard let value = Self.alphabet.firstIndex(of: character) else {
                throw IdentifierError(text, "has \"\(character)\" at position \(index + 1); only digits and capitals other than I, O, S, V, Z are used")
            }
            values.append(value)
        }
        guard values[2..<8].allSatisfy({ $0 < 10 }) else {
            throw IdentifierError(text, "positions 3 to 8 must be the 6 digits of a region code")
        }
        let expected = Self.checkCharacter(values[..<17])
        guard characters[17] == expected else {
            throw IdentifierError(text, "ends in \"\(characters[17])\", but its check character is \"\(expected)\"")
        }
        description = text
    }

    /// Whether `text` has a code's shape (18 characters of the alphabet, a region's digits at 3 to 8), whatever
    /// its check character: enough to look a merchant up, where a wrong check character just finds nothing.
    public static func isWellFormed(_ text: String) -> Bool {
        let characters = Array(text)
        guard characters.count == 18 else { return false }
        let values = characters.compactMap { alphabet.firstIndex(of: $0) }
        return values.count == 18 && values[2..<8].allSatisfy { $0 < 10 }
    }

    /// A code read back from the log, checked when it was recorded.
    init(recorded text: String) { description = text }

    /// GB 32100-2015: weights 3^i mod 31, check value (31 − Σ mod 31) mod 31.
    static func checkCharacter(_ values: ArraySlice<Int>) -> Character {
        var weight = 1
        var sum = 0
        for value in values {
            sum += value * weight
            weight = weight * 3 % 31
        }
        return alphabet[(31 - sum % 31) % 31]
    }

    /// The six-digit GB/T 2260 code of the registration authority's region.
    public var registrationRegion: String { String(Array(description)[2..<8]) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
