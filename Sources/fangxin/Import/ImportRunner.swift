import Application
import Domain
import Foundation
import Ledger
import Vault

/// Imports command files into one ledger: records the calendar and default policy first if the ledger lacks
/// them, then decides every line by the rules the ledger records.
struct ImportRunner {
    struct Summary: Encodable {
        var lines = 0, recorded = 0, alreadyRecorded = 0, failed = 0

        static func + (lhs: Summary, rhs: Summary) -> Summary {
            Summary(lines: lhs.lines + rhs.lines, recorded: lhs.recorded + rhs.recorded,
                    alreadyRecorded: lhs.alreadyRecorded + rhs.alreadyRecorded, failed: lhs.failed + rhs.failed)
        }
    }

    let vault: PersonalDataVault
    let complaints: ComplaintService
    let merchants: MerchantService

    /// Opens the vault beside the ledger and makes sure the ledger records its rules.
    init(ledger: Ledger, calendar: WorkingCalendar, deadlines: DeadlinePolicy, tiers: TierPolicy) async throws {
        do {
            vault = try PersonalDataVault(directory: ledger.directory + "/vault")
            let policy = PolicyService(ledger: ledger)
            _ = try await policy.bootstrap(calendar: calendar, deadlines: deadlines, tiers: tiers, actor: Actor(id: "fangxin-import", role: "system"))
            let rules = try policy.complaintRules()!
            complaints = ComplaintService(ledger: ledger, rules: rules)
            merchants = MerchantService(ledger: ledger, rules: rules)
        } catch {
            printError("fangxin: \(error)")
            throw ledgerUnavailable
        }
    }

    /// Records every line of `file`; reports each failed line on standard error as FILE:LINE: reason.
    func run(_ file: String) async throws -> Summary {
        guard let data = FileManager.default.contents(atPath: file) else {
            printError("fangxin: cannot read \(file)")
            throw ledgerUnavailable
        }
        var summary = Summary()
        for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            summary.lines += 1
            do {
                let result = try await record(ImportedCommand(parsing: Data(text.utf8), vault: vault))
                if result.alreadyRecorded { summary.alreadyRecorded += 1 } else { summary.recorded += 1 }
            } catch {
                summary.failed += 1
                printError("\(file):\(index + 1): \(error)")
            }
        }
        return summary
    }

    private func record(_ command: ImportedCommand) async throws -> AppendResult {
        switch command.action {
        case let .complaint(id, action):
            return try await complaints.handle(action, complaint: id, commandID: command.id, actor: command.actor)
        case let .merchant(code, event):
            return try await merchants.record(event, merchant: code, commandID: command.id, actor: command.actor)
        case let .credit(code, event):
            return try await merchants.record(event, merchant: code, commandID: command.id, actor: command.actor)
        case let .receiveReport(id, receive):
            return try await merchants.receive(receive, report: id, commandID: command.id, actor: command.actor)
        case let .report(id, event):
            return try await merchants.record(event, report: id, commandID: command.id, actor: command.actor)
        }
    }
}
