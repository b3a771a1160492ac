import Domain

/// Complaint statistics (docs/STATISTICS.md): one row of facts per complaint, keyed by the day it was received,
/// so that any period, region, category, channel or merchant is a range scan away.
///
/// Rows: 1 received on, complaint id → `ComplaintFacts`.
public struct StatisticsProjection: Projection {
    public static let name = "stats"
    public static let version = 1
    public static let streamPrefixes = ["complaint-"]

    static let table: UInt8 = 1

    private var complaints: [String: ComplaintFacts] = [:]
    private var changed: Set<String> = []

    public init() {}

    public init(rows: some RowReader) throws(RowError) {
        do {
            try rows.scan(prefix: [Self.table]) { key, value in
                var reader = RowKeyReader(key)
                let day = try reader.day()
                let id = try reader.text()
                complaints[id] = try ComplaintFacts(id: id, receivedOn: day, decoding: value)
                return true
            }
        } catch let error as RowError {
            throw error
        } catch {
            throw RowError("stats: \(error)")
        }
    }

    public mutating func apply(_ event: ProjectionEvent) {
        guard case let .complaint(id, complaintEvent) = event.fact else { return }
        if case .received(let received) = complaintEvent {
            complaints[id] = ComplaintFacts(id: id, received)
            changed.insert(id)
            return
        }
        guard var facts = complaints[id] else { return }
        switch complaintEvent {
        case .received, .assigned, .mediationStarted, .revisited: return
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
        complaints[id] = facts
        changed.insert(id)
    }

    public mutating func takeChanges() -> [Row] {
        defer { changed = [] }
        return changed.map { id in
            let facts = complaints[id]!
            return Row(key: Self.key(facts.receivedOn, id), value: facts.encoded())
        }
    }

    static func key(_ day: CivilDate, _ id: String) -> [UInt8] { RowKey(table: table).adding(day).adding(id).bytes }
}
