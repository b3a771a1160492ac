import Domain

/// Each command's fields as a request body holds them (docs/COMMANDS.md): their kinds, their bounds
/// (`Bounds`), and which are required. The service's API document gives each command's body its schema from
/// this table; tests hold the table to what the parser takes.
public struct CommandField: Sendable {
    public enum Kind: Sendable {
        case date
        case fen(ClosedRange<Int64>)
        case integer(ClosedRange<Int>)
        case boolean
        /// A short id on one line (`Bounds.Text.identifierCharacters`).
        case identifier
        /// A name on one line (`Bounds.Text.nameCharacters`).
        case name
        /// Free text (`Bounds.Text.freeCharacters`).
        case free
        /// One of a closed list, by name.
        case choice([String])
        /// A six-digit GB/T 2260 region code.
        case region
        /// An 18-character unified social credit code.
        case creditCode
        /// A list of up to `Bounds.Text.listItems` texts of this kind.
        indirect case list(Kind)
    }

    public let name: String
    public let kind: Kind
    public let required: Bool

    init(_ name: String, _ kind: Kind, required: Bool = true) {
        self.name = name
        self.kind = kind
        self.required = required
    }

    /// The fields of `command`, in the order docs/COMMANDS.md gives them.
    public static func of(_ command: String) -> [CommandField] { table[command] ?? [] }

    private static func names<Value: ImportName>(_ type: Value.Type) -> Kind { .choice(Value.byImportName.keys.sorted()) }

    private static let on = CommandField("on", .date)
    private static let table: [String: [CommandField]] = {
        typealias Fen = Bounds.Fen
        let pledgeKind = names(PledgeKind.self)
        let receive: [CommandField] = [
            .init("channel", names(ComplaintChannel.self)), .init("consumer", .identifier), .init("consumerName", .name, required: false),
            .init("consumerPhone", .name, required: false), .init("merchant", .creditCode, required: false), .init("merchantName", .name),
            .init("category", names(ComplaintCategory.self)), .init("subcategory", .name), .init("amountInDisputeFen", .fen(0...Fen.dispute)),
            .init("receivedRegion", .region), .init("merchantRegion", .region), .init("receivedOn", .date),
            .init("intake", .identifier, required: false),
        ]
        let review: [CommandField] = [on, .init("passed", .boolean), .init("reasons", .list(.free), required: false)]
        let reason: [CommandField] = [on, .init("reason", .free)]
        return [
            "receive": receive,
            "accept": [on],
            "refuse": [on, .init("ground", names(NonAcceptanceGround.self)), .init("note", .free, required: false)],
            "startMediation": [on, .init("mode", names(MediationMode.self))],
            "endMediation": [on, .init("outcome", names(MediationOutcome.self)), .init("reason", .free, required: false)],
            "compensate": [on, .init("amountFen", .fen(1...Fen.dispute)), .init("payer", names(CompensationPayer.self)),
                           .init("kind", names(CompensationKind.self)), .init("basis", names(PunitiveBasis.self), required: false),
                           .init("lossFen", .fen(0...Fen.dispute), required: false), .init("purchasedOn", .date, required: false),
                           .init("returnStore", .name, required: false)],
            "close": [on],
            "assign": [on, .init("unit", .identifier), .init("transferred", .boolean, required: false)],
            "giveFeedback": [on],
            "rateSatisfaction": [on, .init("satisfied", .boolean)],
            "revisit": [on, .init("note", .free, required: false)],
            "suspendClock": [on, .init("reason", names(SuspensionReason.self)), .init("note", .free, required: false)],
            "resumeClock": [on],
            "notifyParties": [on],
            "correct": [on, .init("corrects", .integer(1...Int.max)), .init("reason", .free), .init("void", .boolean, required: false),
                        .init("category", names(ComplaintCategory.self), required: false), .init("subcategory", .name, required: false),
                        .init("channel", names(ComplaintChannel.self), required: false),
                        .init("amountInDisputeFen", .fen(0...Fen.dispute), required: false), .init("amountFen", .fen(1...Fen.dispute), required: false),
                        .init("satisfied", .boolean, required: false), .init("outcome", names(MediationOutcome.self), required: false),
                        .init("mediationReason", .free, required: false), .init("ground", names(NonAcceptanceGround.self), required: false),
                        .init("note", .free, required: false)],
            "apply": [on, .init("name", .name), .init("region", .region), .init("industry", .name), .init("address", .free),
                      .init("route", names(ApplicationRoute.self))],
            "preReview": review,
            "pledge": [on, .init("kind", pledgeKind), .init("windowDays", .integer(Bounds.windowDays), required: false),
                       .init("exclusions", .list(.name), required: false), .init("brand", .name, required: false),
                       .init("coverage", .list(.name), required: false), .init("fundFen", .fen(1...Fen.dispute), required: false)],
            "withdrawPledge": [on, .init("kind", pledgeKind)],
            "review": review,
            "evaluate": [on, .init("score", .integer(0...100)), .init("stars", .integer(0...5)),
                         .init("rank", names(DemonstrationRank.self), required: false)],
            "inspect": [on, .init("method", names(InspectionMethod.self)), .init("passed", .boolean), .init("findings", .free, required: false)],
            "recordViolation": [on, .init("kind", names(ViolationKind.self)), .init("description", .free),
                                .init("penaltyFen", .fen(0...Fen.penalty), required: false)],
            "listAbnormal": reason,
            "removeAbnormal": reason,
            "recordBreach": [on, .init("kind", pledgeKind), .init("description", .free), .init("complaint", .identifier, required: false)],
            "rectify": [on, .init("description", .free)],
            "delist": reason,
            "correctMerchant": [on, .init("corrects", .integer(1...Int.max)), .init("reason", .free), .init("void", .boolean, required: false),
                                .init("violationKind", names(ViolationKind.self), required: false), .init("description", .free, required: false),
                                .init("penaltyFen", .fen(0...Fen.penalty), required: false), .init("passed", .boolean, required: false),
                                .init("findings", .free, required: false), .init("listingReason", .free, required: false)],
            "grantCredit": [on, .init("bank", .identifier), .init("product", .identifier), .init("amountFen", .fen(1...Fen.credit)),
                            .init("termMonths", .integer(Bounds.termMonths))],
            "revokeCredit": [on, .init("bank", .identifier), .init("product", .identifier), .init("reason", .free)],
            "expireCredit": [on, .init("bank", .identifier), .init("product", .identifier)],
            "openCardAcquiring": [on, .init("bank", .identifier), .init("feeSubsidyFen", .fen(0...Fen.reward))],
            "correctCredit": [on, .init("bank", .identifier), .init("corrects", .integer(1...Int.max)), .init("reason", .free),
                              .init("void", .boolean, required: false), .init("amountFen", .fen(1...Fen.credit), required: false),
                              .init("termMonths", .integer(Bounds.termMonths), required: false), .init("revocationReason", .free, required: false),
                              .init("feeSubsidyFen", .fen(0...Fen.reward), required: false)],
            "receiveReport": [
                .init("channel", names(ComplaintChannel.self)), .init("reporter", .identifier), .init("reporterName", .name, required: false),
                .init("reporterPhone", .name, required: false), .init("merchant", .creditCode, required: false), .init("merchantName", .name),
                .init("allegation", .free), .init("receivedRegion", .region), .init("receivedOn", .date),
                .init("intake", .identifier, required: false),
            ],
            "verify": [on, .init("substantiated", .boolean), .init("findings", .free)],
            "decideCase": [on, .init("filed", .boolean), .init("reference", .identifier)],
            "closeCase": [on, .init("penaltyFen", .fen(0...Fen.penalty)), .init("decision", .free)],
            "payReward": [on, .init("amountFen", .fen(1...Fen.reward))],
            "suspendVerification": [on, .init("reason", names(SuspensionReason.self)), .init("note", .free, required: false)],
            "resumeVerification": [on],
            "notifyReporter": [on],
            "correctReport": [on, .init("corrects", .integer(1...Int.max)), .init("reason", .free), .init("void", .boolean, required: false),
                              .init("channel", names(ComplaintChannel.self), required: false), .init("allegation", .free, required: false),
                              .init("substantiated", .boolean, required: false), .init("findings", .free, required: false),
                              .init("reference", .identifier, required: false), .init("penaltyFen", .fen(0...Fen.penalty), required: false),
                              .init("decision", .free, required: false), .init("amountFen", .fen(1...Fen.reward), required: false)],
            "extendCase": [on, .init("days", .integer(1...366)), .init("approval", .free), .init("collective", .boolean, required: false)],
        ]
    }()
}
