import Projections

/// One merchant: its standing, every change of library up to the position, and its credit lines.
public struct MerchantDocument: Codable, Sendable, Equatable {
    /// One change of library, with the positions of the events that caused it.
    public struct Change: Codable, Sendable, Equatable {
        public let position: UInt64
        public let from: String?, to: String, on: String, reason: String
        public let causes: [UInt64]
        public let policy: String

        init(_ change: TierChange) {
            position = change.position
            from = change.from?.name
            to = change.to.name
            on = change.on.description
            reason = change.reason
            causes = change.causes
            policy = change.policy
        }
    }

    public let position: UInt64
    public let merchant: MerchantSummary
    /// The library as of `position`: the last change's.
    public let tier: String?
    public let history: [Change]
    public let credit: [CreditLineDocument]
}

/// A merchant's change of library, as the live feed sends it.
public struct TierChangeDocument: Codable, Sendable, Equatable {
    public let merchant: String
    public let position: UInt64
    public let from: String?, to: String, on: String, reason: String
    public let causes: [UInt64]
    public let policy: String

    init(_ change: TierChange) {
        merchant = change.merchant
        position = change.position
        from = change.from?.name
        to = change.to.name
        on = change.on.description
        reason = change.reason
        causes = change.causes
        policy = change.policy
    }
}
