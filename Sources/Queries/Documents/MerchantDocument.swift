import Domain
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

/// A merchant's change of library, as the live feed sends it: the merchant's code beside the change's fields.
public struct TierChangeDocument: Codable, Sendable, Equatable {
    public let merchant: String
    public let change: MerchantDocument.Change

    init(_ change: TierChange) {
        merchant = change.merchant
        self.change = .init(change)
    }

    private enum CodingKeys: String, CodingKey { case merchant }

    public init(from decoder: any Decoder) throws {
        merchant = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .merchant)
        change = try MerchantDocument.Change(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(merchant, forKey: .merchant)
        try change.encode(to: encoder)
    }
}
