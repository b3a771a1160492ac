import Application
import Domain
import Ledger

/// Decides generated commands as `import` would, against each stream's state kept in memory (the generator
/// writes a fresh ledger alone, so memory is the whole truth), and turns the events into appends.
struct GeneratedDecisions {
    let rules: ComplaintRules
    private var complaints: [String: Complaint.State] = [:]
    private var merchants: [UnifiedSocialCreditCode: Merchant.State] = [:]
    private var credits: [UnifiedSocialCreditCode: Credit.State] = [:]

    init(rules: ComplaintRules) { self.rules = rules }

    mutating func append(for command: ProvinceGenerator.Command) throws -> Append {
        switch command.action {
        case let .complaint(id, complaintCommand):
            let state = complaints[id] ?? Complaint.initial
            let events = try Complaint.decide(complaintCommand, state, rules).get()
            complaints[id] = events.reduce(state, Complaint.evolve)
            return Self.append(ComplaintService.stream(id), command, events, on: complaintCommand.businessDay)
        case let .merchant(code, merchantCommand):
            let state = merchants[code] ?? Merchant.initial
            let events = try Merchant.decide(merchantCommand, state, code: code).get()
            merchants[code] = events.reduce(state, Merchant.evolve)
            return Self.append(MerchantService.stream(code), command, events, on: merchantCommand.businessDay)
        case let .credit(code, creditCommand):
            let state = credits[code] ?? Credit.initial
            let events = try Credit.decide(creditCommand, state, code: code).get()
            credits[code] = events.reduce(state, Credit.evolve)
            return Self.append(CreditService.stream(code), command, events, on: creditCommand.businessDay)
        case let .closeDay(day):
            return Self.append(ClockEvent.stream, command, [ClockEvent.dayClosed(day)], on: day)
        }
    }

    private static func append(_ stream: String, _ command: ProvinceGenerator.Command, _ events: [some DomainEvent], on day: CivilDate) -> Append {
        Append(stream: stream, commandID: command.id, actor: command.actor, events: events.map {
            NewEvent(type: $0.type, schemaVersion: $0.schemaVersion, occurredAt: Timestamp(businessDay: day), payload: $0.encoded())
        })
    }
}
