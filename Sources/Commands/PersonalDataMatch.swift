import Application
import Domain
import Ledger
import Vault

/// Tells a retry from another request by the personal data it carries. The request digest leaves names and
/// phone numbers out, so that it cannot be used to test a guess at an erased name; instead a command under a
/// recorded id is compared, through the vault, with what that command recorded, and refused if they differ.
/// Only the actor who recorded it gets this far (the digest's check refuses any other), and only whether the two
/// are equal is learnt.
struct PersonalDataMatch {
    let vault: PersonalDataVault
    let ledger: Ledger

    /// Refuses `command` when its id was recorded for its stream with other personal data.
    func checkRetry(of command: ParsedCommand) throws(HandlingError) {
        let carried = command.personalFields
        guard !carried.isEmpty else { return }
        let first: RecordedEvent?
        do throws(LedgerError) {
            guard let recorded = try ledger.recordedCommand(command.id) else { return }
            first = try ledger.read(from: recorded.positions.lowerBound, limit: 1).first
        } catch { throw .ledger(error) }
        // Another stream's command under this id is refused as such by the handler.
        guard let first, first.stream == command.action.stream else { return }
        let recorded: [SealedPersonalData?]
        do {
            switch command.action {
            case .complaint:
                guard case .received(let received)? = try ComplaintEvent.decode(type: first.type, schemaVersion: first.schemaVersion, first.payload) else { return }
                recorded = [received.consumerName, received.consumerPhone]
            case .report:
                guard case .received(let received)? = try ReportEvent.decode(type: first.type, schemaVersion: first.schemaVersion, first.payload) else { return }
                recorded = [received.reporterName, received.reporterPhone]
            default:
                return
            }
        } catch {
            throw .unreadable(position: first.position, error)
        }
        guard zip(carried, recorded).allSatisfy({ vault.same($0, $1) }) else {
            throw .commandIDReusedForAnotherRequest(commandID: command.id, stream: first.stream)
        }
    }

    /// Whether two commands of one batch under one id carry the same personal data.
    func same(_ a: ParsedCommand, _ b: ParsedCommand) -> Bool {
        zip(a.personalFields, b.personalFields).allSatisfy { vault.same($0, $1) }
    }
}
