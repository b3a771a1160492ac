public import Domain

/// What a caller is, which decides what it may append. Every role may read the read models; only the
/// public face (health, readiness, metrics, the API document and the dashboard) answers without a token.
public enum Role: String, Codable, CaseIterable, Sendable {
    /// A market regulation bureau (市场监管局): complaints, merchants, policy, the clock.
    case regulator
    /// A mediator (调解员, including ODR): mediation of complaints.
    case mediator
    /// A bank (放心贷): credit lines.
    case bank
    /// A merchant (经营者): its own pledges and answers, for itself only.
    case merchant
    /// An auditor: reads everything, appends nothing.
    case auditor
    /// An operator of the platform.
    case admin
    /// A standby machine (`fangxin replicate`): reads the log and the vault's keys, to take over when the primary
    /// dies; appends nothing.
    case replica
}

/// Who is calling, from its token: the actor recorded on every event it appends, never taken from a body.
public struct Caller: Sendable, Equatable {
    public let actor: String
    public let role: Role
    /// For the merchant role: the merchant (its unified social credit code) it speaks for.
    public let merchant: String?
    /// For the bank role: the bank whose lines it grants, revokes and expires.
    public let bank: String?
    /// For regulators and mediators: the region whose cases, merchants and reports they act on.
    public let region: RegionCode?

    public init(actor: String, role: Role, merchant: String? = nil, bank: String? = nil, region: RegionCode? = nil) {
        self.actor = actor
        self.role = role
        self.merchant = merchant
        self.bank = bank
        self.region = region
    }
}
