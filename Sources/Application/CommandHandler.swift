public import Domain
public import Ledger
import Synchronization

/// Records commands one at a time, as the service receives them: read the stream as kept folded, decide
/// (`Decisions`), append, answer. The states stay folded between commands, so a command reads only what was
/// recorded since (nothing, when this process recorded it) and folds its stream once.
///
/// A command's id is looked up first, so a retry is answered with what it recorded instead of being decided
/// again. Commands on one stream take turns in this process (`StreamTurns`), so each is decided on the stream as
/// it is when its turn comes. Should someone outside the turns append meanwhile (a bulk load), the append,
/// which expects the version decided on, is refused, and the command is decided again on the new state, up to
/// `attemptsMax` times — unless the caller said which version it decided on (`expecting`): then a stream at any
/// other version refuses the command, and nothing is written.
public final class CommandHandler: Sendable {
    public let ledger: Ledger
    private let decisions: Mutex<Decisions>

    public init(ledger: Ledger, rules: ComplaintRules, capacity: Int = Decisions.capacityDefault) {
        self.ledger = ledger
        decisions = Mutex(Decisions(rules: rules, capacity: capacity))
    }

    /// The rules commands are decided by.
    public var rules: ComplaintRules { decisions.withLock { $0.rules } }

    /// Decides and records `command`; returns where its events landed (or, for a retry, where they had landed).
    ///
    /// `request`, a digest of what the command asks (its target, fields and actor), is recorded as the events'
    /// causation id: a later command under the same id that asks something else is refused. The caller acts
    /// `within` its jurisdiction, checked on the state the decision reads. `beforeAppend` runs once the command
    /// is authorised and decided, before its events are appended: the keys of the personal data it seals are
    /// written then, and only then.
    public func handle(_ command: DomainCommand, commandID: String, request: String? = nil, actor: Actor, expecting expected: UInt64? = nil,
                       within jurisdiction: Jurisdiction = .everywhere,
                       beforeAppend: () throws(HandlingError) -> Void = {}) async throws(HandlingError) -> AppendResult {
        let stream = command.stream
        return try await StreamHandler(ledger: ledger).record(
            stream: stream, commandID: commandID, request: request, actor: actor, expecting: expected,
            decision: { () throws(HandlingError) -> Append in
                try decisions.withLock { (decisions: inout Decisions) throws(HandlingError) -> Append in
                    try decisions.decide(command, commandID: commandID, request: request, actor: actor, expecting: expected,
                                         within: jurisdiction, in: ledger, catchUp: true)
                }
            },
            beforeAppend: beforeAppend,
            ended: { recorded in
                // Its events take their positions in the kept state; not appended, the stream is read again when next asked.
                decisions.withLock { decisions in
                    if let recorded { decisions.appended(stream, at: recorded.positions) } else { decisions.forget(stream) }
                }
            })
    }

    /// The state of the aggregate `id` as its recorded events fold, and its stream's version: read afresh.
    public func load<D: Decider>(_: D.Type, _ id: D.ID) throws(HandlingError) -> (state: D.State, version: UInt64) {
        var state = D.initial
        let version = try FoldedStreams<D>.fold(D.stream(id), into: &state, version: 0, in: ledger)
        return (state, version)
    }
}
