public import Domain

/// One credit line (授信) a bank granted a merchant, with what became of it.
public struct CreditLine: Sendable {
    public enum Status: UInt64, Sendable {
        case active = 1, revoked = 2, expired = 3

        public var name: String {
            switch self {
            case .active: return "active"
            case .revoked: return "revoked"
            case .expired: return "expired"
            }
        }
    }

    public var merchant: String
    public var bank: String
    public var product: String
    public var amountFen: Int64
    public var termMonths: Int
    public var grantedOn: CivilDate?
    /// The position of the grant, and of the event that last changed its status.
    public var grantedAt: UInt64
    public var status: Status
    public var statusAt: UInt64

    func encoded() -> [UInt8] {
        var writer = PayloadWriter()
        writer.write(1, amountFen)
        writer.write(2, termMonths)
        writer.write(3, grantedOn)
        writer.write(4, grantedAt)
        writer.write(5, choice: status)
        writer.write(6, statusAt)
        return writer.bytes
    }

    init(merchant: String, bank: String, product: String, amountFen: Int64, termMonths: Int, grantedOn: CivilDate?, grantedAt: UInt64) {
        self.merchant = merchant
        self.bank = bank
        self.product = product
        self.amountFen = amountFen
        self.termMonths = termMonths
        self.grantedOn = grantedOn
        self.grantedAt = grantedAt
        status = .active
        statusAt = grantedAt
    }

    init(key: [UInt8], decoding bytes: [UInt8]) throws {
        var reader = RowKeyReader(key)
        merchant = try reader.text()
        bank = try reader.text()
        product = try reader.text()
        let fields = try PayloadFields(bytes)
        amountFen = try fields.one(1, "amountFen").int64()
        termMonths = try fields.one(2, "termMonths").int()
        grantedOn = try fields.optional(3)?.date()
        grantedAt = try fields.one(4, "grantedAt").uint64()
        status = try fields.one(5, "status").choice(Status.self)
        statusAt = try fields.one(6, "statusAt").uint64()
    }
}
