public import Domain
public import Ledger

/// Keeps the ledger's own record of the rules: the working calendar and the deadline policy, in the `policy`
/// stream, and gives back the complaint rules that stream says are in force.
public struct PolicyService: Sendable {
    public let ledger: Ledger

    public init(ledger: Ledger) { self.ledger = ledger }

    /// On a new ledger, records `calendar`, `deadlines` and `tiers` as its first events; later, records any year of
    /// `calendar` not yet recorded. Writes nothing when the ledger already knows every year.
    public func bootstrap(calendar: WorkingCalendar, deadlines: DeadlinePolicy, tiers: TierPolicy = .standard, actor: Actor) async throws(HandlingError) -> [AppendResult] {
        let (state, version) = try load()
        var events: [PolicyEvent] = calendar.years.filter { !state.publishedYears.contains($0.year) }.map { .calendarPublished($0) }
        if state.deadlines == nil { events.append(.deadlinesAdopted(deadlines)) }
        if state.tiers == nil { events.append(.tierPolicyAdopted(tiers)) }
        guard !events.isEmpty else { return [] }
        let years = calendar.years.filter { !state.publishedYears.contains($0.year) }.map { String($0.year) }.joined(separator: "+")
        let append = Append(
            stream: PolicyEvent.stream, expecting: version == 0 ? .noStream : .exactly(version),
            commandID: version == 0 ? "policy-bootstrap" : "calendar-published-\(years)", actor: actor,
            events: events.map { event in
                NewEvent(type: event.type, schemaVersion: PolicyEvent.schemaVersion, occurredAt: Timestamp(businessDay: event.effectiveFrom),
                         payload: event.encoded())
            })
        do { return [try await ledger.append(append)] } catch { throw .ledger(error) }
    }

    /// The complaint rules the recorded policy puts in force; nil before any deadline policy is recorded.
    public func complaintRules() throws(HandlingError) -> ComplaintRules? {
        let state = try load().0
        do { return try Policy.complaintRules(state) } catch { throw .invalidPolicy(error) }
    }

    public func load() throws(HandlingError) -> (Policy.State, UInt64) {
        try StreamHandler(ledger: ledger).load(PolicyEvent.stream, as: PolicyEvent.self, initial: Policy.initial, evolve: Policy.evolve)
    }
}

extension PolicyEvent {
    /// The business day the event takes effect: a calendar from its first day, deadlines from Order 20's.
    var effectiveFrom: CivilDate {
        switch self {
        case .calendarPublished(let year): return CivilDate(year: year.year, month: 1, day: 1)!
        case .deadlinesAdopted: return CivilDate(year: 2020, month: 1, day: 1)!
        case .tierPolicyAdopted: return CivilDate(year: 2021, month: 8, day: 18)!   // Zhejiang's plan that named the four libraries
        }
    }
}
