/// An aggregate's rules, written once (docs/ARCHITECTURE.md, "The life of a command"): the streams it keeps,
/// how its recorded events fold into its state, what it reads of other streams, who holds it, and what a command
/// causes. The service, `fangxin import` and `fangxin generate` decide every command through a decider, and
/// through nothing else: a rule written here is enforced at every edge.
///
/// All of it is pure: no I/O, no clock. What a decision reads beside its own stream is handed to it
/// (`OutsideFacts`), so that the caller may keep it folded and read it once.
public protocol Decider {
    /// What names one aggregate: a complaint's id, a merchant's code.
    associatedtype ID: CustomStringConvertible & Sendable
    associatedtype Command: Sendable
    associatedtype Event: DomainEvent
    associatedtype State: Sendable

    /// The aggregate's streams: `category.stream(id)`.
    static var category: StreamCategory { get }
    /// The state of an aggregate with no recorded event.
    static var initial: State { get }
    /// Folds one more recorded event into the state, in place: a stream's events folded in order from `initial`
    /// make its state (`fold`), and a state kept folded takes each new event as it is recorded.
    static func apply(_ recorded: Recorded<Event>, to state: inout State)
    /// Says where an event folded in at position 0, decided and not yet appended (`Recorded`), was recorded: for an
    /// aggregate whose state keeps positions (what a correction names), the first such event takes `position`.
    static func place(_ event: Event, at position: UInt64, in state: inout State)
    /// The merchant whose recorded state the decision of `command` reads, beside the aggregate's own: nil for none.
    static func merchantConsulted(by command: Command, id: ID, _ state: State) -> UnifiedSocialCreditCode?
    /// The events `command` causes on the aggregate `id` as `state` has it, or why it is refused.
    static func decide(_ command: Command, id: ID, _ state: State, _ facts: OutsideFacts) -> Result<[Event], Rejection>
    /// The region that holds the aggregate (属地管理), as recorded: nil before it is. A caller held to a region
    /// acts only on what it holds.
    static func holder(of state: State, _ facts: OutsideFacts) -> RegionCode?
    /// The region `command` names, which such a caller must hold too: a receipt's, an application's.
    static func regionNamed(by command: Command) -> RegionCode?
    /// The business day `command` acts on: its events are dated on it.
    static func businessDay(of command: Command) -> CivilDate
}

/// What a decision reads beside its aggregate's own stream.
public struct OutsideFacts: Sendable {
    /// The rules in force: the calendar and the deadline policy the ledger records.
    public var rules: ComplaintRules
    /// The state of the merchant the decider consults (`merchantConsulted`), when it consults one.
    public var merchant: Merchant.State?

    public init(rules: ComplaintRules, merchant: Merchant.State? = nil) {
        self.rules = rules
        self.merchant = merchant
    }
}

extension Decider {
    /// The stream of the aggregate `id`.
    public static func stream(_ id: ID) -> String { category.stream(id) }

    /// The state of an aggregate whose stream holds `recorded`, in order.
    public static func fold(_ recorded: some Sequence<Recorded<Event>>) -> State {
        var state = initial
        for item in recorded { apply(item, to: &state) }
        return state
    }

    /// No position to say: the state keeps none.
    public static func place(_ event: Event, at position: UInt64, in state: inout State) {}
}
