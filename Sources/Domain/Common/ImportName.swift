/// The names a closed list's values have in import files, in `fangxin events --json` and in the service's bodies.
public protocol ImportName: Equatable {
    static var byImportName: [String: Self] { get }
}

extension ImportName {
    /// This value's name in JSON.
    public var importName: String { Self.byImportName.first { $0.value == self }!.key }
}

extension ComplaintChannel: ImportName {
    public static let byImportName = Dictionary(uniqueKeysWithValues: allCases.map { ($0.name, $0) })
}

extension ComplaintCategory: ImportName {
    public static let byImportName: [String: ComplaintCategory] = ["goods": .goods, "service": .service]
}

extension NonAcceptanceGround: ImportName {
    public static let byImportName: [String: NonAcceptanceGround] = [
        "outside-jurisdiction": .outsideJurisdiction, "already-handled": .alreadyHandled, "not-consumer-dispute": .notConsumerDispute,
        "time-barred": .timeBarred, "materials-missing": .materialsMissing, "identity-refused": .identityRefused, "other": .other]
}

extension MediationMode: ImportName {
    public static let byImportName: [String: MediationMode] = [
        "administrative": .administrative, "peoples": .peoples, "service-station": .serviceStation, "odr": .odr, "online-video": .onlineVideo]
}

extension MediationOutcome: ImportName {
    public static let byImportName: [String: MediationOutcome] = ["agreement": .agreement, "failed": .failed, "withdrawn": .withdrawn, "terminated": .terminated]
}

extension SuspensionReason: ImportName {
    public static let byImportName: [String: SuspensionReason] = ["testing-or-appraisal": .testingOrAppraisal, "consumer-delay": .consumerDelay, "other": .other]
}

extension ComplaintLimit: ImportName {
    public static let byImportName: [String: ComplaintLimit] = ["acceptance": .acceptance, "mediation": .mediation]
}

extension CompensationPayer: ImportName {
    public static let byImportName: [String: CompensationPayer] = ["merchant": .merchant, "prior-compensation-fund": .priorCompensationFund, "platform": .platform]
}

extension ApplicationRoute: ImportName {
    public static let byImportName: [String: ApplicationRoute] = ["self-declared": .selfDeclared, "local-nomination": .localNomination]
}

extension PledgeKind: ImportName {
    public static let byImportName: [String: PledgeKind] = [
        "reassured-consumption": .reassuredConsumption, "offline-no-reason-return": .offlineNoReasonReturn,
        "cross-store-return": .crossStoreReturn, "prior-compensation": .priorCompensation]
}

extension DemonstrationRank: ImportName {
    public static let byImportName: [String: DemonstrationRank] = ["county": .county, "city": .city, "province": .province]
}

extension InspectionMethod: ImportName {
    public static let byImportName: [String: InspectionMethod] = ["undercover": .undercover, "online-spot-check": .onlineSpotCheck, "cross-check": .crossCheck]
}

extension ViolationKind: ImportName {
    public static let byImportName: [String: ViolationKind] = ["violation": .violation, "administrative-penalty": .administrativePenalty]
}

extension CompensationKind: ImportName {
    public static let byImportName: [String: CompensationKind] = [
        "refund": .refund, "compensation": .compensation, "punitive": .punitive, "no-reason-return": .noReasonReturn, "repair": .repair,
        "replacement": .replacement, "agreed": .agreed]
}

extension PunitiveBasis: ImportName {
    public static let byImportName: [String: PunitiveBasis] = ["consumer-rights-art55": .consumerRightsArt55, "food-safety-art148": .foodSafetyArt148]
}
