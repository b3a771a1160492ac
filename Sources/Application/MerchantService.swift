import Domain
import Ledger

/// Records the facts of merchants' lives (`merchant-<code>`), their reports (`report-<id>`) and their credit
/// (`credit-<code>`), each decided against its stream's recorded events. Given `expecting`, a command is
/// recorded only if its stream is at that version (0: no stream yet).
public struct MerchantService: Sendable {
    public let ledger: Ledger
    public var rules: ComplaintRules

    public init(ledger: Ledger, rules: ComplaintRules) {
        self.ledger = ledger
        self.rules = rules
    }

    public static func stream(merchant code: UnifiedSocialCreditCode) -> String { "merchant-\(code)" }
    public static func stream(credit code: UnifiedSocialCreditCode) -> String { "credit-\(code)" }
    public static func stream(report id: String) -> String { "report-\(id)" }

    /// The merchant's state, folded from its recorded events.
    public func merchant(_ code: UnifiedSocialCreditCode) throws(HandlingError) -> Merchant.State {
        try StreamHandler(ledger: ledger).load(Self.stream(merchant: code), as: MerchantEvent.self, initial: Merchant.initial, evolve: Merchant.evolve).0
    }

    /// The report's state, folded from its recorded events.
    public func report(_ id: String) throws(HandlingError) -> Report.State {
        try StreamHandler(ledger: ledger).load(Self.stream(report: id), as: ReportEvent.self, initial: Report.initial, evolve: Report.evolve).0
    }

    public func record(_ event: MerchantEvent, merchant code: UnifiedSocialCreditCode, commandID: String, request: String? = nil, actor: Actor,
                       expecting version: UInt64? = nil) async throws(HandlingError) -> AppendResult {
        try await StreamHandler(ledger: ledger).handle(
            stream: Self.stream(merchant: code), commandID: commandID, request: request, actor: actor, expecting: version, on: event.day,
            initial: Merchant.initial, evolve: Merchant.evolve,
            decide: { state in Merchant.decide(event, state, code: code).mapError { .merchant($0) } })
    }

    public func receive(_ receive: Report.Receive, report: String, commandID: String, request: String? = nil, actor: Actor,
                       expecting version: UInt64? = nil) async throws(HandlingError) -> AppendResult {
        let rules = self.rules
        return try await StreamHandler(ledger: ledger).handle(
            stream: Self.stream(report: report), commandID: commandID, request: request, actor: actor, expecting: version, on: receive.receivedOn,
            initial: Report.initial, evolve: Report.evolve,
            decide: { state in Report.receive(receive, state, rules).mapError { .report($0) } })
    }

    public func record(_ event: ReportEvent, report: String, commandID: String, request: String? = nil, actor: Actor,
                       expecting version: UInt64? = nil) async throws(HandlingError) -> AppendResult {
        try await StreamHandler(ledger: ledger).handle(
            stream: Self.stream(report: report), commandID: commandID, request: request, actor: actor, expecting: version, on: event.day,
            initial: Report.initial, evolve: Report.evolve,
            decide: { state in Report.decide(event, state).mapError { .report($0) } })
    }

    /// Resumes a report's suspended verification, its new last day worked out by the rules (`Report.resume`).
    public func resume(report: String, on day: CivilDate, commandID: String, request: String? = nil, actor: Actor,
                       expecting version: UInt64? = nil) async throws(HandlingError) -> AppendResult {
        let rules = self.rules
        return try await StreamHandler(ledger: ledger).handle(
            stream: Self.stream(report: report), commandID: commandID, request: request, actor: actor, expecting: version, on: day,
            initial: Report.initial, evolve: Report.evolve,
            decide: { state in Report.resume(on: day, state, rules).mapError { .report($0) } })
    }

    public func record(_ event: CreditEvent, merchant code: UnifiedSocialCreditCode, commandID: String, request: String? = nil, actor: Actor,
                       expecting version: UInt64? = nil) async throws(HandlingError) -> AppendResult {
        guard let day = event.day else { throw .rejected(.credit(.invalid(field: "grantedOn", reason: "is required"))) }
        return try await StreamHandler(ledger: ledger).handle(
            stream: Self.stream(credit: code), commandID: commandID, request: request, actor: actor, expecting: version, on: day,
            initial: Credit.initial, evolve: Credit.evolve,
            decide: { state in Credit.decide(event, state, code: code).mapError { .credit($0) } })
    }
}
