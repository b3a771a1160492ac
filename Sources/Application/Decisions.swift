public import Domain
public import Ledger

/// How every command on an aggregate is decided, once for every edge (docs/ARCHITECTURE.md): on its stream as kept
/// folded, with the merchant it consults, by the caller's jurisdiction, then by its decider. The service keeps one
/// for all its requests, `fangxin import` one for its run.
///
/// Deciding leaves the events pending on their stream, so that the next command on it is decided on top of them;
/// the caller then says how their append ended (`appended`, `forget`).
public struct Decisions: Sendable {
    /// The rules in force, as the ledger's policy stream records them.
    public let rules: ComplaintRules
    private var complaints: FoldedStreams<Complaint>
    private var merchants: FoldedStreams<Merchant>
    private var credits: FoldedStreams<Credit>
    private var reports: FoldedStreams<Report>

    /// Streams kept folded per aggregate, unless told otherwise: a complaint's state is a few kilobytes.
    public static let capacityDefault = 50_000

    public init(rules: ComplaintRules, capacity: Int = Self.capacityDefault) {
        self.init(rules: rules, capacity: capacity, readsLedger: true)
    }

    /// Decisions for a new ledger that nothing but they write (`fangxin generate`): a stream not kept holds nothing
    /// yet, so none is read, and every stream is kept, so none is forgotten. Memory grows with the streams.
    public static func soleAuthor(rules: ComplaintRules) -> Decisions {
        Decisions(rules: rules, capacity: .max, readsLedger: false)
    }

    private init(rules: ComplaintRules, capacity: Int, readsLedger: Bool) {
        self.rules = rules
        complaints = FoldedStreams(capacity: capacity, readsLedger: readsLedger)
        merchants = FoldedStreams(capacity: capacity, readsLedger: readsLedger)
        credits = FoldedStreams(capacity: capacity, readsLedger: readsLedger)
        reports = FoldedStreams(capacity: capacity, readsLedger: readsLedger)
    }

    /// Decides `command` and returns the append of what it decides, expecting the stream at the version it was
    /// decided on. Refused (nothing pending) when the caller does not hold the stream or the region the command
    /// names (`.forbidden`), when the stream is not at `expected` (0: no stream yet), or by the decider.
    ///
    /// `catchUp`: fold in what others recorded since the stream was kept. Only the ledger's sole writer, which
    /// appends every event it decides (an import), may leave it off; it alone knows where its next events will land
    /// (`landing`), and says so, so that a later command may correct them before they are committed.
    public mutating func decide(_ command: DomainCommand, commandID: String, request: String?, actor: Actor, expecting expected: UInt64? = nil,
                                within jurisdiction: Jurisdiction = .everywhere, in ledger: Ledger, catchUp: Bool,
                                landing: UInt64? = nil) throws(HandlingError) -> Append {
        let asked = Asked(commandID: commandID, request: request, actor: actor, expected: expected, jurisdiction: jurisdiction, catchUp: catchUp,
                          landing: landing)
        switch command {
        case .complaint(let id, let command): return try decide(command, id: id, in: \.complaints, asked, ledger)
        case .merchant(let code, let command): return try decide(command, id: code, in: \.merchants, asked, ledger)
        case .credit(let code, let command): return try decide(command, id: code, in: \.credits, asked, ledger)
        case .report(let id, let command): return try decide(command, id: id, in: \.reports, asked, ledger)
        }
    }

    /// The stream's pending events were recorded at `positions`.
    public mutating func appended(_ stream: String, at positions: ClosedRange<UInt64>) { keep(stream, .appended(positions)) }

    /// Forgets what is kept of the stream: an append of it failed, or was never made.
    public mutating func forget(_ stream: String) { keep(stream, .forget) }

    /// Tells the aggregate whose stream it is how its pending events fare.
    private mutating func keep(_ stream: String, _ change: KeptChange) {
        switch Self.category(of: stream) {
        case .complaint?: complaints.keep(stream, change)
        case .merchant?: merchants.keep(stream, change)
        case .credit?: credits.keep(stream, change)
        case .report?: reports.keep(stream, change)
        default: break
        }
    }

    /// The state of the merchant `code` as kept, read and folded when it is not.
    public mutating func merchant(_ code: UnifiedSocialCreditCode, in ledger: Ledger) throws(HandlingError) -> Merchant.State {
        try merchants.state(of: Merchant.stream(code), in: ledger, catchUp: true).state
    }

    /// What the caller asks besides the command.
    private struct Asked {
        let commandID: String
        let request: String?
        let actor: Actor
        let expected: UInt64?
        let jurisdiction: Jurisdiction
        let catchUp: Bool
        /// Where the first event decided will land, when the caller knows.
        let landing: UInt64?
    }

    private mutating func decide<D: Decider>(_ command: D.Command, id: D.ID, in streams: WritableKeyPath<Decisions, FoldedStreams<D>>,
                                             _ asked: Asked, _ ledger: Ledger) throws(HandlingError) -> Append {
        let stream = D.stream(id)
        let (events, version) = try decision(command, id: id, stream: stream, in: streams, asked, ledger)
        // Folded into the kept state in place: no copy of it is alive by now, so its history is not copied (a
        // merchant's, kept whole, would be, on every command).
        self[keyPath: streams].decided(events, for: stream, landing: asked.landing)
        return StreamHandler.append(events, to: stream, at: version, commandID: asked.commandID, request: asked.request, actor: asked.actor,
                                    on: D.businessDay(of: command))
    }

    /// The events `command` decides on its stream as kept, and the stream's version: by the caller's jurisdiction, the
    /// version expected and the decider.
    private mutating func decision<D: Decider>(_ command: D.Command, id: D.ID, stream: String, in streams: WritableKeyPath<Decisions, FoldedStreams<D>>,
                                               _ asked: Asked, _ ledger: Ledger) throws(HandlingError) -> (events: [D.Event], version: UInt64) {
        let (state, version) = try self[keyPath: streams].state(of: stream, in: ledger, catchUp: asked.catchUp)
        var facts = OutsideFacts(rules: rules)
        if let code = D.merchantConsulted(by: command, id: id, state) {
            facts.merchant = try merchants.state(of: Merchant.stream(code), in: ledger, catchUp: asked.catchUp).state
        }
        if let refusal = asked.jurisdiction.refusal(on: stream, heldIn: D.holder(of: state, facts), naming: D.regionNamed(by: command)) {
            throw .forbidden(refusal)
        }
        if let expected = asked.expected, expected != version {
            throw .ledger(.wrongExpectedVersion(stream: stream, expected: StreamHandler.expectation(expected), actual: version))
        }
        switch D.decide(command, id: id, state, facts) {
        case .success(let decided): return (decided, version)
        case .failure(let rejection): throw .rejected(rejection)
        }
    }

    private static func category(of stream: String) -> StreamCategory? {
        StreamCategory.all.first { $0.id(of: stream) != nil }
    }
}
