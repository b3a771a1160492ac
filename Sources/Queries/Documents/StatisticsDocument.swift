import Domain
import Projections

/// Complaint statistics: one row per group, every indicator of docs/STATISTICS.md.
public struct StatisticsDocument: Codable, Sendable, Equatable {
    public let position: UInt64
    public let from: String?, to: String?, groupBy: String
    public let groups: [StatisticsGroupDocument]
}

/// One group's indicators; rates are percent strings with two decimals, null when there is nothing to divide by.
public struct StatisticsGroupDocument: Codable, Sendable, Equatable {
    public let group: String, label: String?
    public let received: Int, accepted: Int, notAccepted: Int, decidedOnTime: Int, closed: Int, closedOnTime: Int
    public let mediationAgreements: Int, recoveredFen: Int64, feedbackGiven: Int, rated: Int, satisfied: Int, crossRegion: Int
    /// 异地异店: complaints whose goods were returned or exchanged at another store or city.
    public let crossStoreReturns: Int
    /// Losses recovered by kind of payment (`refund`, `punitive` …), the kinds with an amount only.
    public let recoveredByKindFen: [String: Int64]
    public let closureRate: String?, onTimeAcceptanceRate: String?, onTimeClosureRate: String?, mediationSuccessRate: String?
    public let feedbackRate: String?, satisfactionRate: String?
    /// 受理率: accepted ÷ received.
    public let acceptanceRate: String?
    /// Reports (举报): received, decided on time and its rate, substantiated, filed as cases, closed with a penalty,
    /// and the penalties and rewards in fen.
    public let reportsReceived: Int, reportsDecidedOnTime: Int, reportOnTimeRate: String?, reportsSubstantiated: Int
    public let casesFiled: Int, casesPenalized: Int, penaltiesFen: Int64, rewardsFen: Int64
    /// 接收量: complaints and reports received.
    public let intake: Int
    public let receivedYearBefore: Int?, growth: String?
    /// With both ends of a period: each rate's change from the same period a year before, in percentage points
    /// ("-1.25"), for the rates both periods have.
    public let rateChanges: [String: String]?

    init(_ group: StatisticsGroup) {
        let figures = group.indicators
        self.group = group.group
        label = group.label
        received = figures.received
        accepted = figures.accepted
        notAccepted = figures.notAccepted
        decidedOnTime = figures.decidedOnTime
        closed = figures.closed
        closedOnTime = figures.closedOnTime
        mediationAgreements = figures.mediationAgreements
        recoveredFen = figures.recoveredFen
        crossStoreReturns = figures.crossStoreReturns
        recoveredByKindFen = Dictionary(uniqueKeysWithValues: figures.recoveredByKind.amounts.map { ($0.kind.importName, figures.recoveredByKind.fen($0.kind)) })
        feedbackGiven = figures.feedbackGiven
        rated = figures.rated
        satisfied = figures.satisfied
        crossRegion = figures.crossRegion
        closureRate = figures.closureRate.percent
        onTimeAcceptanceRate = figures.onTimeAcceptanceRate.percent
        onTimeClosureRate = figures.onTimeClosureRate.percent
        mediationSuccessRate = figures.mediationSuccessRate.percent
        feedbackRate = figures.feedbackRate.percent
        satisfactionRate = figures.satisfactionRate.percent
        acceptanceRate = figures.acceptanceRate.percent
        reportsReceived = figures.reportsReceived
        reportsDecidedOnTime = figures.reportsDecidedOnTime
        reportOnTimeRate = figures.reportOnTimeRate.percent
        reportsSubstantiated = figures.reportsSubstantiated
        casesFiled = figures.casesFiled
        casesPenalized = figures.casesPenalized
        penaltiesFen = figures.penaltiesFen
        rewardsFen = figures.rewardsFen
        intake = figures.intake
        receivedYearBefore = group.receivedYearBefore
        growth = group.growth
        rateChanges = group.yearBefore.map { then in
            var changes: [String: String] = [:]
            for (name, rate) in Self.rates {
                if let change = Rate.pointsChange(from: rate(then), to: rate(figures)) { changes[name] = change }
            }
            return changes
        }
    }

    /// The rates a year-on-year change is given for, by their names in this document.
    static let rates: [(String, @Sendable (Indicators) -> Rate)] = [
        ("acceptanceRate", { $0.acceptanceRate }), ("closureRate", { $0.closureRate }), ("onTimeAcceptanceRate", { $0.onTimeAcceptanceRate }),
        ("onTimeClosureRate", { $0.onTimeClosureRate }), ("mediationSuccessRate", { $0.mediationSuccessRate }), ("feedbackRate", { $0.feedbackRate }),
        ("satisfactionRate", { $0.satisfactionRate }), ("reportOnTimeRate", { $0.reportOnTimeRate }),
    ]
}
