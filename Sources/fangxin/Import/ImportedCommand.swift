import Domain
import Foundation
import Ledger
import Vault

/// A line of an import file, checked and turned into a domain command.
struct ImportedCommand {
    let id: String
    let actor: Actor
    let complaint: String
    let command: ComplaintCommand

    /// An error naming the field at fault.
    struct LineError: Error, CustomStringConvertible {
        let description: String
        init(_ field: String, _ reason: String) { description = "\(field): \(reason)" }
    }

    init(parsing json: Data, vault: PersonalDataVault) throws {
        let line: ImportLine
        do { line = try JSONDecoder().decode(ImportLine.self, from: json) } catch { throw LineError.plain(describeDecodingError(error)) }
        guard !line.id.isEmpty else { throw LineError("id", "is empty") }
        guard !line.complaint.isEmpty else { throw LineError("complaint", "is empty") }
        let present = line.commandsPresent
        guard present.count == 1 else {
            throw present.isEmpty
                ? LineError.plain("names no command: give one of \(ImportLine.commandKeys.joined(separator: ", "))")
                : LineError.plain("names \(present.count) commands (\(present.joined(separator: ", "))): one line, one command")
        }
        id = line.id
        actor = Actor(id: line.actor.id, role: line.actor.role)
        complaint = line.complaint

        if let receive = line.receive {
            func region(_ text: String, _ field: String) throws -> RegionCode {
                do { return try RegionCode(text) } catch { throw LineError("receive.\(field)", error.description) }
            }
            func sealed(_ text: String?, _ field: String) throws -> SealedPersonalData? {
                guard let text, !text.isEmpty else { return nil }
                do { return try vault.seal(text, for: receive.consumer) } catch { throw LineError("receive.\(field)", error.description) }
            }
            var merchant: UnifiedSocialCreditCode?
            if let code = receive.merchant {
                do { merchant = try UnifiedSocialCreditCode(code) } catch { throw LineError("receive.merchant", error.description) }
            }
            command = .receive(.init(
                channel: receive.channel.value, consumer: receive.consumer,
                consumerName: try sealed(receive.consumerName, "consumerName"), consumerPhone: try sealed(receive.consumerPhone, "consumerPhone"),
                merchant: merchant, merchantName: receive.merchantName, category: receive.category.value, subcategory: receive.subcategory,
                amountInDisputeFen: receive.amountInDisputeFen, receivedRegion: try region(receive.receivedRegion, "receivedRegion"),
                merchantRegion: try region(receive.merchantRegion, "merchantRegion"), receivedOn: receive.receivedOn))
        } else if let accept = line.accept {
            command = .accept(on: accept.on)
        } else if let refuse = line.refuse {
            command = .refuse(on: refuse.on, ground: refuse.ground.value, note: refuse.note)
        } else if let start = line.startMediation {
            command = .startMediation(on: start.on, mode: start.mode.value)
        } else if let end = line.endMediation {
            command = .endMediation(on: end.on, outcome: end.outcome.value, reason: end.reason)
        } else if let compensate = line.compensate {
            command = .compensate(on: compensate.on, amountFen: compensate.amountFen, payer: compensate.payer.value, kind: compensate.kind.value)
        } else {
            command = .close(on: line.close!.on)
        }
    }
}

extension ImportedCommand.LineError {
    /// A message that already names its field.
    static func plain(_ message: String) -> Self { Self(message) }
    private init(_ message: String) { description = message }
}
