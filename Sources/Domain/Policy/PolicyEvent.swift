/// The rules themselves, recorded: the working calendar and the deadline policy. Stream: `policy`.
///
/// A new ledger records them as its first events, so that every ledger carries the rules its cases were judged by.
public enum PolicyEvent: Hashable, Sendable {
    /// One year's State Council notice. Fields: 1 year, 2 source, 3 holiday (repeated message: 1 name, 2 from,
    /// 3 to), 4 make-up working day (repeated date).
    case calendarPublished(WorkingCalendar.Year)
    /// Fields: 1 Order 121 from (date), 2 Order 20 limits, 3 Order 121 limits (messages: 1 acceptance working
    /// days, 2 mediation working days, 3 report verification working days, 4 ODR negotiation working days), 4 compensation cap multiple,
    /// 5 override (repeated message: 1 region (repeated), 2 from, 3 to, 4 acceptance, 5 mediation,
    /// 6 report verification working days, 7 note). Each adoption states the whole policy in force.
    case deadlinesAdopted(DeadlinePolicy)
    /// Fields: 1 version, 2 complaint window days, 3 complaint warning threshold, 4 star library minimum stars,
    /// 5 warn on violation, 6 warn on pledge breach, 7 warn on abnormal list, 8 recovery days after rectification.
    case tierPolicyAdopted(TierPolicy)

    public static let stream = "policy"
    public static let schemaVersion: UInt16 = 1

    public var type: String {
        switch self {
        case .calendarPublished: return "calendar.published"
        case .deadlinesAdopted: return "policy.deadlines-adopted"
        case .tierPolicyAdopted: return "policy.tier-policy-adopted"
        }
    }

    public func encoded() -> [UInt8] {
        var writer = PayloadWriter()
        switch self {
        case .calendarPublished(let year):
            writer.write(1, year.year)
            writer.write(2, year.source)
            for holiday in year.holidays {
                writer.write(3, message: { message in
                    message.write(1, holiday.name)
                    message.write(2, holiday.from)
                    message.write(3, holiday.to)
                })
            }
            for day in year.workdays { writer.write(4, day) }
        case .deadlinesAdopted(let policy):
            writer.write(1, policy.order121From)
            for (field, regime) in [(UInt32(2), ComplaintRegime.order20), (3, .order121)] {
                guard let limits = policy.limits[regime] else { continue }
                writer.write(field, message: { message in
                    message.write(1, limits.acceptanceWorkingDays)
                    message.write(2, limits.mediationWorkingDays)
                    message.write(3, limits.reportVerificationWorkingDays)
                    if let days = limits.odrWorkingDays { message.write(4, days) }
                    if let days = limits.terminationNoticeWorkingDays { message.write(5, days) }
                    if let days = limits.reporterNoticeWorkingDays { message.write(6, days) }
                    if let days = limits.penaltyDecisionCalendarDays { message.write(7, days) }
                    if let days = limits.penaltyExtensionCalendarDays { message.write(8, days) }
                })
            }
            writer.write(4, policy.compensationCapMultiple)
            for override in policy.overrides {
                writer.write(5, message: { message in
                    for region in override.regions { message.write(1, region.description) }
                    message.write(2, override.from)
                    message.write(3, override.to)
                    if let days = override.acceptanceWorkingDays { message.write(4, days) }
                    if let days = override.mediationWorkingDays { message.write(5, days) }
                    if let days = override.reportVerificationWorkingDays { message.write(6, days) }
                    message.write(7, override.note)
                })
            }
        case .tierPolicyAdopted(let tiers):
            writer.write(1, tiers.version)
            writer.write(2, tiers.complaintWindowDays)
            writer.write(3, tiers.complaintWarningThreshold)
            writer.write(4, tiers.starLibraryMinimumStars)
            writer.write(5, tiers.warnOnViolation)
            writer.write(6, tiers.warnOnPledgeBreach)
            writer.write(7, tiers.warnOnAbnormalList)
            writer.write(8, tiers.recoveryDaysAfterRectification)
        }
        return writer.bytes
    }

    /// Reads a stored policy event; nil when `type` is not one.
    /// What a recorded policy may say of a period in days, and of a limit in working days: anything else is
    /// a payload error, so the event is set aside rather than folded (docs/FORMAT.md, "Set aside").
    static let periodDays = 0...36_500
    static let workingDays = 1...1_000

    public static func decode(type: String, schemaVersion: UInt16, _ bytes: [UInt8]) throws(PayloadError) -> PolicyEvent? {
        guard ["calendar.published", "policy.deadlines-adopted", "policy.tier-policy-adopted"].contains(type) else { return nil }
        guard schemaVersion == 1 else { throw .unknownSchemaVersion(type: type, version: schemaVersion) }
        if type == "policy.tier-policy-adopted" {
            let fields = try PayloadFields(bytes)
            return .tierPolicyAdopted(TierPolicy(
                version: try fields.one(1, "version").string(), complaintWindowDays: try fields.one(2, "complaintWindowDays").int(in: Self.periodDays),
                complaintWarningThreshold: try fields.one(3, "complaintWarningThreshold").int(in: 0...1_000_000),
                starLibraryMinimumStars: try fields.one(4, "starLibraryMinimumStars").int(in: 0...100),
                warnOnViolation: try fields.one(5, "warnOnViolation").bool(), warnOnPledgeBreach: try fields.one(6, "warnOnPledgeBreach").bool(),
                warnOnAbnormalList: try fields.one(7, "warnOnAbnormalList").bool(),
                recoveryDaysAfterRectification: try fields.one(8, "recoveryDaysAfterRectification").int(in: Self.periodDays)))
        }
        var reader = PayloadReader(bytes)
        if type == "calendar.published" {
            var year: Int?, source: String?, holidays: [WorkingCalendar.Holiday] = [], workdays: [CivilDate] = []
            while let field = try reader.next() {
                switch field.number {
                case 1: year = try field.int()
                case 2: source = try field.string()
                case 3:
                    var inner = try field.message()
                    var name: String?, from: CivilDate?, to: CivilDate?
                    while let part = try inner.next() {
                        switch part.number {
                        case 1: name = try part.string()
                        case 2: from = try part.date()
                        case 3: to = try part.date()
                        default: break
                        }
                    }
                    holidays.append(.init(name: try required(name, 3, "holiday.name"), from: try required(from, 3, "holiday.from"), to: try required(to, 3, "holiday.to")))
                case 4: workdays.append(try field.date())
                default: break
                }
            }
            return .calendarPublished(.init(year: try required(year, 1, "year"), source: try required(source, 2, "source"), holidays: holidays, workdays: workdays))
        }
        var from: CivilDate?, cap: Int64?, limits: [ComplaintRegime: DeadlinePolicy.Limits] = [:], overrides: [DeadlinePolicy.Override] = []
        while let field = try reader.next() {
            switch field.number {
            case 1: from = try field.date()
            case 2, 3:
                var inner = try field.message()
                var acceptance: Int?, mediation: Int?, verification: Int?, odr: Int?
                var partiesNotice: Int?, reporterNotice: Int?, penaltyDecision: Int?, penaltyExtension: Int?
                while let part = try inner.next() {
                    switch part.number {
                    case 1: acceptance = try part.int(in: Self.workingDays)
                    case 2: mediation = try part.int(in: Self.workingDays)
                    case 3: verification = try part.int(in: Self.workingDays)
                    case 4: odr = try part.int(in: Self.workingDays)
                    case 5: partiesNotice = try part.int(in: Self.workingDays)
                    case 6: reporterNotice = try part.int(in: Self.workingDays)
                    case 7: penaltyDecision = try part.int(in: Self.workingDays)
                    case 8: penaltyExtension = try part.int(in: Self.workingDays)
                    default: break
                    }
                }
                limits[field.number == 2 ? .order20 : .order121] = .init(
                    acceptanceWorkingDays: try required(acceptance, field.number, "acceptanceWorkingDays"),
                    mediationWorkingDays: try required(mediation, field.number, "mediationWorkingDays"),
                    reportVerificationWorkingDays: try required(verification, field.number, "reportVerificationWorkingDays"), odrWorkingDays: odr,
                    terminationNoticeWorkingDays: partiesNotice, reporterNoticeWorkingDays: reporterNotice,
                    penaltyDecisionCalendarDays: penaltyDecision, penaltyExtensionCalendarDays: penaltyExtension)
            case 4: cap = Int64(try field.int(in: 1...1_000))
            case 5: overrides.append(try readOverride(field))
            default: break
            }
        }
        return .deadlinesAdopted(.init(order121From: try required(from, 1, "order121From"), limits: limits,
                                       compensationCapMultiple: try required(cap, 4, "compensationCapMultiple"), overrides: overrides))
    }

    private static func readOverride(_ field: PayloadReader.Field) throws(PayloadError) -> DeadlinePolicy.Override {
        var inner = try field.message()
        var regions: [RegionCode] = [], from: CivilDate?, to: CivilDate?, note: String?
        var acceptance: Int?, mediation: Int?, verification: Int?
        while let part = try inner.next() {
            switch part.number {
            case 1: regions.append(try part.region())
            case 2: from = try part.date()
            case 3: to = try part.date()
            case 4: acceptance = try part.int(in: Self.workingDays)
            case 5: mediation = try part.int(in: Self.workingDays)
            case 6: verification = try part.int(in: Self.workingDays)
            case 7: note = try part.string()
            default: break
            }
        }
        return .init(regions: regions, from: try required(from, 5, "override.from"), to: try required(to, 5, "override.to"),
                     acceptanceWorkingDays: acceptance, mediationWorkingDays: mediation, reportVerificationWorkingDays: verification,
                     note: try required(note, 5, "override.note"))
    }
}
