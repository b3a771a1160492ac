import ArgumentParser
import Commands
import Domain
import Ledger

extension CommandRecorder {
    /// The recorder for `ledger`, which first records the rules a new ledger lacks; on failure, says why on
    /// standard error and exits with code 3.
    static func opening(_ ledger: Ledger, calendar: WorkingCalendar, deadlines: DeadlinePolicy, tiers: TierPolicy,
                        actor: String) async throws -> CommandRecorder {
        do {
            return try await open(ledger: ledger, calendar: calendar, deadlines: deadlines, tiers: tiers, actor: Actor(id: actor, role: "system"))
        } catch {
            printError("fangxin: \(error)")
            throw ExitCode(.ledgerUnavailable)
        }
    }
}
