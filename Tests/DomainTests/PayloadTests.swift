import Domain
import Testing

@Suite struct PayloadTests {
    let grant = CreditGranted(
        merchant: try! UnifiedSocialCreditCode("91330522MA2B3C4D57"), bank: "岱山农商银行", product: "放心贷",
        amountFen: 57_142_857_14, termMonths: 36)

    @Test func anEventSurvivesARoundTrip() throws {
        #expect(try CreditGranted.decode(grant.encoded(), schemaVersion: CreditGranted.schemaVersion) == grant)
    }

    /// The stored bytes are part of the log's format: pinned, so that a change to them cannot pass unseen.
    @Test func theEncodingIsTheDocumentedWireFormat() {
        var expected: [UInt8] = [0x0a, 18] + Array("91330522MA2B3C4D57".utf8)        // field 1, length-delimited
        expected += [0x12, 18] + Array("岱山农商银行".utf8)                          // field 2
        expected += [0x1a, 9] + Array("放心贷".utf8)                                  // field 3
        expected += [0x20, 0xa4, 0xd2, 0xc8, 0xc9, 0x2a]                              // field 4: zigzag(5,714,285,714), by a separate script
        expected += [0x28, 72]                                                         // field 5: zigzag(36) = 72
        #expect(grant.encoded() == expected)
    }

    @Test func aVersion1EventIsUpcastFromYuanToFen() throws {
        var v1 = PayloadWriter()
        v1.write(1, "91330522MA2B3C4D57")
        v1.write(2, "岱山农商银行")
        v1.write(3, "放心贷")
        v1.write(4, Int64(360_000))   // whole yuan
        v1.write(5, 12)
        let upcast = try CreditGranted.decode(v1.bytes, schemaVersion: 1)
        #expect(upcast.amountFen == 36_000_000)
        #expect(upcast.termMonths == 12)
        #expect(throws: PayloadError.unknownSchemaVersion(type: "credit.granted", version: 3)) {
            try CreditGranted.decode(v1.bytes, schemaVersion: 3)
        }
    }

    @Test func fieldsAddedLaterAreSkippedByOlderReaders() throws {
        var newer = PayloadWriter()
        newer.write(9, "a field from a later version")
        newer.write(10, message: { $0.write(1, Int64(-7)) })
        let bytes = grant.encoded() + newer.bytes
        #expect(try CreditGranted.decode(bytes, schemaVersion: 2) == grant)
    }

    @Test func damagedPayloadsAreErrorsNamingTheField() {
        var missing = PayloadWriter()
        missing.write(1, "91330522MA2B3C4D57")
        #expect(throws: PayloadError.missingField(field: 2, name: "bank")) { try CreditGranted.decode(missing.bytes, schemaVersion: 2) }
        #expect(throws: PayloadError.malformed("field 1 claims 18 bytes, but 5 remain")) {
            try CreditGranted.decode(Array(grant.encoded().prefix(7)), schemaVersion: 2)
        }
        var wrongType = PayloadWriter()
        wrongType.write(1, Int64(5))
        #expect(throws: PayloadError.wrongType(field: 1, expected: "text")) { try CreditGranted.decode(wrongType.bytes, schemaVersion: 2) }
        // Codes were checked when their event was decided, and the chain keeps them; reading back checks their form.
        var badCode = PayloadWriter()
        for (field, text) in [(1, "9133052"), (2, "b"), (3, "p")] { badCode.write(UInt32(field), text) }
        badCode.write(4, Int64(1))
        badCode.write(5, 1)
        #expect(throws: PayloadError.invalidValue(field: 1, reason: "\"9133052\" is not a unified social credit code")) {
            try CreditGranted.decode(badCode.bytes, schemaVersion: 2)
        }
    }

    @Test(arguments: [Int64.min, -1, 0, 1, 63, 64, -65, Int64.max])
    func signedIntegersRoundTrip(_ value: Int64) throws {
        var writer = PayloadWriter()
        writer.write(3, value)
        var reader = PayloadReader(writer.bytes)
        let field = try #require(try reader.next())
        #expect(field.number == 3)
        #expect(try field.int64() == value)
        #expect(try reader.next() == nil)
    }

    @Test func aVarintLongerThan64BitsIsRefused() {
        var reader = PayloadReader([0x08] + [UInt8](repeating: 0xff, count: 10) + [0x01])
        #expect(throws: PayloadError.malformed("a varint longer than 64 bits")) { _ = try reader.next() }
    }
}
