public import Application
public import Domain
public import Ledger
public import Vault

/// Decides and records parsed commands, for the import and the service alike: every command is judged by the
/// rules the ledger records, against its stream's recorded events.
public struct CommandRecorder: Sendable {
    /// Where the personal data of commands is sealed: the vault beside the ledger.
    public let vault: PersonalDataVault
    /// Decides and records each command, keeping the streams folded between them.
    let handler: CommandHandler
    var ledger: Ledger { handler.ledger }
    /// The rules it decides by.
    var rules: ComplaintRules { handler.rules }

    public init(ledger: Ledger, vault: PersonalDataVault, rules: ComplaintRules) {
        self.vault = vault
        handler = CommandHandler(ledger: ledger, rules: rules)
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

    /// Decides and records `command`; returns where its events landed, or for a command recorded before, where
    /// they had landed. Given `expecting`, records it only if its stream is at that version (0: no stream yet).
    /// The caller acts `within` its jurisdiction: a stream it does not hold is refused (`.forbidden`) on the state
    /// the decision reads.
    public func record(_ command: ParsedCommand, expecting version: UInt64? = nil,
                       within jurisdiction: Jurisdiction = .everywhere) async throws(HandlingError) -> AppendResult {
        try command.checkDay(ledgerDay: ledger.clock().businessDay)
        try PersonalDataMatch(vault: vault, ledger: ledger).checkRetry(of: command)
        // The keys of the personal data it seals are written once it is authorised and decided, and only then.
        let keep = { [vault] () throws(HandlingError) in
            do throws(VaultError) { try vault.keep(command.personalData) } catch { throw .personalData(error) }
        }
        return try await handler.handle(command.action, commandID: command.id, request: command.request, actor: command.actor, expecting: version,
                                        within: jurisdiction, beforeAppend: keep)
    }
}

extension ParsedCommand {
    /// Refuses a command dated after the ledger's own day by more than `Bounds.futureMarginDays`: no act recorded
    /// here has yet to happen.
    func checkDay(ledgerDay: CivilDate) throws(HandlingError) {
        guard day <= ledgerDay.adding(days: Bounds.futureMarginDays) else {
            throw .rejected(.afterLedgerDay(field: dayField, day: day, ledgerDay: ledgerDay))
        }
    }
}
