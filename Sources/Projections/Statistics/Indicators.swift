import Domain

/// The counts behind every complaint indicator of docs/STATISTICS.md, for one group of complaints.
public struct Indicators: Hashable, Sendable {
    /// 接收量: complaints received.
    public var received = 0
    /// 受理量 and 不予受理: decisions on acceptance.
    public var accepted = 0
    public var notAccepted = 0
    /// Decisions on acceptance made by the statutory limit (按时初查).
    public var decidedOnTime = 0
    /// 办结量: accepted complaints closed; and those closed by the mediation deadline (按期办结).
    public var closed = 0
    public var closedOnTime = 0
    /// Closed complaints whose mediation reached an agreement (调解成功).
    public var mediationAgreements = 0
    /// 挽回经济损失, in fen: held at `Int64.max` when the exact total is larger (docs/STATISTICS.md).
    public var recoveredFen: Int64 { recovered > Int128(Int64.max) ? .max : Int64(recovered) }
    /// The exact total, which no ledger can take out of 128 bits: totals kept as rows add and take away
    /// complaints, and only an exact sum can be taken from again.
    var recovered: Int128 = 0
    /// The same, by kind of payment (refund, compensation, punitive damages …).
    public internal(set) var recoveredByKind = RecoveredByKind()
    /// Closed complaints whose result was told to the consumer (反馈), and satisfaction answers (满意度).
    public var feedbackGiven = 0
    public var rated = 0
    public var satisfied = 0
    /// Received in one region about a merchant in another (异地投诉).
    public var crossRegion = 0
    /// Complaints whose goods were returned or exchanged at another store or city (异地异店退换货).
    public var crossStoreReturns = 0

    /// Reports (举报) received; decided on time (whether to open a case, by the verification limit, D6);
    /// substantiated; filed as cases (立案); closed with a penalty; and the penalties decided and rewards paid.
    /// Reports are counted from their own facts, never from the monthly totals.
    public var reportsReceived = 0
    public var reportsDecidedOnTime = 0
    public var reportsSubstantiated = 0
    public var casesFiled = 0
    public var casesPenalized = 0
    var penalties: Int128 = 0
    var rewards: Int128 = 0
    public var penaltiesFen: Int64 { penalties > Int128(Int64.max) ? .max : Int64(penalties) }
    public var rewardsFen: Int64 { rewards > Int128(Int64.max) ? .max : Int64(rewards) }

    public init() {}

    /// What one complaint adds.
    init(_ facts: ComplaintFacts) {
        if facts.voided { return }   // a case voided counts for nothing
        received = 1
        if facts.accepted { accepted = 1 } else if facts.decidedOn != nil { notAccepted = 1 }
        if let decided = facts.decidedOn, decided <= facts.acceptanceDue { decidedOnTime = 1 }
        if facts.accepted, let closedOn = facts.closedOn {
            closed = 1
            if let due = facts.mediationDue, closedOn <= due { closedOnTime = 1 }
            if facts.mediationAgreement { mediationAgreements = 1 }
            // Feedback and satisfaction count over one population, the closed complaints (docs/STATISTICS.md).
            if facts.feedbackGiven { feedbackGiven = 1 }
            if let satisfied = facts.satisfaction {
                rated = 1
                if satisfied { self.satisfied = 1 }
            }
        }
        recovered = Int128(facts.recoveredFen)
        recoveredByKind = RecoveredByKind(facts.recoveredByKind)
        if facts.isCrossRegion { crossRegion = 1 }
        if facts.crossStoreReturn { crossStoreReturns = 1 }
    }

    mutating func add(_ facts: ComplaintFacts) { add(Indicators(facts)) }

    /// What one report adds.
    init(_ report: ReportFacts) {
        reportsReceived = 1
        if let decided = report.decidedOn, decided <= report.verificationDue { reportsDecidedOnTime = 1 }
        if report.substantiated { reportsSubstantiated = 1 }
        if report.filed { casesFiled = 1 }
        if report.caseClosedOn != nil, report.penaltyFen > 0 { casesPenalized = 1 }
        penalties = Int128(report.penaltyFen)
        rewards = Int128(report.rewardFen)
    }

    /// Adds another group's figures, or with `sign` -1 takes them away. Counts stay far inside `Int` (one per
    /// complaint), and the money is exact.
    mutating func add(_ other: Indicators, sign: Int = 1) {
        received += sign * other.received
        accepted += sign * other.accepted
        notAccepted += sign * other.notAccepted
        decidedOnTime += sign * other.decidedOnTime
        closed += sign * other.closed
        closedOnTime += sign * other.closedOnTime
        mediationAgreements += sign * other.mediationAgreements
        recovered += Int128(sign) * other.recovered
        recoveredByKind.add(other.recoveredByKind, sign: Int128(sign))
        feedbackGiven += sign * other.feedbackGiven
        rated += sign * other.rated
        satisfied += sign * other.satisfied
        crossRegion += sign * other.crossRegion
        crossStoreReturns += sign * other.crossStoreReturns
        reportsReceived += sign * other.reportsReceived
        reportsDecidedOnTime += sign * other.reportsDecidedOnTime
        reportsSubstantiated += sign * other.reportsSubstantiated
        casesFiled += sign * other.casesFiled
        casesPenalized += sign * other.casesPenalized
        penalties += Int128(sign) * other.penalties
        rewards += Int128(sign) * other.rewards
    }

    /// The stored form of a total (docs/READMODELS.md): each count a field, the money as its high and low 64 bits.
    func encoded() -> [UInt8] {
        var writer = PayloadWriter(reservingCapacity: 64)   // 41 bytes on average at 10M events
        for (field, count) in zip(UInt32(1)..., counts) { writer.write(field, count) }
        writer.write(20, Int64(truncatingIfNeeded: recovered >> 64))
        writer.write(21, UInt64(truncatingIfNeeded: recovered))
        if crossStoreReturns != 0 { writer.write(22, crossStoreReturns) }
        for (kind, fen) in recoveredByKind.amounts {
            writer.write(30 + 2 * UInt32(kind.rawValue), Int64(truncatingIfNeeded: fen >> 64))
            writer.write(31 + 2 * UInt32(kind.rawValue), UInt64(truncatingIfNeeded: fen))
        }
        return writer.bytes
    }

    init(decoding bytes: [UInt8]) throws(PayloadError) {
        let fields = try PayloadFields(bytes)
        var counts: [Int] = []
        for field in UInt32(1)...11 { counts.append(Int(try fields.one(field, "count \(field)").int64())) }
        (received, accepted, notAccepted, decidedOnTime, closed, closedOnTime) = (counts[0], counts[1], counts[2], counts[3], counts[4], counts[5])
        (mediationAgreements, feedbackGiven, rated, satisfied, crossRegion) = (counts[6], counts[7], counts[8], counts[9], counts[10])
        recovered = Int128(try fields.one(20, "recovered (high)").int64()) << 64 | Int128(try fields.one(21, "recovered (low)").uint64())
        crossStoreReturns = Int(try fields.optional(22)?.int64() ?? 0)
        for kind in CompensationKind.allCases {
            let field = 30 + 2 * UInt32(kind.rawValue)
            guard let high = fields.optional(field) else { continue }
            recoveredByKind[kind] = Int128(try high.int64()) << 64 | Int128(try fields.one(field + 1, "recovered \(kind.importName) (low)").uint64())
        }
    }

    private var counts: [Int] {
        [received, accepted, notAccepted, decidedOnTime, closed, closedOnTime, mediationAgreements, feedbackGiven, rated, satisfied, crossRegion]
    }

    /// 接收量: complaints and reports received, as published statistics count them.
    public var intake: Int { received + reportsReceived }
    /// 受理率: complaints accepted ÷ complaints received.
    public var acceptanceRate: Rate { Rate(accepted, received) }
    /// 按时核查率: reports decided (whether to open a case) by the limit ÷ reports received.
    public var reportOnTimeRate: Rate { Rate(reportsDecidedOnTime, reportsReceived) }
    /// 办结率: closed ÷ accepted.
    public var closureRate: Rate { Rate(closed, accepted) }
    /// 按时初查率: decisions on acceptance by the limit ÷ decisions.
    public var onTimeAcceptanceRate: Rate { Rate(decidedOnTime, accepted + notAccepted) }
    /// 按期办结率: closed by the mediation deadline ÷ closed.
    public var onTimeClosureRate: Rate { Rate(closedOnTime, closed) }
    /// 调解成功率: agreements ÷ closed (the published definition: docs/DOMAIN.md §5.2).
    public var mediationSuccessRate: Rate { Rate(mediationAgreements, closed) }
    /// 反馈率: feedback given ÷ closed.
    public var feedbackRate: Rate { Rate(feedbackGiven, closed) }
    /// 满意率: satisfied ÷ consumers who answered.
    public var satisfactionRate: Rate { Rate(satisfied, rated) }
}

/// A share, kept as its two counts so that nothing is rounded until it is shown.
public struct Rate: Hashable, Sendable, CustomStringConvertible {
    public var numerator: Int
    public var denominator: Int

    public init(_ numerator: Int, _ denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// Percent with two decimals, rounded half up ("74.69"); nil when there is nothing to divide by.
    public var percent: String? {
        guard denominator > 0 else { return nil }
        return Rate.fixed2((Int64(numerator) * 10_000 * 2 + Int64(denominator)) / (Int64(denominator) * 2))
    }

    public var description: String { percent.map { $0 + "%" } ?? "–" }

    /// The change from `previous` to `current` in percentage points with two decimals ("-1.25"), as bureaus give
    /// a rate's year on year; nil when either has nothing to divide by. Computed on the counts, rounded half away
    /// from zero: exactly, for any counts a ledger can hold (below 2^56 each); beyond, on the counts halved until
    /// the arithmetic fits 128 bits. A change beyond ±92 quadrillion points shows that much.
    public static func pointsChange(from previous: Rate, to current: Rate) -> String? {
        guard previous.denominator > 0, current.denominator > 0, previous.numerator >= 0, current.numerator >= 0 else { return nil }
        // 10,000 × (a/b − c/d) hundredths of a point = 10,000 (ad − cb) / bd.
        var (a, b, c, d) = (UInt128(current.numerator), UInt128(current.denominator), UInt128(previous.numerator), UInt128(previous.denominator))
        while max(a, b, c, d) >= 1 << 56 { (a, b, c, d) = (a >> 1, max(b >> 1, 1), c >> 1, max(d >> 1, 1)) }
        let (ad, cb) = (a * d, c * b)
        let negative = ad < cb
        let difference = (negative ? cb - ad : ad - cb) * 10_000
        let denominator = b * d
        let hundredths = (difference * 2 + denominator) / (denominator * 2)
        let clamped = Int64(clamping: hundredths)
        return fixed2(negative ? -clamped : clamped)
    }

    /// Growth from `previous` to `current` in percent with two decimals ("-15.10"); nil without a previous count.
    public static func growth(from previous: Int, to current: Int) -> String? {
        guard previous > 0 else { return nil }
        let difference = Int64(current - previous) * 10_000
        let denominator = Int64(previous)
        // Round half away from zero, so growth and decline round alike.
        let hundredths = difference >= 0 ? (difference * 2 + denominator) / (denominator * 2) : -((-difference * 2 + denominator) / (denominator * 2))
        return fixed2(hundredths)
    }

    static func fixed2(_ hundredths: Int64) -> String {
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = hundredths.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
