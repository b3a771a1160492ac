import Application
import Domain
import Ledger

/// Decides generated commands as `import` would (`Decisions`), against each stream's state kept folded: the
/// generator is the new ledger's only writer, so what it keeps is all there is, and no stream is read back.
struct GeneratedDecisions {
    private var decisions: Decisions

    init(rules: ComplaintRules) { decisions = .soleAuthor(rules: rules) }

    /// The append of what `command` decides, pending on its stream until `appended` says where it landed.
    mutating func append(for command: ProvinceGenerator.Command, in ledger: Ledger) throws(HandlingError) -> Append {
        switch command.action {
        case .complaint(let id, let action):
            return try decide(.complaint(id: id, action), command, ledger)
        case .merchant(let code, let action):
            return try decide(.merchant(code, action), command, ledger)
        case .credit(let code, let action):
            return try decide(.credit(code, action), command, ledger)
        case .closeDay(let day):
            let event = ClockEvent.dayClosed(day)
            return Append(stream: ClockEvent.stream, commandID: command.id, actor: command.actor, events: [
                NewEvent(type: event.type, schemaVersion: event.schemaVersion, occurredAt: Timestamp(businessDay: day), payload: event.encoded()),
            ])
        }
    }

    /// The appends of a batch landed where `results` say.
    mutating func appended(_ appends: [Append], _ results: [Result<AppendResult, LedgerError>]) {
        for (append, result) in zip(appends, results) {
            switch result {
            case .success(let recorded): decisions.appended(append.stream, at: recorded.positions)
            case .failure: decisions.forget(append.stream)
            }
        }
    }

    private mutating func decide(_ action: DomainCommand, _ command: ProvinceGenerator.Command, _ ledger: Ledger) throws(HandlingError) -> Append {
        try decisions.decide(action, commandID: command.id, request: nil, actor: command.actor, in: ledger, catchUp: false)
    }
}
