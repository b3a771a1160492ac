import Domain
import Projections

/// Credit lines (授信) with their merchants' libraries, totals, and the alert list.
public struct CreditDocument: Codable, Sendable, Equatable {
    public struct Total: Codable, Sendable, Equatable {
        public let key: String, activeLines: Int, activeFen: Int64
    }

    public let position: UInt64
    /// Nil when only the alerts were asked for.
    public let lines: [CreditLineDocument]?, byBank: [Total]?, byTier: [Total]?
    /// Card-acquiring fee subsidies, in fen.
    public let subsidyFen: Int64?
    public let alerts: [CreditAlertDocument]
}

/// A credit line and its merchant's library, as of the document's position.
public struct CreditLineDocument: Codable, Sendable, Equatable {
    public let merchant: String, merchantName: String?, tier: String?, bank: String, product: String
    public let amountFen: Int64, termMonths: Int, grantedOn: String?, grantedAt: UInt64, status: String, statusAt: UInt64

    init(_ entry: CreditReport.Line) {
        merchant = entry.line.merchant
        merchantName = entry.merchantName
        tier = entry.tier?.name
        bank = entry.line.bank
        product = entry.line.product
        amountFen = entry.line.amountFen
        termMonths = entry.line.termMonths
        grantedOn = entry.line.grantedOn?.description
        grantedAt = entry.line.grantedAt
        status = entry.line.status.name
        statusAt = entry.line.statusAt
    }
}

/// A credited merchant in 预警库 (授信预警): since when and why.
public struct CreditAlertDocument: Codable, Sendable, Equatable {
    public let merchant: String, merchantName: String, bank: String, product: String, amountFen: Int64
    /// `warning` (预警库) or `delisted` (摘牌), since when, at which position, why and from which events.
    public let tier: String
    public let warningSince: String, warningAt: UInt64, reason: String, causes: [UInt64]

    init(_ alert: CreditReport.Alert) {
        merchant = alert.line.merchant
        merchantName = alert.merchantName
        bank = alert.line.bank
        product = alert.line.product
        amountFen = alert.line.amountFen
        tier = alert.tier.name
        warningSince = alert.warningSince.description
        warningAt = alert.warningAt
        reason = alert.reason
        causes = alert.causes
    }
}
