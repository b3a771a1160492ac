/// What a bureau asks of a report (举报): receive it, verify it (核查, its clock suspended and resumed for testing
/// or appraisal), decide whether to file a case (立案), close the case with its penalty, pay the reward.
public enum ReportCommand: Sendable {
    case receive(Receive)
    case suspendVerification(on: CivilDate, reason: SuspensionReason, note: String?)
    /// Verification runs again: its new last day is worked out from the rules.
    case resumeVerification(on: CivilDate)
    case verify(on: CivilDate, substantiated: Bool, findings: String)
    case decideCase(on: CivilDate, filed: Bool, reference: String)
    case closeCase(on: CivilDate, penaltyFen: Int64, decision: String)
    case payReward(on: CivilDate, amountFen: Int64)
    /// Tells a real-name reporter whether a case was filed (D7).
    case notifyReporter(on: CivilDate)
    /// Extends a filed case's limit by `days` calendar days (D8): up to the policy's extension with approval, once;
    /// more only by collective decision.
    case extendCase(on: CivilDate, days: Int, approval: String, collective: Bool)
    /// Amends or voids an earlier event of the report (更正), with the reason.
    case correct(Correct)

    /// A correction: the event at `corrects`, amended or voided.
    public typealias Correct = Domain.Correct<ReportAmendment>

    /// A report as received, before its regime and deadline are known.
    public struct Receive: Sendable {
        public var receivedOn: CivilDate
        public var channel: ComplaintChannel
        public var reporter: String
        public var reporterName: SealedPersonalData?
        public var reporterPhone: SealedPersonalData?
        public var merchant: UnifiedSocialCreditCode?
        public var merchantName: String
        public var allegation: String
        public var receivedRegion: RegionCode
        /// The intake (登记) one submission forked into this report and a complaint from (分别处理).
        public var intake: String?

        public init(receivedOn: CivilDate, channel: ComplaintChannel, reporter: String, reporterName: SealedPersonalData? = nil,
                    reporterPhone: SealedPersonalData? = nil, merchant: UnifiedSocialCreditCode?, merchantName: String,
                    allegation: String, receivedRegion: RegionCode, intake: String? = nil) {
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
        }
    }

    /// The business day the command acts on.
    public var businessDay: CivilDate {
        switch self {
        case .receive(let receive): return receive.receivedOn
        case .suspendVerification(let on, _, _), .resumeVerification(let on), .verify(let on, _, _), .decideCase(let on, _, _),
             .closeCase(let on, _, _), .payReward(let on, _), .notifyReporter(let on), .extendCase(let on, _, _, _):
            return on
        case .correct(let correct):
            return correct.on
        }
    }

    var name: String {
        switch self {
        case .receive: return "receive"
        case .suspendVerification: return "suspend verification"
        case .resumeVerification: return "resume verification"
        case .verify: return "verify"
        case .decideCase: return "decide the case"
        case .closeCase: return "close the case"
        case .payReward: return "pay the reward"
        case .notifyReporter: return "notify the reporter"
        case .extendCase: return "extend the case's limit"
        case .correct: return "correct"
        }
    }
}
