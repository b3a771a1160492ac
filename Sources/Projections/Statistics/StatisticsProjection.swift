import Domain

/// Complaint statistics (docs/STATISTICS.md): one row of facts per complaint, keyed by the day it was received,
/// so that any period, region, category, channel or merchant is a range scan away.
///
/// Rows: 1 received on, complaint id → `ComplaintFacts`.
public struct StatisticsProjection: Projection {
    public static let name = "stats"
    /// 2: its store keeps every version of its rows (docs/READMODELS.md).
    public static let version = 2
    public static let streamPrefixes = ["complaint-"]

    static let table: UInt8 = 1

    private var complaints = TrackedTable<ComplaintFacts>()

    public init() {}

    public init(rows: some RowReader) throws(RowError) {
        do {
            try rows.scan(prefix: [Self.table]) { key, value in
                var reader = RowKeyReader(key)
                let day = try reader.day()
                let id = try reader.text()
                complaints.restore(id, try ComplaintFacts(id: id, receivedOn: day, decoding: value))
                return true
            }
        } catch let error as RowError {
            throw error
        } catch {
            throw RowError("stats: \(error)")
        }
    }

    public mutating func apply(_ event: ProjectionEvent) throws(SetAside) {
        guard case let .complaint(id, complaintEvent) = event.fact else { return }
        if case .received(let received) = complaintEvent {
            complaints.set(id, ComplaintFacts(id: id, received))
            return
        }
        guard let slot = complaints.slot(of: id) else { return }
        if case .compensated(let paid) = complaintEvent,
           complaints.values[slot].recoveredFen.addingReportingOverflow(paid.amountFen).overflow {
            throw SetAside("complaint \(id): a compensation of \(paid.amountFen) fen would take its recovered total past \(Int64.max) fen")
        }
        complaints.modify(slot) { facts in Self.record(complaintEvent, in: &facts) }
    }

    /// Notes what a later event of a complaint changes in its facts; false when it changes nothing counted.
    private static func record(_ event: ComplaintEvent, in facts: inout ComplaintFacts) -> Bool {
        switch event {
        case .received, .assigned, .mediationStarted, .revisited: return false
        case .accepted(let accepted):
            facts.decidedOn = accepted.acceptedOn
            facts.accepted = true
            facts.mediationDue = accepted.mediationDue.date
        case .notAccepted(let refused):
            facts.decidedOn = refused.decidedOn
        case .mediationEnded(let ended):
            if ended.outcome == .agreement { facts.mediationAgreement = true }
        case .compensated(let paid):
            facts.recoveredFen += paid.amountFen
        case .closed(let closed):
            facts.closedOn = closed.closedOn
        case .feedbackGiven:
            facts.feedbackGiven = true
        case .satisfactionRated(_, let satisfied):
            facts.satisfaction = satisfied
        }
        return true
    }

    public mutating func takeChanges() -> [Row] {
        complaints.takeChanged().map { slot in
            let facts = complaints.values[slot]
            return Row(key: Self.key(facts.receivedOn, facts.id), value: facts.encoded())
        }
    }

    static func key(_ day: CivilDate, _ id: String) -> [UInt8] { RowKey(table: table).adding(day).adding(id).bytes }
}
