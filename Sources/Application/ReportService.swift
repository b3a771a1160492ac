import Domain
import Ledger

/// Records report commands (`report-<id>`): each is decided against the report's recorded events, by the rules
/// given.
public struct ReportService: Sendable {
    public let ledger: Ledger
    public var rules: ComplaintRules

    public init(ledger: Ledger, rules: ComplaintRules) {
        self.ledger = ledger
        self.rules = rules
    }

    public static func stream(_ report: String) -> String { "report-\(report)" }

    /// Decides and records `command`; returns where its events landed (or, for a retry, where they had landed).
    /// Given `expecting`, records it only if the report's stream is at that version (0: no stream yet). The
    /// report is held by its region of receipt: the caller must hold it, and the region a receipt names.
    public func handle(_ command: ReportCommand, report: String, commandID: String, request: String? = nil, actor: Actor,
                       expecting version: UInt64? = nil, within jurisdiction: Jurisdiction = .everywhere,
                       beforeAppend: () throws(HandlingError) -> Void = {}) async throws(HandlingError) -> AppendResult {
        let rules = self.rules
        return try await StreamHandler(ledger: ledger).handle(
            stream: Self.stream(report), commandID: commandID, request: request, actor: actor, expecting: version, on: command.businessDay,
            fold: Self.fold,
            authorize: { state in jurisdiction.refusal(on: Self.stream(report), heldIn: state.receivedRegion, naming: Self.regionNamed(by: command)) },
            decide: { state in Report.decide(command, state, rules).mapError { .report($0) } },
            beforeAppend: beforeAppend)
    }

    /// The report's state, folded from its recorded events.
    public func report(_ id: String) throws(HandlingError) -> Report.State {
        try StreamHandler(ledger: ledger).load(Self.stream(id), as: ReportEvent.self, fold: Self.fold).0
    }

    /// The region a command names: a receipt's.
    static func regionNamed(by command: ReportCommand) -> RegionCode? {
        if case .receive(let receive) = command { return receive.receivedRegion }
        return nil
    }

    private static func fold(_ events: [(position: UInt64, event: ReportEvent)]) -> Report.State {
        Report.fold(events.lazy.map { Recorded(position: $0.position, event: $0.event) })
    }
}
