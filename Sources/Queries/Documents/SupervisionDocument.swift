import Domain
import Projections

/// The supervision list of one business day (docs/SUPERVISION.md): cases past a statutory limit, then cases due
/// within the window, each by its last day.
public struct SupervisionDocument: Codable, Sendable, Equatable {
    public let position: UInt64
    /// The business day the list is for, and the window's last day (`dueWithin` working days after it).
    public let on: String, dueWithin: Int, windowEnds: String
    public let region: String?
    public let overdue: Int, dueSoon: Int
    public let cases: [SupervisedCaseDocument]
}

public struct SupervisedCaseDocument: Codable, Sendable, Equatable {
    /// `complaint` or `report`, its id, and the limit: `acceptance`, `mediation`, `odr-negotiation`, `parties-notice`,
    /// `report-verification`, `reporter-notice` or `penalty-decision` (docs/SUPERVISION.md).
    public let kind: String, id: String, limit: String
    /// `overdue` or `due-soon`.
    public let status: String
    public let region: String, regime: String, merchantName: String
    public let startedOn: String, due: String, dueIsProvisional: Bool
    /// Calendar days from the last day to the list's day: positive past it, 0 on it, negative before it.
    public let daysPastDue: Int

    init(_ supervised: SupervisedCase) {
        let clock = supervised.clock
        kind = clock.kind.name
        id = clock.id
        limit = clock.limit.name
        status = supervised.status.rawValue
        region = clock.region
        regime = clock.regime.title
        merchantName = clock.merchantName
        startedOn = clock.startedOn.description
        due = clock.due.date.description
        dueIsProvisional = clock.due.isProvisional
        daysPastDue = supervised.daysPastDue
    }
}
