public import Domain

/// Where one merchant stands, and what it takes to know when that changes: the tiers read model's row per
/// merchant.
public struct MerchantStanding: Sendable {
    public var code: String
    public var name: String
    public var region: String
    public var industry: String
    /// Nil only before its application is applied.
    public var tier: Tier?
    /// The library it returns to when it leaves 预警库.
    public var library: Tier
    public var stars: Int?
    public var pledges: [PledgeKind]
    /// When it entered its tier (business day), which event placed it there, why, and the positions of the
    /// events that caused it.
    public var since: CivilDate
    public var sincePosition: UInt64
    public var reason: String
    public var causes: [UInt64]
    /// Its prior-compensation deposit (先行赔付保证金), as its pledge gave it, and what prior compensations paid for
    /// complaints about it have drawn on it; nil without such a pledge.
    public var depositFen: Int64?
    public var depositDrawnFen: Int64 = 0
    /// What is left of the deposit: 0 or below raises an alert (docs/TIERS.md).
    public var depositBalanceFen: Int64? {
        depositFen.map { deposit in
            let (balance, overflow) = deposit.subtractingReportingOverflow(depositDrawnFen)
            return overflow ? .min : balance
        }
    }

    // Warning triggers still open, by the positions that opened them.
    var openViolations: [UInt64] = []
    var openBreaches: [UInt64] = []
    var abnormalListing: UInt64?
    /// Complaints about it accepted within the policy's window: (accepted on, position).
    var acceptedComplaints: [(day: CivilDate, position: UInt64)] = []
    /// After a rectification: the first day it may leave 预警库, and the rectification's position.
    var recoveryFrom: CivilDate?
    var rectifiedAt: UInt64?
    /// In 预警库: the first day on which time alone may release it (a complaint leaving the window, the
    /// recovery period ending), when the close of a day should look at it again.
    var wakeOn: CivilDate?

    init(code: String, name: String, region: String, industry: String, since: CivilDate, position: UInt64) {
        self.code = code
        self.name = name
        self.region = region
        self.industry = industry
        library = .selectionPool
        pledges = []
        self.since = since
        sincePosition = position
        reason = ""
        causes = []
    }

    func encoded() -> [UInt8] {
        var writer = PayloadWriter(reservingCapacity: 192)   // 128 bytes on average at 10M events
        writer.write(1, name)
        writer.write(2, region)
        writer.write(3, industry)
        if let tier { writer.write(4, choice: tier) }
        writer.write(5, choice: library)
        if let stars { writer.write(6, stars) }
        for kind in pledges { writer.write(7, choice: kind) }
        writer.write(8, since)
        writer.write(9, sincePosition)
        writer.write(10, reason)
        for position in causes { writer.write(11, position) }
        for position in openViolations { writer.write(12, position) }
        for position in openBreaches { writer.write(13, position) }
        writer.write(14, abnormalListing)
        for accepted in acceptedComplaints {
            writer.write(15, message: { message in
                message.write(1, accepted.day)
                message.write(2, accepted.position)
            })
        }
        writer.write(16, recoveryFrom)
        writer.write(17, rectifiedAt)
        writer.write(18, wakeOn)
        writer.write(19, depositFen)
        if depositDrawnFen != 0 { writer.write(20, depositDrawnFen) }
        return writer.bytes
    }

    init(code: String, decoding bytes: [UInt8]) throws(PayloadError) {
        let fields = try PayloadFields(bytes)
        self.code = code
        name = try fields.one(1, "name").string()
        region = try fields.one(2, "region").string()
        industry = try fields.one(3, "industry").string()
        tier = try fields.optional(4)?.choice(Tier.self)
        library = try fields.one(5, "library").choice(Tier.self)
        stars = try fields.optional(6)?.int()
        pledges = []
        for field in fields.all(7) { pledges.append(try field.choice(PledgeKind.self)) }
        since = try fields.one(8, "since").date()
        sincePosition = try fields.one(9, "sincePosition").uint64()
        reason = try fields.one(10, "reason").string()
        causes = []
        for field in fields.all(11) { causes.append(try field.uint64()) }
        for field in fields.all(12) { openViolations.append(try field.uint64()) }
        for field in fields.all(13) { openBreaches.append(try field.uint64()) }
        abnormalListing = try fields.optional(14)?.uint64()
        for field in fields.all(15) {
            let inner = try PayloadFields(try field.bytes())
            acceptedComplaints.append((try inner.one(1, "day").date(), try inner.one(2, "position").uint64()))
        }
        recoveryFrom = try fields.optional(16)?.date()
        rectifiedAt = try fields.optional(17)?.uint64()
        wakeOn = try fields.optional(18)?.date()
        depositFen = try fields.optional(19)?.int64()
        depositDrawnFen = try fields.optional(20)?.int64() ?? 0
    }
}

/// One change of a merchant's tier, kept for ever: the tiers read model's history.
public struct TierChange: Hashable, Sendable {
    public var merchant: String
    /// The position of the event at which it changed.
    public var position: UInt64
    public var from: Tier?
    public var to: Tier
    public var on: CivilDate
    public var reason: String
    /// The positions of the events that caused it.
    public var causes: [UInt64]
    /// The tier policy in force (its `version`).
    public var policy: String

    func encoded() -> [UInt8] {
        var writer = PayloadWriter()
        if let from { writer.write(1, choice: from) }
        writer.write(2, choice: to)
        writer.write(3, on)
        writer.write(4, reason)
        for position in causes { writer.write(5, position) }
        writer.write(6, policy)
        return writer.bytes
    }

    init(merchant: String, position: UInt64, from: Tier?, to: Tier, on: CivilDate, reason: String, causes: [UInt64], policy: String) {
        self.merchant = merchant
        self.position = position
        self.from = from
        self.to = to
        self.on = on
        self.reason = reason
        self.causes = causes
        self.policy = policy
    }

    init(merchant: String, position: UInt64, decoding bytes: [UInt8]) throws(PayloadError) {
        let fields = try PayloadFields(bytes)
        self.merchant = merchant
        self.position = position
        from = try fields.optional(1)?.choice(Tier.self)
        to = try fields.one(2, "to").choice(Tier.self)
        on = try fields.one(3, "on").date()
        reason = try fields.one(4, "reason").string()
        causes = []
        for field in fields.all(5) { causes.append(try field.uint64()) }
        policy = try fields.one(6, "policy").string()
    }
}
