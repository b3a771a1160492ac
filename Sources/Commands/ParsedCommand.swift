import Application
public import Domain
public import Foundation
import JSONText
public import Ledger
public import Vault

/// A command document, checked and turned into a domain action. Personal data in it (names, phone numbers) is
/// sealed with the person's key while it is parsed, so it never reaches the log in the clear.
public struct ParsedCommand: Sendable {
    /// What the command asks of which aggregate, as its decider takes it.
    public typealias Action = DomainCommand

    /// The parts, held once and shared by every copy: a command is handed whole from stage to stage of an import
    /// (parsed, decided, reported), and a copy of a dozen strings and an action would cost a retain each.
    private let parts: Parts

    private final class Parts: Sendable {
        let id: String, request: String, actor: Actor, target: CommandTarget, command: String, subject: String
        let action: Action, day: CivilDate, dayField: String

        init(id: String, request: String, actor: Actor, target: CommandTarget, command: String, subject: String, action: Action,
             day: CivilDate, dayField: String) {
            (self.id, self.request, self.actor, self.target, self.command, self.subject) = (id, request, actor, target, command, subject)
            (self.action, self.day, self.dayField) = (action, day, dayField)
        }
    }

    /// The command id: a retry with the same id records nothing new.
    public var id: String { parts.id }
    /// What the command asks, as a digest (`RequestDigest`): a command under a recorded id that asks something
    /// else is refused.
    public var request: String { parts.request }
    public var actor: Actor { parts.actor }
    public var target: CommandTarget { parts.target }
    /// The command's key, e.g. `accept` or `grantCredit`.
    public var command: String { parts.command }
    /// The complaint id, merchant code or report id the command names.
    public var subject: String { parts.subject }
    public var action: Action { parts.action }
    /// The personal data fields the command carries, sealed, each nil when not given: a receipt's complainant's
    /// or reporter's name and phone, in that order; none for any other command.
    public var personalFields: [SealedPersonalData?] {
        switch action {
        case .complaint(_, .receive(let receive)): return [receive.consumerName, receive.consumerPhone]
        case .report(_, .receive(let receive)): return [receive.reporterName, receive.reporterPhone]
        default: return []
        }
    }

    /// The personal data the command carries. Their keys, when new, exist in memory only until the command is
    /// decided (`PersonalDataVault.keep`).
    public var personalData: [SealedPersonalData] { personalFields.compactMap { $0 } }

    /// The business day the command acts on, and its field in the document (`accept.on`): the recorder holds
    /// it to the ledger's own day.
    public var day: CivilDate { parts.day }
    public var dayField: String { parts.dayField }

    /// Parses one document: an import file's line.
    public init(parsing json: Data, vault: PersonalDataVault) throws(CommandError) {
        try self.init(parsing: Array(json), vault: vault)
    }

    /// Parses one document from its bytes.
    public init(parsing json: [UInt8], vault: PersonalDataVault) throws(CommandError) {
        try self.init(parsing: json, members: nil, vault: vault)
    }

    /// Parses `json` read whole only, never in one pass: what the one-pass reading must agree with, as tests hold it.
    init(parsingWhole json: [UInt8], vault: PersonalDataVault) throws(CommandError) {
        try self.init(parsing: json, members: nil, onePass: false, vault: vault)
    }

    /// Parses `json`, whose members are `known` when the caller has read them already. A plain document is read
    /// in one pass straight into its parts (`CommandText.read`). Any other, to be taken or to have its fault
    /// named, is read whole (`JSONReader`); only a text that reader cannot take, such as one with a fraction where
    /// a whole number belongs, goes to Foundation's decoder, for its words.
    private init(parsing json: [UInt8], members known: [String: JSONValue]?, onePass: Bool = true, vault: PersonalDataVault) throws(CommandError) {
        if onePass, let text = CommandText.read(json), let document = try? CommandDocument(text) {
            try self.init(document, text: text, vault: vault)
            return
        }
        let known = known ?? { if case .object(let members)? = try? JSONReader.value(json) { members } else { nil } }()
        let document: CommandDocument
        do {
            // What was read already decodes as it stands; a document that does not is decoded again from its text,
            // so that the fault is named in the decoder's own words.
            if let known, let decoded = try? JSONValueDecoder().decode(CommandDocument.self, from: .object(known)) {
                document = decoded
            } else {
                document = try JSONDecoder().decode(CommandDocument.self, from: Data(json))
            }
        } catch {
            let fault = DecodingFault(error)
            throw CommandError(fault.field, fault.reason)
        }
        // The same document as plain JSON, for its members, its bounds and its digest. Every member a command
        // takes has been decoded as its field's type, so only one it does not take can keep it from reading so.
        let members: [String: JSONValue]
        if let known {
            members = known
        } else {
            let read: JSONValue
            do { read = try JSONReader.value(json) } catch {
                throw CommandError(nil, "the document holds a value no command takes: \(error)")
            }
            guard case .object(let object) = read else { preconditionFailure("it decoded as a command document, an object") }
            members = object
        }
        // A member no command takes is refused, not ignored: a misspelt field would otherwise vanish unseen.
        let commands = document.commandsPresent
        if commands.count == 1, let key = commands.first, let unknown = unknownMember(of: members, command: key) {
            throw CommandError(unknown, "is not a member of a \(key) command (docs/COMMANDS.md)")
        }
        guard !document.id.isEmpty else { throw CommandError("id", "is empty") }
        let targets = document.targetsPresent
        guard targets.count == 1, let target = targets.first else {
            throw CommandError(nil, targets.isEmpty ? "names no target: give one of complaint, merchant, report"
                                                    : "names \(targets.count) targets (\(targets.map(\.rawValue).joined(separator: ", "))): one line, one target")
        }
        guard commands.count == 1, let key = commands.first else {
            let allowed = target.commands.joined(separator: ", ")
            throw CommandError(nil, commands.isEmpty ? "names no command: give one of \(allowed)"
                                                     : "names \(commands.count) commands (\(commands.joined(separator: ", "))): one line, one command")
        }
        guard target.commands.contains(key) else {
            let owner = CommandTarget.allCases.first { $0.commands.contains(key) }!
            throw CommandError(nil, "\(key) is a \(owner.rawValue) command, but the line names a \(target.rawValue)")
        }
        guard let text = CommandText(members: members, command: key) else {
            throw CommandError(nil, "the document holds a value no command takes")
        }
        try self.init(document, text: text, vault: vault)
    }

    /// Parses one command given in parts, as the service receives it: the target, subject and command from the
    /// path, the actor from the caller's token, and the command's own fields from `body`, a JSON object. The id
    /// is `id` or the body's `"id"` (they must agree when both are given); without either, the command gets a
    /// fresh id, and a retry of it is a new command. A field at fault is named as in the body: `on`, not
    /// `accept.on`.
    public init(id: String?, actor: Actor, target: CommandTarget, subject: String, command: String, body: Data,
                vault: PersonalDataVault) throws(CommandError) {
        // The document is spliced from the parts as bytes: the body goes in as it came, so that the fields are
        // decoded once, by the same decoder as an import line's, and named by the same paths.
        guard body.first(where: { !Self.whitespace.contains($0) }) == UInt8(ascii: "{") else {
            throw CommandError(nil, "the body is not a JSON object")
        }
        // Reading the body whole also proves it one complete JSON value, which splicing it below relies on. The
        // quick reader takes whole numbers only; a body it cannot read goes to the decoder, which says why, or
        // passes it on to be named field by field.
        let bodyID: String?
        var bodyMembers: [String: JSONValue]?
        if case .object(let members)? = try? JSONReader.value(Array(body)) {
            bodyMembers = members
            switch members["id"] {
            case nil, .null?: bodyID = nil
            case .string(let text)?: bodyID = text
            default: throw CommandError("id", "is not a string")
            }
        } else {
            struct Identified: Decodable { let id: String? }
            do { bodyID = try JSONDecoder().decode(Identified.self, from: body).id } catch {
                let fault = DecodingFault(error)
                throw fault.field == nil ? CommandError(nil, "the body is not a JSON object: \(fault.reason)") : CommandError(fault.field, fault.reason)
            }
        }
        if let id, let bodyID, bodyID != id {
            throw CommandError("id", "is \"\(bodyID)\", but the command was also given the id \"\(id)\"")
        }
        let commandID = id ?? bodyID ?? UUID().uuidString.lowercased()
        var document = JSONWriter(reservingCapacity: body.count + 256)
        document.open()
        document.member("id", first: true)
        document.write(commandID)
        document.member("actor")
        document.open()
        document.member("id", first: true)
        document.write(actor.id)
        document.member("role")
        document.write(actor.role)
        document.close()
        document.member(target.rawValue)
        document.write(subject)
        document.member(command)
        document.write(encoded: body)
        document.close()
        // The spliced document's members, known without reading it again: the parts, and the body as it was read.
        let members = bodyMembers.map { body -> [String: JSONValue] in
            ["id": .string(commandID), "actor": .object(["id": .string(actor.id), "role": .string(actor.role)]),
             target.rawValue: .string(subject), command: .object(body)]
        }
        do {
            try self.init(parsing: document.bytes, members: members, vault: vault)
        } catch {
            let prefix = command + "."
            guard let field = error.field, field.hasPrefix(prefix) else { throw error }
            throw CommandError(String(field.dropFirst(prefix.count)), error.reason)
        }
    }

    private static let whitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]

    /// The command `line` holds, whose text is `text`: a document of one target and one of its commands.
    private init(_ line: CommandDocument, text: CommandText, vault: PersonalDataVault) throws(CommandError) {
        try DocumentBounds.check(text)
        // The command's day: its one date field (`on`, or `receivedOn` when a case is received), decoded above.
        // Every command has one, which the decoder has read; a text that disagrees with it is refused, not trapped on.
        guard let dayField = CommandField.of(text.command).first(where: { if case .date = $0.kind { true } else { false } }),
              case .text(let day)? = text.value(of: dayField.name), let day = CivilDate(day)
        else { throw CommandError("\(text.command)", "gives no day the command can be dated by") }
        let target = text.target

        func region(_ text: String, _ field: String) throws(CommandError) -> RegionCode {
            do { return try RegionCode(text) } catch { throw CommandError(field, error.description) }
        }
        func creditCode(_ text: String, _ field: String) throws(CommandError) -> UnifiedSocialCreditCode {
            do { return try UnifiedSocialCreditCode(text) } catch { throw CommandError(field, error.description) }
        }
        func sealed(_ text: String?, for subject: String, _ field: String) throws(CommandError) -> SealedPersonalData? {
            guard let text, !text.isEmpty else { return nil }
            do { return try vault.seal(text, for: subject) } catch { throw CommandError(field, error.description) }
        }

        let action: Action
        switch target {
        case .complaint:
            let complaint = line.complaint!
            guard !complaint.isEmpty else { throw CommandError("complaint", "is empty") }
            let command: ComplaintCommand
            if let receive = line.receive {
                command = .receive(.init(
                    channel: receive.channel.value, consumer: receive.consumer,
                    consumerName: try sealed(receive.consumerName, for: receive.consumer, "receive.consumerName"),
                    consumerPhone: try sealed(receive.consumerPhone, for: receive.consumer, "receive.consumerPhone"),
                    merchant: try receive.merchant.map { code throws(CommandError) in try creditCode(code, "receive.merchant") }, merchantName: receive.merchantName,
                    category: receive.category.value, subcategory: receive.subcategory, amountInDisputeFen: receive.amountInDisputeFen,
                    receivedRegion: try region(receive.receivedRegion, "receive.receivedRegion"),
                    merchantRegion: try region(receive.merchantRegion, "receive.merchantRegion"), receivedOn: receive.receivedOn,
                    intake: receive.intake))
            } else if let accept = line.accept {
                command = .accept(on: accept.on)
            } else if let refuse = line.refuse {
                command = .refuse(on: refuse.on, ground: refuse.ground.value, note: refuse.note)
            } else if let start = line.startMediation {
                command = .startMediation(on: start.on, mode: start.mode.value)
            } else if let end = line.endMediation {
                command = .endMediation(on: end.on, outcome: end.outcome.value, reason: end.reason)
            } else if let compensate = line.compensate {
                command = .compensate(.init(on: compensate.on, amountFen: compensate.amountFen, payer: compensate.payer.value, kind: compensate.kind.value,
                                            basis: compensate.basis?.value, lossFen: compensate.lossFen, purchasedOn: compensate.purchasedOn,
                                            returnStore: compensate.returnStore))
            } else if let assign = line.assign {
                command = .assign(on: assign.on, unit: assign.unit, transferred: assign.transferred ?? false)
            } else if let feedback = line.giveFeedback {
                command = .giveFeedback(on: feedback.on)
            } else if let rate = line.rateSatisfaction {
                command = .rateSatisfaction(on: rate.on, satisfied: rate.satisfied)
            } else if let revisit = line.revisit {
                command = .revisit(on: revisit.on, note: revisit.note)
            } else if let suspend = line.suspendClock {
                command = .suspendClock(on: suspend.on, reason: suspend.reason.value, note: suspend.note)
            } else if let resume = line.resumeClock {
                command = .resumeClock(on: resume.on)
            } else if let notify = line.notifyParties {
                command = .notifyParties(on: notify.on)
            } else if let correct = line.correct {
                command = .correct(try Self.correction(correct))
            } else {
                command = .close(on: line.close!.on)
            }
            action = .complaint(id: complaint, command)
        case .merchant:
            let code = try creditCode(line.merchant!, "merchant")
            if let grant = line.grantCredit {
                action = .credit(code, .grant(on: grant.on, bank: grant.bank, product: grant.product, amountFen: grant.amountFen, termMonths: grant.termMonths))
            } else if let revoke = line.revokeCredit {
                action = .credit(code, .revoke(on: revoke.on, bank: revoke.bank, product: revoke.product, reason: revoke.reason))
            } else if let expire = line.expireCredit {
                action = .credit(code, .expire(on: expire.on, bank: expire.bank, product: expire.product))
            } else if let acquiring = line.openCardAcquiring {
                action = .credit(code, .openCardAcquiring(on: acquiring.on, bank: acquiring.bank, feeSubsidyFen: acquiring.feeSubsidyFen))
            } else if let correct = line.correctCredit {
                action = .credit(code, .correct(bank: correct.bank, try Self.correction(correct)))
            } else {
                action = .merchant(code, try Self.merchantCommand(line, region: region))
            }
        case .report:
            let report = line.report!
            guard !report.isEmpty else { throw CommandError("report", "is empty") }
            if let receive = line.receiveReport {
                action = .report(id: report, .receive(ReportCommand.Receive(
                    receivedOn: receive.receivedOn, channel: receive.channel.value, reporter: receive.reporter,
                    reporterName: try sealed(receive.reporterName, for: receive.reporter, "receiveReport.reporterName"),
                    reporterPhone: try sealed(receive.reporterPhone, for: receive.reporter, "receiveReport.reporterPhone"),
                    merchant: try receive.merchant.map { code throws(CommandError) in try creditCode(code, "receiveReport.merchant") }, merchantName: receive.merchantName,
                    allegation: receive.allegation, receivedRegion: try region(receive.receivedRegion, "receiveReport.receivedRegion"),
                    intake: receive.intake)))
            } else if let verify = line.verify {
                action = .report(id: report, .verify(on: verify.on, substantiated: verify.substantiated, findings: verify.findings))
            } else if let decide = line.decideCase {
                action = .report(id: report, .decideCase(on: decide.on, filed: decide.filed, reference: decide.reference))
            } else if let suspend = line.suspendVerification {
                action = .report(id: report, .suspendVerification(on: suspend.on, reason: suspend.reason.value, note: suspend.note))
            } else if let resume = line.resumeVerification {
                action = .report(id: report, .resumeVerification(on: resume.on))
            } else if let notify = line.notifyReporter {
                action = .report(id: report, .notifyReporter(on: notify.on))
            } else if let extend = line.extendCase {
                action = .report(id: report, .extendCase(on: extend.on, days: extend.days, approval: extend.approval, collective: extend.collective ?? false))
            } else if let correct = line.correctReport {
                action = .report(id: report, .correct(try Self.correction(correct)))
            } else if let close = line.closeCase {
                action = .report(id: report, .closeCase(on: close.on, penaltyFen: close.penaltyFen, decision: close.decision))
            } else {
                let reward = line.payReward!
                action = .report(id: report, .payReward(on: reward.on, amountFen: reward.amountFen))
            }
        }
        parts = Parts(id: text.id, request: RequestDigest.of(text), actor: Actor(id: text.actorID, role: text.actorRole), target: target,
                      command: text.command, subject: text.subject, action: action, day: day, dayField: "\(text.command).\(dayField.name)")
    }

    /// A correction voids (`void: true`) or amends the fields given; one or the other, never both or neither.
    private static func correction(_ line: CommandDocument.Correct) throws(CommandError) -> ComplaintCommand.Correct {
        let amendment = ComplaintAmendment(
            category: line.category?.value, subcategory: line.subcategory, channel: line.channel?.value, amountInDisputeFen: line.amountInDisputeFen,
            amountFen: line.amountFen, satisfied: line.satisfied, outcome: line.outcome?.value, mediationReason: line.mediationReason,
            ground: line.ground?.value, note: line.note)
        switch try Self.change(void: line.void, fields: amendment.fieldNames, command: "correct") {
        case true: return .init(on: line.on, corrects: line.corrects, reason: line.reason, change: .void)
        case false: return .init(on: line.on, corrects: line.corrects, reason: line.reason, change: .amend(amendment))
        }
    }

    /// A report's correction, as a complaint's: `void: true` or the fields it amends, one or the other.
    private static func correction(_ line: CommandDocument.CorrectReport) throws(CommandError) -> ReportCommand.Correct {
        let amendment = ReportAmendment(
            channel: line.channel?.value, allegation: line.allegation, substantiated: line.substantiated, findings: line.findings,
            reference: line.reference, penaltyFen: line.penaltyFen, decision: line.decision, amountFen: line.amountFen)
        switch try Self.change(void: line.void, fields: amendment.fieldNames, command: "correctReport") {
        case true: return .init(on: line.on, corrects: line.corrects, reason: line.reason, change: .void)
        case false: return .init(on: line.on, corrects: line.corrects, reason: line.reason, change: .amend(amendment))
        }
    }

    /// A merchant record's correction, as a complaint's: `void: true` or the fields it amends, one or the other.
    private static func correction(_ line: CommandDocument.CorrectMerchant) throws(CommandError) -> MerchantCommand.Correct {
        let amendment = MerchantAmendment(
            violationKind: line.violationKind?.value, description: line.description, penaltyFen: line.penaltyFen, passed: line.passed,
            findings: line.findings, listingReason: line.listingReason)
        switch try Self.change(void: line.void, fields: amendment.fieldNames, command: "correctMerchant") {
        case true: return .init(on: line.on, corrects: line.corrects, reason: line.reason, change: .void)
        case false: return .init(on: line.on, corrects: line.corrects, reason: line.reason, change: .amend(amendment))
        }
    }

    /// A bank's correction of its credit event, as a complaint's: `void: true` or the fields it amends.
    private static func correction(_ line: CommandDocument.CorrectCredit) throws(CommandError) -> CreditCommand.Correct {
        let amendment = CreditAmendment(amountFen: line.amountFen, termMonths: line.termMonths, revocationReason: line.revocationReason,
                                        feeSubsidyFen: line.feeSubsidyFen)
        switch try Self.change(void: line.void, fields: amendment.fieldNames, command: "correctCredit") {
        case true: return .init(on: line.on, corrects: line.corrects, reason: line.reason, change: .void)
        case false: return .init(on: line.on, corrects: line.corrects, reason: line.reason, change: .amend(amendment))
        }
    }

    /// Whether a correction voids (true) or amends (false); refuses both, and neither.
    private static func change(void: Bool?, fields: [String], command: String) throws(CommandError) -> Bool {
        switch (void ?? false, fields.isEmpty) {
        case (true, false):
            throw CommandError("\(command).void", "voids the event, so it amends no field; \(fields.joined(separator: ", ")) given besides")
        case (false, true):
            throw CommandError(command, "says neither void: true nor a field to amend (see docs/COMMANDS.md, \(command))")
        case (true, true):
            return true
        case (false, false):
            return false
        }
    }

    private static func merchantCommand(_ line: CommandDocument,
                                        region: (String, String) throws(CommandError) -> RegionCode) throws(CommandError) -> MerchantCommand {
        if let apply = line.apply {
            return .apply(on: apply.on, name: apply.name, region: try region(apply.region, "apply.region"),
                          industry: apply.industry, address: apply.address, route: apply.route.value)
        } else if let review = line.preReview {
            return .preReview(on: review.on, passed: review.passed, reasons: review.reasons ?? [])
        } else if let pledge = line.pledge {
            return .pledge(on: pledge.on, Pledge(
                kind: pledge.kind.value, windowDays: pledge.windowDays, exclusions: pledge.exclusions ?? [], brand: pledge.brand,
                coverage: pledge.coverage ?? [], fundFen: pledge.fundFen))
        } else if let withdraw = line.withdrawPledge {
            return .withdrawPledge(on: withdraw.on, kind: withdraw.kind.value)
        } else if let review = line.review {
            return .review(on: review.on, passed: review.passed, reasons: review.reasons ?? [])
        } else if let evaluate = line.evaluate {
            return .evaluate(on: evaluate.on, score: evaluate.score, stars: evaluate.stars, rank: evaluate.rank?.value)
        } else if let inspect = line.inspect {
            return .inspect(on: inspect.on, method: inspect.method.value, passed: inspect.passed, findings: inspect.findings)
        } else if let violation = line.recordViolation {
            return .recordViolation(on: violation.on, kind: violation.kind.value, description: violation.description, penaltyFen: violation.penaltyFen)
        } else if let listed = line.listAbnormal {
            return .listAbnormal(on: listed.on, reason: listed.reason)
        } else if let removed = line.removeAbnormal {
            return .removeAbnormal(on: removed.on, reason: removed.reason)
        } else if let breach = line.recordBreach {
            return .recordBreach(on: breach.on, kind: breach.kind.value, description: breach.description, complaint: breach.complaint)
        } else if let rectify = line.rectify {
            return .rectify(on: rectify.on, description: rectify.description)
        } else if let correct = line.correctMerchant {
            return .correct(try correction(correct))
        } else {
            let delist = line.delist!
            return .delist(on: delist.on, reason: delist.reason)
        }
    }
}
