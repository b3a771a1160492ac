/// 授信: a bank grants a merchant a line of credit, such as the rural banks' 放心贷.
///
/// Schema versions:
/// - 1: the amount in whole yuan, as banks report credit lines (field 4, `amountYuan`).
/// - 2: the amount in fen like every other sum in Fangxin (field 4, `amountFen`). Version 1 payloads are
///   upcast on reading: fen = yuan × 100.
///
/// Fields: 1 merchant (text, unified social credit code), 2 bank (text), 3 product (text),
/// 4 amount (signed integer), 5 term in months (signed integer), 6 granted on (date; version 2 only).
public struct CreditGranted: EventPayload, Hashable {
    public static let type = "credit.granted"
    public static let schemaVersion: UInt16 = 2

    public var merchant: UnifiedSocialCreditCode
    public var bank: String
    /// The credit product, e.g. "放心贷".
    public var product: String
    public var amountFen: Int64
    public var termMonths: Int
    /// The business day of the grant; version 1 events did not record it.
    public var grantedOn: CivilDate?

    public init(merchant: UnifiedSocialCreditCode, bank: String, product: String, amountFen: Int64, termMonths: Int, grantedOn: CivilDate? = nil) {
        self.grantedOn = grantedOn
        self.merchant = merchant
        self.bank = bank
        self.product = product
        self.amountFen = amountFen
        self.termMonths = termMonths
    }

    public func encoded() -> [UInt8] {
        var writer = PayloadWriter()
        writer.write(1, merchant.description)
        writer.write(2, bank)
        writer.write(3, product)
        writer.write(4, amountFen)
        writer.write(5, termMonths)
        writer.write(6, grantedOn)
        return writer.bytes
    }

    public static func decode(_ bytes: [UInt8], schemaVersion: UInt16) throws(PayloadError) -> CreditGranted {
        guard schemaVersion == 1 || schemaVersion == 2 else { throw .unknownSchemaVersion(type: type, version: schemaVersion) }
        var merchant: String?, bank: String?, product: String?, amount: Int64?, termMonths: Int?, grantedOn: CivilDate?
        var reader = PayloadReader(bytes)
        while let field = try reader.next() {
            switch field.number {
            case 1: merchant = try field.string()
            case 2: bank = try field.string()
            case 3: product = try field.string()
            case 4: amount = try field.int64()
            case 5: termMonths = try field.int()
            case 6: grantedOn = try field.date()
            default: break   // a field from a later version: skipped
            }
        }
        guard let merchant else { throw .missingField(field: 1, name: "merchant") }
        guard let bank else { throw .missingField(field: 2, name: "bank") }
        guard let product else { throw .missingField(field: 3, name: "product") }
        guard let amount else { throw .missingField(field: 4, name: schemaVersion == 1 ? "amountYuan" : "amountFen") }
        guard let termMonths else { throw .missingField(field: 5, name: "termMonths") }
        // Checked when the grant was decided; reading back checks only its form (see PayloadReader.Field.creditCode).
        guard merchant.utf8.count == 18 else { throw .invalidValue(field: 1, reason: "\"\(merchant)\" is not a unified social credit code") }
        let code = UnifiedSocialCreditCode(recorded: merchant)
        // The upcast: version 1 counted whole yuan.
        let (amountFen, overflow) = schemaVersion == 1 ? amount.multipliedReportingOverflow(by: 100) : (amount, false)
        guard !overflow else { throw .outOfRange(field: 4) }
        return CreditGranted(merchant: code, bank: bank, product: product, amountFen: amountFen, termMonths: termMonths, grantedOn: grantedOn)
    }
}
