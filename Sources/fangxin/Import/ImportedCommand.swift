import Domain
import Foundation
import Ledger
import Vault

/// A line of an import file, checked and turned into a domain action.
struct ImportedCommand {
    enum Action {
        case complaint(id: String, ComplaintCommand)
        case merchant(UnifiedSocialCreditCode, MerchantEvent)
        case credit(UnifiedSocialCreditCode, CreditEvent)
        case receiveReport(id: String, Report.Receive)
        case report(id: String, ReportEvent)
    }

    let id: String
    let actor: Actor
    let action: Action

    /// An error naming the field at fault.
    struct LineError: Error, CustomStringConvertible {
        let description: String
        init(_ field: String, _ reason: String) { description = "\(field): \(reason)" }
        init(message: String) { description = message }
    }

    init(parsing json: Data, vault: PersonalDataVault) throws {
        let line: ImportLine
        do { line = try JSONDecoder().decode(ImportLine.self, from: json) } catch { throw LineError(message: describeDecodingError(error)) }
        guard !line.id.isEmpty else { throw LineError("id", "is empty") }
        let targets = line.targetsPresent
        guard targets.count == 1, let target = targets.first else {
            throw LineError(message: targets.isEmpty ? "names no target: give one of complaint, merchant, report"
                                                     : "names \(targets.count) targets (\(targets.joined(separator: ", "))): one line, one target")
        }
        let commands = line.commandsPresent
        guard commands.count == 1, let key = commands.first else {
            let allowed = ImportLine.commandKeys.first { $0.target == target }!.keys.joined(separator: ", ")
            throw LineError(message: commands.isEmpty ? "names no command: give one of \(allowed)"
                                                      : "names \(commands.count) commands (\(commands.joined(separator: ", "))): one line, one command")
        }
        guard ImportLine.commandKeys.first(where: { $0.target == target })!.keys.contains(key) else {
            let owner = ImportLine.commandKeys.first { $0.keys.contains(key) }!.target
            throw LineError(message: "\(key) is a \(owner) command, but the line names a \(target)")
        }
        id = line.id
        actor = Actor(id: line.actor.id, role: line.actor.role)

        func region(_ text: String, _ field: String) throws -> RegionCode {
            do { return try RegionCode(text) } catch { throw LineError(field, error.description) }
        }
        func creditCode(_ text: String, _ field: String) throws -> UnifiedSocialCreditCode {
            do { return try UnifiedSocialCreditCode(text) } catch { throw LineError(field, error.description) }
        }
        func sealed(_ text: String?, for subject: String, _ field: String) throws -> SealedPersonalData? {
            guard let text, !text.isEmpty else { return nil }
            do { return try vault.seal(text, for: subject) } catch { throw LineError(field, error.description) }
        }

        switch target {
        case "complaint":
            let complaint = line.complaint!
            guard !complaint.isEmpty else { throw LineError("complaint", "is empty") }
            let command: ComplaintCommand
            if let receive = line.receive {
                command = .receive(.init(
                    channel: receive.channel.value, consumer: receive.consumer,
                    consumerName: try sealed(receive.consumerName, for: receive.consumer, "receive.consumerName"),
                    consumerPhone: try sealed(receive.consumerPhone, for: receive.consumer, "receive.consumerPhone"),
                    merchant: try receive.merchant.map { try creditCode($0, "receive.merchant") }, merchantName: receive.merchantName,
                    category: receive.category.value, subcategory: receive.subcategory, amountInDisputeFen: receive.amountInDisputeFen,
                    receivedRegion: try region(receive.receivedRegion, "receive.receivedRegion"),
                    merchantRegion: try region(receive.merchantRegion, "receive.merchantRegion"), receivedOn: receive.receivedOn))
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
            } else if let assign = line.assign {
                command = .assign(on: assign.on, unit: assign.unit, transferred: assign.transferred ?? false)
            } else if let feedback = line.giveFeedback {
                command = .giveFeedback(on: feedback.on)
            } else if let rate = line.rateSatisfaction {
                command = .rateSatisfaction(on: rate.on, satisfied: rate.satisfied)
            } else if let revisit = line.revisit {
                command = .revisit(on: revisit.on, note: revisit.note)
            } else {
                command = .close(on: line.close!.on)
            }
            action = .complaint(id: complaint, command)
        case "merchant":
            let code = try creditCode(line.merchant!, "merchant")
            if let grant = line.grantCredit {
                action = .credit(code, .granted(CreditGranted(
                    merchant: code, bank: grant.bank, product: grant.product, amountFen: grant.amountFen, termMonths: grant.termMonths, grantedOn: grant.on)))
            } else if let revoke = line.revokeCredit {
                action = .credit(code, .revoked(on: revoke.on, bank: revoke.bank, product: revoke.product, reason: revoke.reason))
            } else if let expire = line.expireCredit {
                action = .credit(code, .expired(on: expire.on, bank: expire.bank, product: expire.product))
            } else if let acquiring = line.openCardAcquiring {
                action = .credit(code, .cardAcquiringOpened(on: acquiring.on, bank: acquiring.bank, feeSubsidyFen: acquiring.feeSubsidyFen))
            } else {
                action = .merchant(code, try Self.merchantEvent(line, code: code, region: region))
            }
        default:
            let report = line.report!
            guard !report.isEmpty else { throw LineError("report", "is empty") }
            if let receive = line.receiveReport {
                action = .receiveReport(id: report, Report.Receive(
                    receivedOn: receive.receivedOn, channel: receive.channel.value, reporter: receive.reporter,
                    reporterName: try sealed(receive.reporterName, for: receive.reporter, "receiveReport.reporterName"),
                    reporterPhone: try sealed(receive.reporterPhone, for: receive.reporter, "receiveReport.reporterPhone"),
                    merchant: try receive.merchant.map { try creditCode($0, "receiveReport.merchant") }, merchantName: receive.merchantName,
                    allegation: receive.allegation, receivedRegion: try region(receive.receivedRegion, "receiveReport.receivedRegion")))
            } else if let verify = line.verify {
                action = .report(id: report, .verified(on: verify.on, substantiated: verify.substantiated, findings: verify.findings))
            } else if let decide = line.decideCase {
                action = .report(id: report, .caseDecided(on: decide.on, filed: decide.filed, reference: decide.reference))
            } else if let close = line.closeCase {
                action = .report(id: report, .caseClosed(on: close.on, penaltyFen: close.penaltyFen, decision: close.decision))
            } else {
                let reward = line.payReward!
                action = .report(id: report, .rewardPaid(on: reward.on, amountFen: reward.amountFen))
            }
        }
    }

    private static func merchantEvent(_ line: ImportLine, code: UnifiedSocialCreditCode,
                                      region: (String, String) throws -> RegionCode) throws -> MerchantEvent {
        if let apply = line.apply {
            return .applied(on: apply.on, code: code, name: apply.name, region: try region(apply.region, "apply.region"),
                            industry: apply.industry, address: apply.address, route: apply.route.value)
        } else if let review = line.preReview {
            return .preReviewed(on: review.on, passed: review.passed, reasons: review.reasons ?? [])
        } else if let pledge = line.pledge {
            return .pledged(on: pledge.on, pledge: Pledge(
                kind: pledge.kind.value, windowDays: pledge.windowDays, exclusions: pledge.exclusions ?? [], brand: pledge.brand,
                coverage: pledge.coverage ?? [], fundFen: pledge.fundFen))
        } else if let withdraw = line.withdrawPledge {
            return .pledgeWithdrawn(on: withdraw.on, kind: withdraw.kind.value)
        } else if let review = line.review {
            return .regulatorReviewed(on: review.on, passed: review.passed, reasons: review.reasons ?? [])
        } else if let evaluate = line.evaluate {
            return .evaluated(on: evaluate.on, score: evaluate.score, stars: evaluate.stars, rank: evaluate.rank?.value)
        } else if let inspect = line.inspect {
            return .inspected(on: inspect.on, method: inspect.method.value, passed: inspect.passed, findings: inspect.findings)
        } else if let violation = line.recordViolation {
            return .violationRecorded(on: violation.on, kind: violation.kind.value, description: violation.description, penaltyFen: violation.penaltyFen)
        } else if let listed = line.listAbnormal {
            return .abnormalListChanged(on: listed.on, listed: true, reason: listed.reason)
        } else if let removed = line.removeAbnormal {
            return .abnormalListChanged(on: removed.on, listed: false, reason: removed.reason)
        } else if let breach = line.recordBreach {
            return .pledgeBreached(on: breach.on, kind: breach.kind.value, description: breach.description, complaint: breach.complaint)
        } else if let rectify = line.rectify {
            return .rectified(on: rectify.on, description: rectify.description)
        } else {
            let delist = line.delist!
            return .delisted(on: delist.on, reason: delist.reason)
        }
    }
}
