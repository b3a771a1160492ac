import Domain
import Testing

@Suite struct UnifiedSocialCreditCodeTests {
    /// Codes of real, registered companies, whose check characters GB 32100-2015 gives.
    @Test(arguments: ["91350200776049653A", "91350500798359476R", "913502000728319549", "91440101MA5CJQ4N59", "91330522MA2B3C4D57"])
    func acceptsValidCodes(_ text: String) throws {
        let code = try UnifiedSocialCreditCode(text)
        #expect(code.description == text)
    }

    @Test func readsTheRegistrationRegion() throws {
        #expect(try UnifiedSocialCreditCode("91330522MA2B3C4D57").registrationRegion == "330522")   // 长兴县
    }

    @Test func refusesNamingWhatIsWrong() {
        #expect(throws: IdentifierError("91350200776049653B", "ends in \"B\", but its check character is \"A\"")) {
            try UnifiedSocialCreditCode("91350200776049653B")
        }
        #expect(throws: IdentifierError("9135020077604965", "has 16 characters; a unified social credit code has 18")) {
            try UnifiedSocialCreditCode("9135020077604965")
        }
        #expect(throws: IdentifierError("91350200776O49653A", "has \"O\" at position 12; only digits and capitals other than I, O, S, V, Z are used")) {
            try UnifiedSocialCreditCode("91350200776O49653A")
        }
        #expect(throws: IdentifierError("913502A0776049653A", "positions 3 to 8 must be the 6 digits of a region code")) {
            try UnifiedSocialCreditCode("913502A0776049653A")
        }
        // Some early pilot codes break the rule; they are refused here and must be handled as exceptions.
        #expect(throws: IdentifierError.self) { try UnifiedSocialCreditCode("91350100M0001TGQXM") }
    }
}
