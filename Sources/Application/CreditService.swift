import Domain
import Ledger

/// Records credit commands (`credit-<code>`): each is decided against the merchant's recorded credit events.
public struct CreditService: Sendable {
    public let ledger: Ledger

    public init(ledger: Ledger) { self.ledger = ledger }

    public static func stream(_ code: UnifiedSocialCreditCode) -> String { "credit-\(code)" }

    /// Decides and records `command`; returns where its events landed (or, for a retry, where they had landed).
    /// Given `expecting`, records it only if the credit stream is at that version (0: no stream yet).
    ///
    /// A line is its bank's: the command names the bank whose line it grants, revokes or expires, and the caller
    /// is held to its own bank before this. A caller held to a region acts only on a merchant of that region.
    public func handle(_ command: CreditCommand, merchant code: UnifiedSocialCreditCode, commandID: String, request: String? = nil, actor: Actor,
                       expecting version: UInt64? = nil, within jurisdiction: Jurisdiction = .everywhere) async throws(HandlingError) -> AppendResult {
        // The merchant's region is another stream's: read first. No command on the credit stream moves a merchant.
        var holder: RegionCode?
        if case .within = jurisdiction { holder = try MerchantService(ledger: ledger).merchant(code).region }
        return try await StreamHandler(ledger: ledger).handle(
            stream: Self.stream(code), commandID: commandID, request: request, actor: actor, expecting: version, on: command.businessDay,
            initial: Credit.initial, evolve: Credit.evolve,
            authorize: { [holder] _ in jurisdiction.refusal(on: MerchantService.stream(code), heldIn: holder, naming: nil) },
            decide: { state in Credit.decide(command, state, code: code).mapError { .credit($0) } })
    }

    /// The merchant's credit, folded from its recorded events.
    public func credit(_ code: UnifiedSocialCreditCode) throws(HandlingError) -> Credit.State {
        try StreamHandler(ledger: ledger).load(Self.stream(code), as: CreditEvent.self, initial: Credit.initial, evolve: Credit.evolve).0
    }
}
