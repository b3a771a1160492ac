public import Domain

/// What the statistics need to know of one complaint: where and when it came in, and how far it has got.
/// A complaint counts in the period it was received (its cohort); later events update that period's figures.
/// Its stored properties are ordered by size, so that the millions a rebuild keeps pack without padding
/// (184 bytes; the texts are shared, `TextPool`).
public struct ComplaintFacts: Sendable {
    public var id: String
    /// Where it was received (the handling bureau's county), and where the merchant is.
    public var region: String
    public var merchantRegion: String
    /// The merchant's credit code when the complaint names one, else its name.
    public var merchant: String
    public var merchantName: String
    public var recoveredFen: Int64 = 0
    /// The same, by kind of payment; each within `recoveredFen`.
    public var recoveredByKind = PaymentsByKind()
    public var receivedOn: CivilDate
    public var acceptanceDue: CivilDate
    public var decidedOn: CivilDate?
    public var mediationDue: CivilDate?
    public var closedOn: CivilDate?
    public var channel: ComplaintChannel
    public var category: ComplaintCategory
    public var accepted = false
    public var mediationAgreement = false
    public var feedbackGiven = false
    public var satisfaction: Bool?
    /// Its receipt voided (误登记): it counts for nothing, and its row is emptied.
    public var voided = false
    /// The mediation track (administrative, people's, service station, ODR, online video), once mediation started.
    public var track: MediationMode?
    /// Its payments for a return taken elsewhere: a correction that voids one must know whether another remains.
    /// Two bytes, as the flag it replaced took one; it holds at 65,535 (a complaint with more counts as one with
    /// a cross-store return for good).
    var crossStorePayments: UInt16 = 0
    /// A return or exchange taken at another store or in another city (异地异店退换货).
    public var crossStoreReturn: Bool { crossStorePayments > 0 }

    /// Received in another region than the merchant's: neither lies within the other (docs/STATISTICS.md).
    public var isCrossRegion: Bool { !RegionCode.areNested(region, merchantRegion) }

    init(id: String, _ received: ComplaintEvent.Received) {
        self.id = id
        receivedOn = received.receivedOn
        channel = received.channel
        category = received.category
        region = received.receivedRegion.description
        merchantRegion = received.merchantRegion.description
        merchant = received.merchant?.description ?? received.merchantName
        merchantName = received.merchantName
        acceptanceDue = received.acceptanceDue.date
    }

    func encoded() -> [UInt8] {
        var writer = PayloadWriter(reservingCapacity: 128)   // 85 bytes on average at 10M events
        writer.write(1, choice: channel)
        writer.write(2, choice: category)
        writer.write(3, region)
        writer.write(4, merchantRegion)
        writer.write(5, merchant)
        writer.write(6, merchantName)
        writer.write(7, acceptanceDue)
        writer.write(8, decidedOn)
        writer.write(9, accepted)
        writer.write(10, mediationDue)
        writer.write(11, closedOn)
        writer.write(12, mediationAgreement)
        writer.write(13, recoveredFen)
        writer.write(14, feedbackGiven)
        if let satisfaction { writer.write(15, satisfaction) }
        if let track { writer.write(16, choice: track) }
        if crossStorePayments > 0 { writer.write(17, Int(crossStorePayments)) }
        for (kind, fen) in recoveredByKind.amounts { writer.write(20 + UInt32(kind.rawValue), fen) }
        return writer.bytes
    }

    init(id: String, receivedOn: CivilDate, decoding bytes: [UInt8]) throws(PayloadError) {
        let fields = try PayloadFields(bytes)
        self.id = id
        self.receivedOn = receivedOn
        channel = try fields.one(1, "channel").choice(ComplaintChannel.self)
        category = try fields.one(2, "category").choice(ComplaintCategory.self)
        region = try fields.one(3, "region").string()
        merchantRegion = try fields.one(4, "merchantRegion").string()
        merchant = try fields.one(5, "merchant").string()
        merchantName = try fields.one(6, "merchantName").string()
        acceptanceDue = try fields.one(7, "acceptanceDue").date()
        decidedOn = try fields.optional(8)?.date()
        accepted = try fields.one(9, "accepted").bool()
        mediationDue = try fields.optional(10)?.date()
        closedOn = try fields.optional(11)?.date()
        mediationAgreement = try fields.one(12, "mediationAgreement").bool()
        recoveredFen = try fields.one(13, "recoveredFen").int64()
        feedbackGiven = try fields.one(14, "feedbackGiven").bool()
        satisfaction = try fields.optional(15)?.bool()
        track = try fields.optional(16)?.choice(MediationMode.self)
        crossStorePayments = UInt16(clamping: try fields.optional(17)?.int(in: 0...Int.max) ?? 0)
        for kind in CompensationKind.allCases {
            if let field = fields.optional(20 + UInt32(kind.rawValue)) { recoveredByKind[kind] = try field.int64() }
        }
    }
}
