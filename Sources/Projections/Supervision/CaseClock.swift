public import Domain

/// A statutory limit's clock on one case: when it started, when it falls due, and when the act it waits for
/// happened, if it has (docs/SUPERVISION.md).
public struct CaseClock: Sendable, Equatable {
    /// What kind of case runs the clock.
    public enum Kind: UInt64, Sendable, Comparable {
        case complaint = 1   // 投诉
        case report = 2      // 举报

        public static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
        public var name: String { self == .complaint ? "complaint" : "report" }
    }

    /// Which limit it is, and what stops it (docs/DOMAIN.md §2.3).
    public enum Limit: UInt64, Sendable {
        /// D1: decide whether to accept a complaint (受理): stopped by accepting or refusing it.
        case acceptance = 1
        /// D2: mediate to an agreement: stopped by the end of mediation, or by closing the complaint.
        case mediation = 2
        /// D6: verify a report and decide whether to open a case (核查, 立案): stopped by that decision.
        case reportVerification = 3
        /// D10: an ODR enterprise's own negotiation, beside the mediation limit: stopped as mediation is.
        case odrNegotiation = 4
        /// D3: telling both parties that mediation ended without agreement: stopped by `complaint.parties-notified`.
        case partiesNotice = 5
        /// D7: telling a real-name reporter whether a case was filed: stopped by `report.reporter-notified`.
        case reporterNotice = 6
        /// D8: deciding a filed case, as extended: stopped by `report.case-closed`.
        case penaltyDecision = 7

        public var name: String {
            switch self {
            case .acceptance: return "acceptance"
            case .mediation: return "mediation"
            case .reportVerification: return "report-verification"
            case .odrNegotiation: return "odr-negotiation"
            case .partiesNotice: return "parties-notice"
            case .reporterNotice: return "reporter-notice"
            case .penaltyDecision: return "penalty-decision"
            }
        }

        /// A limit that runs beside the case's main limit (its track), not in turn with it.
        var runsBeside: Bool {
            switch self {
            case .odrNegotiation, .partiesNotice, .reporterNotice: return true
            case .acceptance, .mediation, .reportVerification, .penaltyDecision: return false
            }
        }
    }

    public var kind: Kind
    public var id: String
    public var limit: Limit
    /// Where the case was received (the bureau whose clock it is), and under which regime.
    public var region: String
    public var regime: ComplaintRegime
    public var merchantName: String
    public var startedOn: CivilDate
    /// The limit's last day, as recorded when the clock started; provisional when computed through a year whose
    /// holidays were not yet published.
    public var due: Deadline
    /// The business day of the act that stopped it, or of its suspension; nil while it runs.
    public var stoppedOn: CivilDate?
    /// Whether it stopped because the limit was suspended (it runs again in a new stretch once resumed).
    public var suspended = false

    /// Whether the clock runs on `day`: started by then, and not yet stopped by an act of that day or before.
    public func runs(on day: CivilDate) -> Bool {
        startedOn <= day && (stoppedOn.map { $0 > day } ?? true)
    }

    /// Whether it was stopped after its last day, or still runs: only such clocks can be past their limit on any day.
    var isLateOrOpen: Bool { stoppedOn.map { $0 > due.date } ?? true }

    /// Its key in either table: due day first, so that a day's question is a range. A limit suspended and
    /// resumed runs in stretches, each a clock of its own, told apart by the day it started.
    func key(_ table: UInt8) -> [UInt8] {
        RowKey(table: table).adding(due.date).adding(choice: kind).adding(id).adding(choice: limit).adding(startedOn).bytes
    }

    func encoded() -> [UInt8] {
        var writer = PayloadWriter(reservingCapacity: 48)   // 32 bytes on average at 10M events
        writer.write(1, region)
        writer.write(2, choice: regime)
        writer.write(3, merchantName)
        if due.isProvisional { writer.write(5, true) }
        writer.write(6, stoppedOn)
        if suspended { writer.write(7, true) }
        return writer.bytes
    }

    init(kind: Kind, id: String, limit: Limit, region: String, regime: ComplaintRegime, merchantName: String, startedOn: CivilDate, due: Deadline) {
        self.kind = kind
        self.id = id
        self.limit = limit
        self.region = region
        self.regime = regime
        self.merchantName = merchantName
        self.startedOn = startedOn
        self.due = due
    }

    /// The case's next clock, for `limit`, from `day`: same case, region, regime and merchant.
    func next(_ limit: Limit, on day: CivilDate, due: Deadline) -> CaseClock {
        CaseClock(kind: kind, id: id, limit: limit, region: region, regime: regime, merchantName: merchantName, startedOn: day, due: due)
    }

    init(key: [UInt8], decoding bytes: [UInt8]) throws(RowError) {
        var reader = RowKeyReader(key)
        let dueDate = try reader.day()
        guard let kind = try reader.choice(Kind.self) else { throw RowError("supervision: a clock's case kind is unknown") }
        let id = try reader.text()
        guard let limit = try reader.choice(Limit.self) else { throw RowError("supervision: a clock's limit is unknown") }
        let startedOn = try reader.day()
        do {
            let fields = try PayloadFields(bytes)
            self.init(kind: kind, id: id, limit: limit, region: try fields.one(1, "region").string(),
                      regime: try fields.one(2, "regime").choice(ComplaintRegime.self), merchantName: try fields.one(3, "merchantName").string(),
                      startedOn: startedOn,
                      due: Deadline(date: dueDate, isProvisional: try fields.optional(5)?.bool() ?? false))
            stoppedOn = try fields.optional(6)?.date()
            suspended = try fields.optional(7)?.bool() ?? false
        } catch {
            throw error.row("supervision: clock of \(kind.name) \(id)")
        }
    }
}
