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
    /// Losses recovered by kind of payment (`refund`, `punitive` …), the kinds with an amount only.
    public let recoveredByKindFen: [String: Int64]
    public let closureRate: String?, onTimeAcceptanceRate: String?, onTimeClosureRate: String?, mediationSuccessRate: String?
    public let feedbackRate: String?, satisfactionRate: String?
    public let receivedYearBefore: Int?, growth: String?

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
        receivedYearBefore = group.receivedYearBefore
        growth = group.growth
    }
}
