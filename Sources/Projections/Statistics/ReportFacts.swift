public import Domain

/// What the statistics need to know of one report (举报): where and when it came in, and how far it has got.
/// Like a complaint, it counts in the period it was received.
public struct ReportFacts: Sendable {
    public var id: String
    public var receivedOn: CivilDate
    public var channel: ComplaintChannel
    public var region: String
    /// The merchant's credit code when the report names one, else its name.
    public var merchant: String
    public var merchantName: String
    /// The last day to verify it and decide whether to open a case (D6).
    public var verificationDue: CivilDate
    public var verifiedOn: CivilDate?
    public var substantiated = false
    public var decidedOn: CivilDate?
    public var filed = false
    public var caseClosedOn: CivilDate?
    public var penaltyFen: Int64 = 0
    public var rewardFen: Int64 = 0
    /// Its receipt voided (误登记): it counts for nothing, and its row is emptied.
    public var voided = false

    init(id: String, _ received: ReportEvent.Received) {
        self.id = id
        receivedOn = received.receivedOn
        channel = received.channel
        region = received.receivedRegion.description
        merchant = received.merchant?.description ?? received.merchantName
        merchantName = received.merchantName
        verificationDue = received.verificationDue.date
    }

    func encoded() -> [UInt8] {
        var writer = PayloadWriter()
        writer.write(1, choice: channel)
        writer.write(2, region)
        writer.write(3, merchant)
        writer.write(4, merchantName)
        writer.write(5, verificationDue)
        writer.write(6, verifiedOn)
        writer.write(7, substantiated)
        writer.write(8, decidedOn)
        writer.write(9, filed)
        writer.write(10, caseClosedOn)
        writer.write(11, penaltyFen)
        writer.write(12, rewardFen)
        return writer.bytes
    }

    init(id: String, receivedOn: CivilDate, decoding bytes: [UInt8]) throws(PayloadError) {
        let fields = try PayloadFields(bytes)
        self.id = id
        self.receivedOn = receivedOn
        channel = try fields.one(1, "channel").choice(ComplaintChannel.self)
        region = try fields.one(2, "region").string()
        merchant = try fields.one(3, "merchant").string()
        merchantName = try fields.one(4, "merchantName").string()
        verificationDue = try fields.one(5, "verificationDue").date()
        verifiedOn = try fields.optional(6)?.date()
        substantiated = try fields.one(7, "substantiated").bool()
        decidedOn = try fields.optional(8)?.date()
        filed = try fields.one(9, "filed").bool()
        caseClosedOn = try fields.optional(10)?.date()
        penaltyFen = try fields.one(11, "penaltyFen").int64()
        rewardFen = try fields.one(12, "rewardFen").int64()
    }
}
