import Domain
import Ledger

/// Records complaint commands: each is decided against the complaint's recorded events, by the rules given.
public struct ComplaintService: Sendable {
    public let ledger: Ledger
    public var rules: ComplaintRules

    public init(ledger: Ledger, rules: ComplaintRules) {
        self.ledger = ledger
        self.rules = rules
    }

    public static func stream(_ complaint: String) -> String { "complaint-\(complaint)" }

    /// Decides and records `command`; returns where its events landed (or, for a retry, where they had landed).
    /// Given `expecting`, records it only if the complaint's stream is at that version (0: no stream yet). The
    /// case is held by its region of receipt: the caller must hold it, and the region a receipt names.
    public func handle(_ command: ComplaintCommand, complaint: String, commandID: String, request: String? = nil, actor: Actor,
                       expecting version: UInt64? = nil, within jurisdiction: Jurisdiction = .everywhere,
                       beforeAppend: () throws(HandlingError) -> Void = {}) async throws(HandlingError) -> AppendResult {
        let rules = self.rules
        // A no-reason return is held to the window the merchant pledged, as the merchant's own stream records it.
        // The complaint names its merchant on receipt, once for all.
        var window: Int?
        if case .compensate(let paid) = command, paid.kind == .noReasonReturn, let code = try load(Self.stream(complaint)).0.merchant {
            window = try MerchantService(ledger: ledger).merchant(code).pledges[.offlineNoReasonReturn]?.windowDays
        }
        return try await StreamHandler(ledger: ledger).handle(
            stream: Self.stream(complaint), commandID: commandID, request: request, actor: actor, expecting: version, on: command.businessDay,
            fold: Self.fold,
            authorize: { state in jurisdiction.refusal(on: Self.stream(complaint), heldIn: state.receivedRegion, naming: Self.regionNamed(by: command)) },
            decide: { [window] state in Complaint.decide(command, state, rules, returnWindowDays: window).mapError { .complaint($0) } },
            beforeAppend: beforeAppend)
    }

    /// The complaint's state and stream version, folded from its recorded events.
    public func load(_ stream: String) throws(HandlingError) -> (Complaint.State, UInt64) {
        try StreamHandler(ledger: ledger).load(stream, as: ComplaintEvent.self, fold: Self.fold)
    }

    /// The region a command names: a receipt's.
    static func regionNamed(by command: ComplaintCommand) -> RegionCode? {
        if case .receive(let receive) = command { return receive.receivedRegion }
        return nil
    }

    private static func fold(_ events: [(position: UInt64, event: ComplaintEvent)]) -> Complaint.State {
        Complaint.fold(events.lazy.map { Recorded(position: $0.position, event: $0.event) })
    }
}
