/// Everything that can happen to a report (举报: a clue that a business broke the law), schema version 1.
/// Stream: `report-<id>`. Every event's field 1 is the business day it happened.
public enum ReportEvent: Hashable, Sendable {
    /// 2 channel, 3 reporter (pseudonymous subject id), 4 reporter name (sealed), 5 reporter phone (sealed),
    /// 6 merchant's credit code, 7 merchant name, 8 allegation, 9 region received, 10 regime, 11 verification due,
    /// 12 verification due is provisional, 13 the intake it forked from (when it did).
    case received(Received)
    /// 核查. 2 substantiated, 3 findings.
    case verified(on: CivilDate, substantiated: Bool, findings: String)
    /// 立案 or not. 2 filed, 3 case number (when filed) or reason (when not), 4 the last day to tell a real-name
    /// reporter (D7), 5 it is provisional, 6 the last day to decide the filed case (D8), 7 it is provisional.
    case caseDecided(on: CivilDate, filed: Bool, reference: String, reporterNoticeDue: Deadline? = nil, decisionDue: Deadline? = nil)
    /// 结案. 2 penalty in fen, 3 decision.
    case caseClosed(on: CivilDate, penaltyFen: Int64, decision: String)
    /// 举报奖励. 2 amount in fen.
    case rewardPaid(on: CivilDate, amountFen: Int64)
    /// Verification stopped for a period its limit leaves out (testing, appraisal: D6). 2 reason, 3 note.
    case verificationSuspended(on: CivilDate, reason: SuspensionReason, note: String?)
    /// Verification runs again, with the last day it now has. 2 the new last day, 3 it is provisional.
    case verificationResumed(on: CivilDate, due: Deadline)
    /// The real-name reporter told whether a case was filed (D7).
    case reporterNotified(on: CivilDate)
    /// The filed case's limit extended (D8): 2 its new last day, 3 it is provisional, 4 the approval (批准) or the
    /// collective decision (集体讨论决定) it rests on, 5 by collective decision.
    case caseExtended(on: CivilDate, due: Deadline, approval: String, collective: Bool)
    /// An earlier event of the report amended or voided (更正): `ReportCorrection` lists its fields.
    indirect case corrected(ReportCorrection)

    public struct Received: Hashable, Sendable {
        public var receivedOn: CivilDate
        public var channel: ComplaintChannel
        public var reporter: String
        public var reporterName: SealedPersonalData?
        public var reporterPhone: SealedPersonalData?
        public var merchant: UnifiedSocialCreditCode?
        public var merchantName: String
        public var allegation: String
        public var receivedRegion: RegionCode
        public var regime: ComplaintRegime
        public var verificationDue: Deadline
        public var intake: String?

        public init(receivedOn: CivilDate, channel: ComplaintChannel, reporter: String, reporterName: SealedPersonalData?, reporterPhone: SealedPersonalData?, merchant: UnifiedSocialCreditCode?, merchantName: String, allegation: String, receivedRegion: RegionCode, regime: ComplaintRegime, verificationDue: Deadline, intake: String? = nil) {
            self.intake = intake
            self.receivedOn = receivedOn
            self.channel = channel
            self.reporter = reporter
            self.reporterName = reporterName
            self.reporterPhone = reporterPhone
            self.merchant = merchant
            self.merchantName = merchantName
            self.allegation = allegation
            self.receivedRegion = receivedRegion
            self.regime = regime
            self.verificationDue = verificationDue
        }
    }

    public static let schemaVersion: UInt16 = 1

    public var day: CivilDate {
        switch self {
        case .received(let received): return received.receivedOn
        case .verified(let on, _, _), .caseDecided(let on, _, _, _, _), .caseClosed(let on, _, _), .rewardPaid(let on, _),
             .verificationSuspended(let on, _, _), .verificationResumed(let on, _), .reporterNotified(let on), .caseExtended(let on, _, _, _): return on
        case .corrected(let correction): return correction.on
        }
    }

    public var type: String {
        switch self {
        case .received: return "report.received"
        case .verified: return "report.verified"
        case .caseDecided: return "report.case-decided"
        case .caseClosed: return "report.case-closed"
        case .rewardPaid: return "report.reward-paid"
        case .verificationSuspended: return "report.verification-suspended"
        case .verificationResumed: return "report.verification-resumed"
        case .reporterNotified: return "report.reporter-notified"
        case .caseExtended: return "report.case-extended"
        case .corrected: return "report.corrected"
        }
    }

    public func encoded() -> [UInt8] {
        var writer = PayloadWriter()
        writer.write(1, day)
        switch self {
        case .received(let event):
            writer.write(2, choice: event.channel)
            writer.write(3, event.reporter)
            event.reporterName?.write(to: &writer, field: 4)
            event.reporterPhone?.write(to: &writer, field: 5)
            writer.write(6, event.merchant?.description)
            writer.write(7, event.merchantName)
            writer.write(8, event.allegation)
            writer.write(9, event.receivedRegion.description)
            writer.write(10, choice: event.regime)
            writer.write(11, event.verificationDue.date)
            if event.verificationDue.isProvisional { writer.write(12, true) }
            writer.write(13, event.intake)
        case let .verified(_, substantiated, findings):
            writer.write(2, substantiated)
            writer.write(3, findings)
        case let .caseDecided(_, filed, reference, noticeDue, decisionDue):
            writer.write(2, filed)
            writer.write(3, reference)
            if let due = noticeDue {
                writer.write(4, due.date)
                if due.isProvisional { writer.write(5, true) }
            }
            if let due = decisionDue {
                writer.write(6, due.date)
                if due.isProvisional { writer.write(7, true) }
            }
        case let .caseClosed(_, penalty, decision):
            writer.write(2, penalty)
            writer.write(3, decision)
        case let .rewardPaid(_, amount):
            writer.write(2, amount)
        case let .verificationSuspended(_, reason, note):
            writer.write(2, choice: reason)
            writer.write(3, note)
        case let .verificationResumed(_, due):
            writer.write(2, due.date)
            if due.isProvisional { writer.write(3, true) }
        case .reporterNotified:
            break
        case let .caseExtended(_, due, approval, collective):
            writer.write(2, due.date)
            if due.isProvisional { writer.write(3, true) }
            writer.write(4, approval)
            if collective { writer.write(5, true) }
        case .corrected(let correction):
            correction.write(to: &writer, type: \.type) { $0.encoded() }
        }
        return writer.bytes
    }

    /// Reads a stored report event; nil when `type` is not a report event.
    public static func decode(type: String, schemaVersion: UInt16, _ bytes: [UInt8]) throws(PayloadError) -> ReportEvent? {
        guard type.hasPrefix("report.") else { return nil }
        guard schemaVersion == 1 else { throw .unknownSchemaVersion(type: type, version: schemaVersion) }
        let fields = try PayloadFields(bytes)
        func one(_ number: UInt32, _ name: String) throws(PayloadError) -> PayloadReader.Field { try fields.one(number, name) }
        let on = try one(1, "on").date()
        switch type {
        case "report.received":
            return .received(Received(
                receivedOn: on, channel: try one(2, "channel").choice(ComplaintChannel.self), reporter: try one(3, "reporter").string(),
                reporterName: try fields.optional(4).map { field throws(PayloadError) in try SealedPersonalData.read(field) },
                reporterPhone: try fields.optional(5).map { field throws(PayloadError) in try SealedPersonalData.read(field) },
                merchant: try fields.optional(6).map { field throws(PayloadError) in try field.creditCode() },
                merchantName: try one(7, "merchantName").string(), allegation: try one(8, "allegation").string(),
                receivedRegion: try one(9, "receivedRegion").region(), regime: try one(10, "regime").choice(ComplaintRegime.self),
                verificationDue: Deadline(date: try one(11, "verificationDue").date(),
                                          isProvisional: try fields.optional(12).map { field throws(PayloadError) in try field.bool() } ?? false),
                intake: try fields.optional(13).map { field throws(PayloadError) in try field.string() }))
        case "report.verified":
            return .verified(on: on, substantiated: try one(2, "substantiated").bool(), findings: try one(3, "findings").string())
        case "report.case-decided":
            func deadline(_ date: UInt32, _ provisional: UInt32) throws(PayloadError) -> Deadline? {
                try fields.optional(date).map { due throws(PayloadError) in
                    Deadline(date: try due.date(), isProvisional: try fields.optional(provisional).map { field throws(PayloadError) in try field.bool() } ?? false)
                }
            }
            return .caseDecided(on: on, filed: try one(2, "filed").bool(), reference: try one(3, "reference").string(),
                                reporterNoticeDue: try deadline(4, 5), decisionDue: try deadline(6, 7))
        case "report.case-closed":
            return .caseClosed(on: on, penaltyFen: try one(2, "penaltyFen").int64(), decision: try one(3, "decision").string())
        case "report.reward-paid":
            return .rewardPaid(on: on, amountFen: try one(2, "amountFen").int64())
        case "report.verification-suspended":
            return .verificationSuspended(on: on, reason: try one(2, "reason").choice(SuspensionReason.self),
                                          note: try fields.optional(3).map { field throws(PayloadError) in try field.string() })
        case "report.verification-resumed":
            return .verificationResumed(on: on, due: Deadline(date: try one(2, "due").date(),
                                                               isProvisional: try fields.optional(3).map { field throws(PayloadError) in try field.bool() } ?? false))
        case "report.reporter-notified":
            return .reporterNotified(on: on)
        case "report.case-extended":
            return .caseExtended(on: on, due: Deadline(date: try one(2, "due").date(),
                                                       isProvisional: try fields.optional(3).map { field throws(PayloadError) in try field.bool() } ?? false),
                                 approval: try one(4, "approval").string(),
                                 collective: try fields.optional(5).map { field throws(PayloadError) in try field.bool() } ?? false)
        case "report.corrected":
            return .corrected(try .read(fields, type: type, on: on) { corrected, bytes throws(PayloadError) in
                try decode(type: corrected, schemaVersion: schemaVersion, bytes)
            })
        default:
            throw .malformed("unknown report event type \(type)")
        }
    }
}
