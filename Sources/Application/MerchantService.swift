import Domain
import Ledger

/// Records merchant commands (`merchant-<code>`): each is decided against the merchant's recorded events.
public struct MerchantService: Sendable {
    public let ledger: Ledger

    public init(ledger: Ledger) { self.ledger = ledger }

    public static func stream(_ code: UnifiedSocialCreditCode) -> String { "merchant-\(code)" }

    /// Decides and records `command`; returns where its events landed (or, for a retry, where they had landed).
    /// Given `expecting`, records it only if the merchant's stream is at that version (0: no stream yet). The
    /// merchant is held by the region it applied in: the caller must hold it, and the region an application names
    /// (an application sent again after a failed pre-review may name another).
    public func handle(_ command: MerchantCommand, merchant code: UnifiedSocialCreditCode, commandID: String, request: String? = nil, actor: Actor,
                       expecting version: UInt64? = nil, within jurisdiction: Jurisdiction = .everywhere) async throws(HandlingError) -> AppendResult {
        try await StreamHandler(ledger: ledger).handle(
            stream: Self.stream(code), commandID: commandID, request: request, actor: actor, expecting: version, on: command.businessDay,
            initial: Merchant.initial, evolve: Merchant.evolve,
            authorize: { state in jurisdiction.refusal(on: Self.stream(code), heldIn: state.region, naming: Self.regionNamed(by: command)) },
            decide: { state in Merchant.decide(command, state, code: code).mapError { .merchant($0) } })
    }

    /// The region a command names: an application's.
    static func regionNamed(by command: MerchantCommand) -> RegionCode? {
        if case .apply(_, _, let region, _, _, _) = command { return region }
        return nil
    }

    /// The merchant's state, folded from its recorded events.
    public func merchant(_ code: UnifiedSocialCreditCode) throws(HandlingError) -> Merchant.State {
        try StreamHandler(ledger: ledger).load(Self.stream(code), as: MerchantEvent.self, initial: Merchant.initial, evolve: Merchant.evolve).0
    }
}
