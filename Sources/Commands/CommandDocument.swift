import Domain

/// One command document, as a line of an import file or a request to the service: its id, its actor, its
/// target and one command, named by its key. See docs/COMMANDS.md.
///
/// A class, and immutable once decoded: with a member for each of the 42 commands it is kilobytes wide, and
/// copying it as a value between decoding and parsing was 8% of an import's time.
final class CommandDocument: Decodable {
    struct ActorLine: Decodable { let id: String; let role: String }
    struct Day: Decodable { let on: CivilDate }
    struct Receive: Decodable {
        let channel: Choice<ComplaintChannel>
        let consumer: String
        let consumerName: String?
        let consumerPhone: String?
        let merchant: String?
        let merchantName: String
        let category: Choice<ComplaintCategory>
        let subcategory: String
        let amountInDisputeFen: Int64
        let receivedRegion: String
        let merchantRegion: String
        let receivedOn: CivilDate
        let intake: String?
    }
    struct Refuse: Decodable { let on: CivilDate; let ground: Choice<NonAcceptanceGround>; let note: String? }
    struct StartMediation: Decodable { let on: CivilDate; let mode: Choice<MediationMode> }
    struct EndMediation: Decodable { let on: CivilDate; let outcome: Choice<MediationOutcome>; let reason: String? }
    struct Compensate: Decodable {
        let on: CivilDate
        let amountFen: Int64
        let payer: Choice<CompensationPayer>
        let kind: Choice<CompensationKind>
        let basis: Choice<PunitiveBasis>?
        let lossFen: Int64?
        let purchasedOn: CivilDate?
        let returnStore: String?
    }

    struct Assign: Decodable { let on: CivilDate; let unit: String; let transferred: Bool? }
    struct Rate: Decodable { let on: CivilDate; let satisfied: Bool }
    struct Revisit: Decodable { let on: CivilDate; let note: String? }
    struct SuspendClock: Decodable { let on: CivilDate; let reason: Choice<SuspensionReason>; let note: String? }
    /// A correction: `void`, or the fields it amends, flat beside `corrects` and `reason`.
    struct Correct: Decodable {
        let on: CivilDate
        let corrects: UInt64
        let reason: String
        let void: Bool?
        let category: Choice<ComplaintCategory>?
        let subcategory: String?
        let channel: Choice<ComplaintChannel>?
        let amountInDisputeFen: Int64?
        let amountFen: Int64?
        let satisfied: Bool?
        let outcome: Choice<MediationOutcome>?
        let mediationReason: String?
        let ground: Choice<NonAcceptanceGround>?
        let note: String?
    }
    // Merchant commands.
    struct Apply: Decodable { let on: CivilDate; let name: String; let region: String; let industry: String; let address: String; let route: Choice<ApplicationRoute> }
    struct Review: Decodable { let on: CivilDate; let passed: Bool; let reasons: [String]? }
    struct PledgeLine: Decodable {
        let on: CivilDate
        let kind: Choice<PledgeKind>
        let windowDays: Int?
        let exclusions: [String]?
        let brand: String?
        let coverage: [String]?
        let fundFen: Int64?
    }
    struct PledgeKindLine: Decodable { let on: CivilDate; let kind: Choice<PledgeKind> }
    struct Evaluate: Decodable { let on: CivilDate; let score: Int; let stars: Int; let rank: Choice<DemonstrationRank>? }
    struct Inspect: Decodable { let on: CivilDate; let method: Choice<InspectionMethod>; let passed: Bool; let findings: String? }
    struct Violation: Decodable { let on: CivilDate; let kind: Choice<ViolationKind>; let description: String; let penaltyFen: Int64? }
    struct Reason: Decodable { let on: CivilDate; let reason: String }
    struct Breach: Decodable { let on: CivilDate; let kind: Choice<PledgeKind>; let description: String; let complaint: String? }
    struct Described: Decodable { let on: CivilDate; let description: String }
    /// A merchant record's correction: `void`, or the fields it amends, flat beside `corrects` and `reason`.
    struct CorrectMerchant: Decodable {
        let on: CivilDate
        let corrects: UInt64
        let reason: String
        let void: Bool?
        let violationKind: Choice<ViolationKind>?
        let description: String?
        let penaltyFen: Int64?
        let passed: Bool?
        let findings: String?
        let listingReason: String?
    }
    // Credit commands (on a merchant).
    struct Grant: Decodable { let on: CivilDate; let bank: String; let product: String; let amountFen: Int64; let termMonths: Int }
    struct Revoke: Decodable { let on: CivilDate; let bank: String; let product: String; let reason: String }
    struct Expire: Decodable { let on: CivilDate; let bank: String; let product: String }
    struct Acquiring: Decodable { let on: CivilDate; let bank: String; let feeSubsidyFen: Int64 }
    /// A bank's correction of its own credit event: `void`, or the fields it amends.
    struct CorrectCredit: Decodable {
        let on: CivilDate
        let bank: String
        let corrects: UInt64
        let reason: String
        let void: Bool?
        let amountFen: Int64?
        let termMonths: Int?
        let revocationReason: String?
        let feeSubsidyFen: Int64?
    }
    // Report commands.
    struct ReceiveReport: Decodable {
        let channel: Choice<ComplaintChannel>
        let reporter: String
        let reporterName: String?
        let reporterPhone: String?
        let merchant: String?
        let merchantName: String
        let allegation: String
        let receivedRegion: String
        let receivedOn: CivilDate
        let intake: String?
    }
    struct Verify: Decodable { let on: CivilDate; let substantiated: Bool; let findings: String }
    struct DecideCase: Decodable { let on: CivilDate; let filed: Bool; let reference: String }
    struct CloseCase: Decodable { let on: CivilDate; let penaltyFen: Int64; let decision: String }
    struct Reward: Decodable { let on: CivilDate; let amountFen: Int64 }
    struct ExtendCase: Decodable { let on: CivilDate; let days: Int; let approval: String; let collective: Bool? }
    /// A report's correction: `void`, or the fields it amends, flat beside `corrects` and `reason`.
    struct CorrectReport: Decodable {
        let on: CivilDate
        let corrects: UInt64
        let reason: String
        let void: Bool?
        let channel: Choice<ComplaintChannel>?
        let allegation: String?
        let substantiated: Bool?
        let findings: String?
        let reference: String?
        let penaltyFen: Int64?
        let decision: String?
        let amountFen: Int64?
    }

    /// The command id: a retry with the same id records nothing new.
    let id: String
    let actor: ActorLine
    // The target: exactly one.
    private(set) var complaint: String?
    private(set) var merchant: String?
    private(set) var report: String?
    // The command: exactly one, of the target's kind.
    private(set) var receive: Receive?
    private(set) var accept: Day?
    private(set) var refuse: Refuse?
    private(set) var startMediation: StartMediation?
    private(set) var endMediation: EndMediation?
    private(set) var compensate: Compensate?
    private(set) var close: Day?
    private(set) var assign: Assign?
    private(set) var giveFeedback: Day?
    private(set) var rateSatisfaction: Rate?
    private(set) var revisit: Revisit?
    private(set) var suspendClock: SuspendClock?
    private(set) var resumeClock: Day?
    private(set) var correct: Correct?
    private(set) var notifyParties: Day?
    private(set) var apply: Apply?
    private(set) var preReview: Review?
    private(set) var pledge: PledgeLine?
    private(set) var withdrawPledge: PledgeKindLine?
    private(set) var review: Review?
    private(set) var evaluate: Evaluate?
    private(set) var inspect: Inspect?
    private(set) var recordViolation: Violation?
    private(set) var listAbnormal: Reason?
    private(set) var removeAbnormal: Reason?
    private(set) var recordBreach: Breach?
    private(set) var rectify: Described?
    private(set) var delist: Reason?
    private(set) var correctMerchant: CorrectMerchant?
    private(set) var grantCredit: Grant?
    private(set) var revokeCredit: Revoke?
    private(set) var expireCredit: Expire?
    private(set) var openCardAcquiring: Acquiring?
    private(set) var correctCredit: CorrectCredit?
    private(set) var receiveReport: ReceiveReport?
    private(set) var verify: Verify?
    private(set) var decideCase: DecideCase?
    private(set) var closeCase: CloseCase?
    private(set) var payReward: Reward?
    private(set) var suspendVerification: SuspendClock?
    private(set) var resumeVerification: Day?
    private(set) var notifyReporter: Day?
    private(set) var extendCase: ExtendCase?
    private(set) var correctReport: CorrectReport?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, actor, complaint, merchant, report, receive, accept, refuse, startMediation, endMediation, compensate
        case close, assign, giveFeedback, rateSatisfaction, revisit, suspendClock, resumeClock, correct, notifyParties
        case apply, preReview, pledge, withdrawPledge, review, evaluate, inspect, recordViolation, listAbnormal
        case removeAbnormal, recordBreach, rectify, delist, correctMerchant, grantCredit, revokeCredit, expireCredit, openCardAcquiring, correctCredit
        case receiveReport, verify, decideCase, closeCase, payReward, suspendVerification, resumeVerification
        case notifyReporter, extendCase, correctReport
    }

    private static let declarationOrder = Dictionary(uniqueKeysWithValues: CodingKeys.allCases.enumerated().map { ($1, $0) })

    /// Decodes the members present only: a document names one target and one command among some fifty keys, and
    /// asking for each absent one was a fifth of the document's decoding.
    required init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        actor = try container.decode(ActorLine.self, forKey: .actor)
        // In the order the members are declared, whatever order the decoder keeps: the first fault is always the same.
        for key in container.allKeys.sorted(by: { Self.declarationOrder[$0]! < Self.declarationOrder[$1]! }) {
            switch key {
            case .id, .actor: continue
            case .complaint: complaint = try container.decodeIfPresent(String.self, forKey: key)
            case .merchant: merchant = try container.decodeIfPresent(String.self, forKey: key)
            case .report: report = try container.decodeIfPresent(String.self, forKey: key)
            case .receive: receive = try container.decodeIfPresent(Receive.self, forKey: key)
            case .accept: accept = try container.decodeIfPresent(Day.self, forKey: key)
            case .refuse: refuse = try container.decodeIfPresent(Refuse.self, forKey: key)
            case .startMediation: startMediation = try container.decodeIfPresent(StartMediation.self, forKey: key)
            case .endMediation: endMediation = try container.decodeIfPresent(EndMediation.self, forKey: key)
            case .compensate: compensate = try container.decodeIfPresent(Compensate.self, forKey: key)
            case .close: close = try container.decodeIfPresent(Day.self, forKey: key)
            case .assign: assign = try container.decodeIfPresent(Assign.self, forKey: key)
            case .giveFeedback: giveFeedback = try container.decodeIfPresent(Day.self, forKey: key)
            case .rateSatisfaction: rateSatisfaction = try container.decodeIfPresent(Rate.self, forKey: key)
            case .revisit: revisit = try container.decodeIfPresent(Revisit.self, forKey: key)
            case .suspendClock: suspendClock = try container.decodeIfPresent(SuspendClock.self, forKey: key)
            case .resumeClock: resumeClock = try container.decodeIfPresent(Day.self, forKey: key)
            case .correct: correct = try container.decodeIfPresent(Correct.self, forKey: key)
            case .notifyParties: notifyParties = try container.decodeIfPresent(Day.self, forKey: key)
            case .apply: apply = try container.decodeIfPresent(Apply.self, forKey: key)
            case .preReview: preReview = try container.decodeIfPresent(Review.self, forKey: key)
            case .pledge: pledge = try container.decodeIfPresent(PledgeLine.self, forKey: key)
            case .withdrawPledge: withdrawPledge = try container.decodeIfPresent(PledgeKindLine.self, forKey: key)
            case .review: review = try container.decodeIfPresent(Review.self, forKey: key)
            case .evaluate: evaluate = try container.decodeIfPresent(Evaluate.self, forKey: key)
            case .inspect: inspect = try container.decodeIfPresent(Inspect.self, forKey: key)
            case .recordViolation: recordViolation = try container.decodeIfPresent(Violation.self, forKey: key)
            case .listAbnormal: listAbnormal = try container.decodeIfPresent(Reason.self, forKey: key)
            case .removeAbnormal: removeAbnormal = try container.decodeIfPresent(Reason.self, forKey: key)
            case .recordBreach: recordBreach = try container.decodeIfPresent(Breach.self, forKey: key)
            case .rectify: rectify = try container.decodeIfPresent(Described.self, forKey: key)
            case .delist: delist = try container.decodeIfPresent(Reason.self, forKey: key)
            case .correctMerchant: correctMerchant = try container.decodeIfPresent(CorrectMerchant.self, forKey: key)
            case .grantCredit: grantCredit = try container.decodeIfPresent(Grant.self, forKey: key)
            case .revokeCredit: revokeCredit = try container.decodeIfPresent(Revoke.self, forKey: key)
            case .expireCredit: expireCredit = try container.decodeIfPresent(Expire.self, forKey: key)
            case .openCardAcquiring: openCardAcquiring = try container.decodeIfPresent(Acquiring.self, forKey: key)
            case .correctCredit: correctCredit = try container.decodeIfPresent(CorrectCredit.self, forKey: key)
            case .receiveReport: receiveReport = try container.decodeIfPresent(ReceiveReport.self, forKey: key)
            case .verify: verify = try container.decodeIfPresent(Verify.self, forKey: key)
            case .decideCase: decideCase = try container.decodeIfPresent(DecideCase.self, forKey: key)
            case .closeCase: closeCase = try container.decodeIfPresent(CloseCase.self, forKey: key)
            case .payReward: payReward = try container.decodeIfPresent(Reward.self, forKey: key)
            case .suspendVerification: suspendVerification = try container.decodeIfPresent(SuspendClock.self, forKey: key)
            case .resumeVerification: resumeVerification = try container.decodeIfPresent(Day.self, forKey: key)
            case .notifyReporter: notifyReporter = try container.decodeIfPresent(Day.self, forKey: key)
            case .extendCase: extendCase = try container.decodeIfPresent(ExtendCase.self, forKey: key)
            case .correctReport: correctReport = try container.decodeIfPresent(CorrectReport.self, forKey: key)
            }
        }
    }

    /// The document `text` holds, built from its fields directly rather than through `Decodable`'s containers:
    /// the same document the decoder makes of the same text. A field absent where it is required, or not of its
    /// type, is a `Mismatch`, and the decoder names it.
    init(_ text: CommandText) throws(CommandText.Mismatch) {
        id = text.id
        actor = ActorLine(id: text.actorID, role: text.actorRole)
        switch text.target {
        case .complaint: complaint = text.subject
        case .merchant: merchant = text.subject
        case .report: report = text.subject
        }
        let given = text
        switch text.command {
        case "receive":
            receive = Receive(
                channel: try given.choice("channel"), consumer: try given.text("consumer"), consumerName: try given.optionalText("consumerName"),
                consumerPhone: try given.optionalText("consumerPhone"), merchant: try given.optionalText("merchant"), merchantName: try given.text("merchantName"),
                category: try given.choice("category"), subcategory: try given.text("subcategory"), amountInDisputeFen: try given.number("amountInDisputeFen"),
                receivedRegion: try given.text("receivedRegion"), merchantRegion: try given.text("merchantRegion"), receivedOn: try given.date("receivedOn"),
                intake: try given.optionalText("intake"))
        case "accept": accept = Day(on: try given.date("on"))
        case "refuse": refuse = Refuse(on: try given.date("on"), ground: try given.choice("ground"), note: try given.optionalText("note"))
        case "startMediation": startMediation = StartMediation(on: try given.date("on"), mode: try given.choice("mode"))
        case "endMediation": endMediation = EndMediation(on: try given.date("on"), outcome: try given.choice("outcome"), reason: try given.optionalText("reason"))
        case "compensate":
            compensate = Compensate(
                on: try given.date("on"), amountFen: try given.number("amountFen"), payer: try given.choice("payer"), kind: try given.choice("kind"),
                basis: try given.optionalChoice("basis"), lossFen: try given.optionalNumber("lossFen"), purchasedOn: try given.optionalDate("purchasedOn"),
                returnStore: try given.optionalText("returnStore"))
        case "close": close = Day(on: try given.date("on"))
        case "assign": assign = Assign(on: try given.date("on"), unit: try given.text("unit"), transferred: try given.optionalFlag("transferred"))
        case "giveFeedback": giveFeedback = Day(on: try given.date("on"))
        case "rateSatisfaction": rateSatisfaction = Rate(on: try given.date("on"), satisfied: try given.flag("satisfied"))
        case "revisit": revisit = Revisit(on: try given.date("on"), note: try given.optionalText("note"))
        case "suspendClock": suspendClock = SuspendClock(on: try given.date("on"), reason: try given.choice("reason"), note: try given.optionalText("note"))
        case "resumeClock": resumeClock = Day(on: try given.date("on"))
        case "notifyParties": notifyParties = Day(on: try given.date("on"))
        case "correct":
            correct = Correct(
                on: try given.date("on"), corrects: try given.number("corrects"), reason: try given.text("reason"), void: try given.optionalFlag("void"),
                category: try given.optionalChoice("category"), subcategory: try given.optionalText("subcategory"), channel: try given.optionalChoice("channel"),
                amountInDisputeFen: try given.optionalNumber("amountInDisputeFen"), amountFen: try given.optionalNumber("amountFen"),
                satisfied: try given.optionalFlag("satisfied"), outcome: try given.optionalChoice("outcome"), mediationReason: try given.optionalText("mediationReason"),
                ground: try given.optionalChoice("ground"), note: try given.optionalText("note"))
        case "apply":
            apply = Apply(on: try given.date("on"), name: try given.text("name"), region: try given.text("region"), industry: try given.text("industry"),
                          address: try given.text("address"), route: try given.choice("route"))
        case "preReview": preReview = Review(on: try given.date("on"), passed: try given.flag("passed"), reasons: try given.optionalTexts("reasons"))
        case "pledge":
            pledge = PledgeLine(on: try given.date("on"), kind: try given.choice("kind"), windowDays: try given.optionalNumber("windowDays"),
                                exclusions: try given.optionalTexts("exclusions"), brand: try given.optionalText("brand"),
                                coverage: try given.optionalTexts("coverage"), fundFen: try given.optionalNumber("fundFen"))
        case "withdrawPledge": withdrawPledge = PledgeKindLine(on: try given.date("on"), kind: try given.choice("kind"))
        case "review": review = Review(on: try given.date("on"), passed: try given.flag("passed"), reasons: try given.optionalTexts("reasons"))
        case "evaluate":
            evaluate = Evaluate(on: try given.date("on"), score: try given.number("score"), stars: try given.number("stars"), rank: try given.optionalChoice("rank"))
        case "inspect":
            inspect = Inspect(on: try given.date("on"), method: try given.choice("method"), passed: try given.flag("passed"), findings: try given.optionalText("findings"))
        case "recordViolation":
            recordViolation = Violation(on: try given.date("on"), kind: try given.choice("kind"), description: try given.text("description"),
                                        penaltyFen: try given.optionalNumber("penaltyFen"))
        case "listAbnormal": listAbnormal = Reason(on: try given.date("on"), reason: try given.text("reason"))
        case "removeAbnormal": removeAbnormal = Reason(on: try given.date("on"), reason: try given.text("reason"))
        case "recordBreach":
            recordBreach = Breach(on: try given.date("on"), kind: try given.choice("kind"), description: try given.text("description"),
                                  complaint: try given.optionalText("complaint"))
        case "rectify": rectify = Described(on: try given.date("on"), description: try given.text("description"))
        case "delist": delist = Reason(on: try given.date("on"), reason: try given.text("reason"))
        case "correctMerchant":
            correctMerchant = CorrectMerchant(
                on: try given.date("on"), corrects: try given.number("corrects"), reason: try given.text("reason"), void: try given.optionalFlag("void"),
                violationKind: try given.optionalChoice("violationKind"), description: try given.optionalText("description"),
                penaltyFen: try given.optionalNumber("penaltyFen"), passed: try given.optionalFlag("passed"), findings: try given.optionalText("findings"),
                listingReason: try given.optionalText("listingReason"))
        case "grantCredit":
            grantCredit = Grant(on: try given.date("on"), bank: try given.text("bank"), product: try given.text("product"), amountFen: try given.number("amountFen"),
                                termMonths: try given.number("termMonths"))
        case "revokeCredit":
            revokeCredit = Revoke(on: try given.date("on"), bank: try given.text("bank"), product: try given.text("product"), reason: try given.text("reason"))
        case "expireCredit": expireCredit = Expire(on: try given.date("on"), bank: try given.text("bank"), product: try given.text("product"))
        case "openCardAcquiring":
            openCardAcquiring = Acquiring(on: try given.date("on"), bank: try given.text("bank"), feeSubsidyFen: try given.number("feeSubsidyFen"))
        case "correctCredit":
            correctCredit = CorrectCredit(
                on: try given.date("on"), bank: try given.text("bank"), corrects: try given.number("corrects"), reason: try given.text("reason"),
                void: try given.optionalFlag("void"), amountFen: try given.optionalNumber("amountFen"), termMonths: try given.optionalNumber("termMonths"),
                revocationReason: try given.optionalText("revocationReason"), feeSubsidyFen: try given.optionalNumber("feeSubsidyFen"))
        case "receiveReport":
            receiveReport = ReceiveReport(
                channel: try given.choice("channel"), reporter: try given.text("reporter"), reporterName: try given.optionalText("reporterName"),
                reporterPhone: try given.optionalText("reporterPhone"), merchant: try given.optionalText("merchant"), merchantName: try given.text("merchantName"),
                allegation: try given.text("allegation"), receivedRegion: try given.text("receivedRegion"), receivedOn: try given.date("receivedOn"),
                intake: try given.optionalText("intake"))
        case "verify": verify = Verify(on: try given.date("on"), substantiated: try given.flag("substantiated"), findings: try given.text("findings"))
        case "decideCase": decideCase = DecideCase(on: try given.date("on"), filed: try given.flag("filed"), reference: try given.text("reference"))
        case "closeCase": closeCase = CloseCase(on: try given.date("on"), penaltyFen: try given.number("penaltyFen"), decision: try given.text("decision"))
        case "payReward": payReward = Reward(on: try given.date("on"), amountFen: try given.number("amountFen"))
        case "suspendVerification":
            suspendVerification = SuspendClock(on: try given.date("on"), reason: try given.choice("reason"), note: try given.optionalText("note"))
        case "resumeVerification": resumeVerification = Day(on: try given.date("on"))
        case "notifyReporter": notifyReporter = Day(on: try given.date("on"))
        case "extendCase":
            extendCase = ExtendCase(on: try given.date("on"), days: try given.number("days"), approval: try given.text("approval"),
                                    collective: try given.optionalFlag("collective"))
        case "correctReport":
            correctReport = CorrectReport(
                on: try given.date("on"), corrects: try given.number("corrects"), reason: try given.text("reason"), void: try given.optionalFlag("void"),
                channel: try given.optionalChoice("channel"), allegation: try given.optionalText("allegation"), substantiated: try given.optionalFlag("substantiated"),
                findings: try given.optionalText("findings"), reference: try given.optionalText("reference"), penaltyFen: try given.optionalNumber("penaltyFen"),
                decision: try given.optionalText("decision"), amountFen: try given.optionalNumber("amountFen"))
        default:
            throw CommandText.Mismatch()
        }
    }

    /// The keys naming a command that this document has.
    var commandsPresent: [String] {
        Self.commandKeys.compactMap { key, present in present(self) ? key : nil }
    }

    /// Each command's key and whether a document has it, in the order `CommandTarget` lists them.
    private static let commandKeys: [(String, @Sendable (CommandDocument) -> Bool)] = {
        let present: [String: @Sendable (CommandDocument) -> Bool] = [
            "receive": { $0.receive != nil }, "accept": { $0.accept != nil }, "refuse": { $0.refuse != nil },
            "startMediation": { $0.startMediation != nil }, "endMediation": { $0.endMediation != nil }, "compensate": { $0.compensate != nil },
            "close": { $0.close != nil }, "assign": { $0.assign != nil }, "giveFeedback": { $0.giveFeedback != nil },
            "rateSatisfaction": { $0.rateSatisfaction != nil }, "revisit": { $0.revisit != nil }, "suspendClock": { $0.suspendClock != nil },
            "resumeClock": { $0.resumeClock != nil }, "correct": { $0.correct != nil }, "notifyParties": { $0.notifyParties != nil },
            "apply": { $0.apply != nil }, "preReview": { $0.preReview != nil }, "pledge": { $0.pledge != nil },
            "withdrawPledge": { $0.withdrawPledge != nil }, "review": { $0.review != nil }, "evaluate": { $0.evaluate != nil },
            "inspect": { $0.inspect != nil }, "recordViolation": { $0.recordViolation != nil }, "listAbnormal": { $0.listAbnormal != nil },
            "removeAbnormal": { $0.removeAbnormal != nil }, "recordBreach": { $0.recordBreach != nil }, "rectify": { $0.rectify != nil },
            "delist": { $0.delist != nil }, "correctMerchant": { $0.correctMerchant != nil }, "grantCredit": { $0.grantCredit != nil },
            "revokeCredit": { $0.revokeCredit != nil }, "expireCredit": { $0.expireCredit != nil },
            "openCardAcquiring": { $0.openCardAcquiring != nil }, "correctCredit": { $0.correctCredit != nil },
            "receiveReport": { $0.receiveReport != nil }, "verify": { $0.verify != nil }, "decideCase": { $0.decideCase != nil },
            "closeCase": { $0.closeCase != nil }, "payReward": { $0.payReward != nil }, "suspendVerification": { $0.suspendVerification != nil },
            "resumeVerification": { $0.resumeVerification != nil }, "notifyReporter": { $0.notifyReporter != nil },
            "extendCase": { $0.extendCase != nil }, "correctReport": { $0.correctReport != nil }]
        // Every command a target takes has its test here: one missing would never be found in a document.
        return CommandTarget.allCases.flatMap(\.commands).map { key in (key, present[key]!) }
    }()

    /// The targets this document names.
    var targetsPresent: [CommandTarget] {
        [(CommandTarget.complaint, complaint), (.merchant, merchant), (.report, report)].filter { $0.1 != nil }.map(\.0)
    }
}

/// A closed-list value written by name in JSON, e.g. `"channel": "12315-hotline"`.
struct Choice<Value: ImportName>: Decodable {
    let value: Value

    init(_ value: Value) { self.value = value }

    init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let value = Value.byImportName[name] else {
            let allowed = Value.byImportName.keys.sorted().joined(separator: ", ")
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\"\(name)\" is not one of \(allowed)"))
        }
        self.value = value
    }
}

/// What a command is for: a complaint, a merchant (its life and its credit) or a report.
public enum CommandTarget: String, CaseIterable, Sendable {
    case complaint, merchant, report

    /// The keys of the commands this target takes, in the order docs/COMMANDS.md gives them.
    public var commands: [String] {
        switch self {
        case .complaint:
            return ["receive", "accept", "refuse", "startMediation", "endMediation", "compensate", "close", "assign", "giveFeedback",
                    "rateSatisfaction", "revisit", "suspendClock", "resumeClock", "notifyParties", "correct"]
        case .merchant:
            return ["apply", "preReview", "pledge", "withdrawPledge", "review", "evaluate", "inspect", "recordViolation", "listAbnormal",
                    "removeAbnormal", "recordBreach", "rectify", "delist", "correctMerchant", "grantCredit", "revokeCredit", "expireCredit",
                    "openCardAcquiring", "correctCredit"]
        case .report:
            return ["receiveReport", "suspendVerification", "resumeVerification", "verify", "decideCase", "notifyReporter", "extendCase", "closeCase",
                    "payReward", "correctReport"]
        }
    }
}
