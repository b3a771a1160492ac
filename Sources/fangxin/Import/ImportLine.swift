import Domain

/// One line of an import file: one command, named by its key. See docs/COMMANDS.md.
struct ImportLine: Decodable {
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
    }
    struct Refuse: Decodable { let on: CivilDate; let ground: Choice<NonAcceptanceGround>; let note: String? }
    struct StartMediation: Decodable { let on: CivilDate; let mode: Choice<MediationMode> }
    struct EndMediation: Decodable { let on: CivilDate; let outcome: Choice<MediationOutcome>; let reason: String? }
    struct Compensate: Decodable {
        let on: CivilDate
        let amountFen: Int64
        let payer: Choice<CompensationPayer>
        let kind: Choice<CompensationKind>
    }

    /// The command id: a retry with the same id records nothing new.
    let id: String
    let actor: ActorLine
    let complaint: String
    let receive: Receive?
    let accept: Day?
    let refuse: Refuse?
    let startMediation: StartMediation?
    let endMediation: EndMediation?
    let compensate: Compensate?
    let close: Day?

    static let commandKeys = ["receive", "accept", "refuse", "startMediation", "endMediation", "compensate", "close"]

    /// The keys naming a command that this line has.
    var commandsPresent: [String] {
        let present: [Bool] = [receive != nil, accept != nil, refuse != nil, startMediation != nil, endMediation != nil, compensate != nil, close != nil]
        return zip(Self.commandKeys, present).filter(\.1).map(\.0)
    }
}

/// A closed-list value written by name in JSON, e.g. `"channel": "12315-hotline"`.
struct Choice<Value: ImportName>: Decodable {
    let value: Value

    init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let value = Value.byImportName[name] else {
            let allowed = Value.byImportName.keys.sorted().joined(separator: ", ")
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\"\(name)\" is not one of \(allowed)"))
        }
        self.value = value
    }
}

/// The names a closed list's values have in import files.
protocol ImportName {
    static var byImportName: [String: Self] { get }
}

extension ComplaintChannel: ImportName {
    static let byImportName: [String: ComplaintChannel] = [
        "12315-hotline": .hotline12315, "12315-online": .online12315, "12345-transfer": .transfer12345, "letter": .letter,
        "visit": .visit, "service-station": .serviceStation, "odr-enterprise": .odrEnterprise]
}

extension ComplaintCategory: ImportName {
    static let byImportName: [String: ComplaintCategory] = ["goods": .goods, "service": .service]
}

extension NonAcceptanceGround: ImportName {
    static let byImportName: [String: NonAcceptanceGround] = [
        "outside-jurisdiction": .outsideJurisdiction, "already-handled": .alreadyHandled, "not-consumer-dispute": .notConsumerDispute,
        "time-barred": .timeBarred, "materials-missing": .materialsMissing, "identity-refused": .identityRefused, "other": .other]
}

extension MediationMode: ImportName {
    static let byImportName: [String: MediationMode] = [
        "administrative": .administrative, "peoples": .peoples, "service-station": .serviceStation, "odr": .odr, "online-video": .onlineVideo]
}

extension MediationOutcome: ImportName {
    static let byImportName: [String: MediationOutcome] = ["agreement": .agreement, "failed": .failed, "withdrawn": .withdrawn, "terminated": .terminated]
}

extension CompensationPayer: ImportName {
    static let byImportName: [String: CompensationPayer] = ["merchant": .merchant, "prior-compensation-fund": .priorCompensationFund, "platform": .platform]
}

extension CompensationKind: ImportName {
    static let byImportName: [String: CompensationKind] = ["refund": .refund, "compensation": .compensation, "punitive": .punitive, "no-reason-return": .noReasonReturn]
}
