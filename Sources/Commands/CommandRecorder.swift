import Application
import Domain
import Ledger
import Vault

/// Decides and records parsed commands, for the import and the service alike: every command is judged by the
/// rules the ledger records, against its stream's recorded events.
public struct CommandRecorder: Sendable {
    /// Where the personal data of commands is sealed: the vault beside the ledger.
    public let vault: PersonalDataVault
    /// The ledger it records in, and the rules it decides by.
    let ledger: Ledger
    let rules: ComplaintRules
    private let complaints: ComplaintService
    private let merchants: MerchantService
    private let credits: CreditService
    private let reports: ReportService

    public init(ledger: Ledger, vault: PersonalDataVault, rules: ComplaintRules) {
        self.vault = vault
        self.ledger = ledger
        self.rules = rules
        complaints = ComplaintService(ledger: ledger, rules: rules)
        merchants = MerchantService(ledger: ledger)
        credits = CreditService(ledger: ledger)
        reports = ReportService(ledger: ledger, rules: rules)
    }

    /// Opens the vault beside the ledger (`DIR/vault`), records the calendar and the default policy on a ledger
    /// that lacks them (and any calendar year it lacks), and reads the rules then in force.
    public static func open(ledger: Ledger, calendar: WorkingCalendar, deadlines: DeadlinePolicy, tiers: TierPolicy,
                            actor: Actor) async throws -> CommandRecorder {
        let vault = try PersonalDataVault(directory: ledger.directory + "/vault")
        let policy = PolicyService(ledger: ledger)
        _ = try await policy.bootstrap(calendar: calendar, deadlines: deadlines, tiers: tiers, actor: actor)
        guard let rules = try policy.complaintRules() else { preconditionFailure("bootstrap records a deadline policy") }
        return CommandRecorder(ledger: ledger, vault: vault, rules: rules)
    }

    /// The region `command` acts in, which decides which bureau may send it: a complaint's or report's region of
    /// receipt, a merchant's region, from the command itself when it starts the stream, else from the stream's
    /// recorded events; nil when the stream does not exist yet (the domain refuses the command then).
    public func region(of command: ParsedCommand) throws(HandlingError) -> RegionCode? {
        if let named = command.regionNamed { return named }
        switch command.action {
        case .complaint(let id, _):
            return try complaints.load(ComplaintService.stream(id)).0.receivedRegion
        case .merchant(let code, _), .credit(let code, _):
            return try merchants.merchant(code).region
        case .report(let id, _):
            return try reports.report(id).receivedRegion
        }
    }

    /// Decides and records `command`; returns where its events landed, or for a command recorded before, where
    /// they had landed. Given `expecting`, records it only if its stream is at that version (0: no stream yet).
    public func record(_ command: ParsedCommand, expecting version: UInt64? = nil) async throws(HandlingError) -> AppendResult {
        let ledgerDay = complaints.ledger.clock().businessDay
        guard command.day <= ledgerDay.adding(days: Bounds.futureMarginDays) else {
            throw .rejected(.afterLedgerDay(field: command.dayField, day: command.day, ledgerDay: ledgerDay))
        }
        switch command.action {
        case let .complaint(id, action):
            return try await complaints.handle(action, complaint: id, commandID: command.id, request: command.request, actor: command.actor, expecting: version)
        case let .merchant(code, action):
            return try await merchants.handle(action, merchant: code, commandID: command.id, request: command.request, actor: command.actor, expecting: version)
        case let .credit(code, action):
            return try await credits.handle(action, merchant: code, commandID: command.id, request: command.request, actor: command.actor, expecting: version)
        case let .report(id, action):
            return try await reports.handle(action, report: id, commandID: command.id, request: command.request, actor: command.actor, expecting: version)
        }
    }
}
