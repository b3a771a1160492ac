import Application
import ArgumentParser
import Domain
import Foundation
import Ledger
import Vault

struct Erase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Carry out a person's erasure request: destroy the key sealing their personal data, and record that it was done.",
        discussion: """
            SUBJECT is the person's pseudonymous id, as commands gave it (a complaint's consumer, a report's reporter). \
            Their key in DIR/vault is overwritten and synced, so every name and phone number sealed for them, in every \
            event, can no longer be read; the events themselves stay, as the chain needs them. The privacy stream records \
            the erasure, who asked and why, never what was erased (docs/FORMAT.md, "Personal data"). Erasing again records \
            nothing more. Exit code 1 when the subject has no personal data here.

            Example:
              fangxin erase consumer-2025-0032 --reason "本人申请删除个人信息"
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The person's pseudonymous id.", valueName: "subject")) var subject: String
    @Option(help: ArgumentHelp("Why: the request it carries out.", valueName: "text")) var reason: String
    @Option(help: ArgumentHelp("Who carries it out (recorded as the event's actor, role admin).", valueName: "id")) var actor = "fangxin-cli"

    func run() async throws {
        let ledger = try global.openForWriting(as: "erase")
        defer { ledger.close() }
        let vault: PersonalDataVault
        do { vault = try PersonalDataVault(directory: ledger.directory + "/vault") } catch {
            printError("fangxin: \(error)")
            throw ExitCode(.ledgerUnavailable)
        }
        do {
            let result = try await PrivacyService(ledger: ledger, vault: vault)
                .erase(subject, reason: reason, on: ledger.clock().businessDay, actor: Actor(id: actor, role: "admin"))
            print(result.positions.isEmpty || result.alreadyRecorded ? "\(subject) was already erased" : "erased \(subject): recorded at position \(result.positions.lowerBound)")
        } catch {
            printError("fangxin: \(error)")
            throw ExitCode(.failed)
        }
    }
}
