public import Domain
public import Foundation

/// A policy file (Fixtures/policy/default.json is the default): the deadlines and the tier parameters a new ledger
/// records as its first policy events, read and held to the bounds a recorded policy may have.
public struct PolicyDocument: Decodable {
    struct Limits: Decodable {
        let acceptanceWorkingDays: Int
        let mediationWorkingDays: Int
        let reportVerificationWorkingDays: Int
        let odrWorkingDays: Int?
        let terminationNoticeWorkingDays: Int?
        let reporterNoticeWorkingDays: Int?
        let penaltyDecisionCalendarDays: Int?
        let penaltyExtensionCalendarDays: Int?
    }
    struct Override: Decodable {
        let regions: [String]
        let from: CivilDate
        let to: CivilDate
        let acceptanceWorkingDays: Int?
        let mediationWorkingDays: Int?
        let reportVerificationWorkingDays: Int?
        let note: String
    }
    struct Deadlines: Decodable {
        let order121From: CivilDate
        let limits: [String: Limits]
        let compensationCapMultiple: Int64
        let overrides: [Override]
    }
    struct Tiers: Decodable {
        let version: String
        let complaintWindowDays: Int
        let complaintWarningThreshold: Int
        let starLibraryMinimumStars: Int
        let warnOnViolation: Bool
        let warnOnPledgeBreach: Bool
        let warnOnAbnormalList: Bool
        let recoveryDaysAfterRectification: Int
    }

    let deadlines: Deadlines
    let tiers: Tiers

    /// Reads a policy file's bytes; the error names the field at fault.
    public static func read(_ data: Data) throws(PolicyDocumentError) -> (DeadlinePolicy, TierPolicy) {
        let file: PolicyDocument
        do { file = try JSONDecoder().decode(PolicyDocument.self, from: data) } catch {
            throw PolicyDocumentError(describeDecodingError(error))
        }
        try file.checkBounds()
        var limits: [ComplaintRegime: DeadlinePolicy.Limits] = [:]
        for (name, value) in file.deadlines.limits {
            guard let regime = ["order20": ComplaintRegime.order20, "order121": .order121][name] else {
                throw PolicyDocumentError("deadlines.limits.\(name): not a regime (order20, order121)")
            }
            limits[regime] = .init(acceptanceWorkingDays: value.acceptanceWorkingDays, mediationWorkingDays: value.mediationWorkingDays,
                                   reportVerificationWorkingDays: value.reportVerificationWorkingDays, odrWorkingDays: value.odrWorkingDays,
                                   terminationNoticeWorkingDays: value.terminationNoticeWorkingDays, reporterNoticeWorkingDays: value.reporterNoticeWorkingDays,
                                   penaltyDecisionCalendarDays: value.penaltyDecisionCalendarDays,
                                   penaltyExtensionCalendarDays: value.penaltyExtensionCalendarDays)
        }
        var overrides: [DeadlinePolicy.Override] = []
        for (index, override) in file.deadlines.overrides.enumerated() {
            var regions: [RegionCode] = []
            for region in override.regions {
                do { regions.append(try RegionCode(region)) } catch { throw PolicyDocumentError("deadlines.overrides[\(index)].regions: \(error)") }
            }
            overrides.append(.init(regions: regions, from: override.from, to: override.to, acceptanceWorkingDays: override.acceptanceWorkingDays,
                                   mediationWorkingDays: override.mediationWorkingDays,
                                   reportVerificationWorkingDays: override.reportVerificationWorkingDays, note: override.note))
        }
        let tiers = file.tiers
        return (DeadlinePolicy(order121From: file.deadlines.order121From, limits: limits,
                               compensationCapMultiple: file.deadlines.compensationCapMultiple, overrides: overrides),
                TierPolicy(version: tiers.version, complaintWindowDays: tiers.complaintWindowDays,
                           complaintWarningThreshold: tiers.complaintWarningThreshold, starLibraryMinimumStars: tiers.starLibraryMinimumStars,
                           warnOnViolation: tiers.warnOnViolation, warnOnPledgeBreach: tiers.warnOnPledgeBreach,
                           warnOnAbnormalList: tiers.warnOnAbnormalList, recoveryDaysAfterRectification: tiers.recoveryDaysAfterRectification))
    }
}

extension PolicyDocument {
    /// Holds the numbers to what a recorded policy may say (docs/FORMAT.md, "Events set aside"): a policy event
    /// beyond them would be set aside by every read model, so it is refused here, before it is recorded.
    func checkBounds() throws(PolicyDocumentError) {
        func check(_ value: Int, _ range: ClosedRange<Int>, _ field: String) throws(PolicyDocumentError) {
            guard range.contains(value) else { throw PolicyDocumentError("\(field): \(value) is outside \(range.lowerBound)...\(range.upperBound)") }
        }
        for (name, limits) in deadlines.limits.sorted(by: { $0.key < $1.key }) {
            try check(limits.acceptanceWorkingDays, 1...1_000, "deadlines.limits.\(name).acceptanceWorkingDays")
            try check(limits.mediationWorkingDays, 1...1_000, "deadlines.limits.\(name).mediationWorkingDays")
            try check(limits.reportVerificationWorkingDays, 1...1_000, "deadlines.limits.\(name).reportVerificationWorkingDays")
            for (days, field) in [(limits.odrWorkingDays, "odrWorkingDays"), (limits.terminationNoticeWorkingDays, "terminationNoticeWorkingDays"),
                                  (limits.reporterNoticeWorkingDays, "reporterNoticeWorkingDays"), (limits.penaltyDecisionCalendarDays, "penaltyDecisionCalendarDays"),
                                  (limits.penaltyExtensionCalendarDays, "penaltyExtensionCalendarDays")] {
                if let days { try check(days, 1...1_000, "deadlines.limits.\(name).\(field)") }
            }
        }
        for (index, override) in deadlines.overrides.enumerated() {
            for (value, field) in [(override.acceptanceWorkingDays, "acceptanceWorkingDays"), (override.mediationWorkingDays, "mediationWorkingDays"),
                                   (override.reportVerificationWorkingDays, "reportVerificationWorkingDays")] {
                if let value { try check(value, 1...1_000, "deadlines.overrides[\(index)].\(field)") }
            }
        }
        guard (1...1_000).contains(deadlines.compensationCapMultiple) else {
            throw PolicyDocumentError("deadlines.compensationCapMultiple: \(deadlines.compensationCapMultiple) is outside 1...1000")
        }
        try check(tiers.complaintWindowDays, 0...36_500, "tiers.complaintWindowDays")
        try check(tiers.recoveryDaysAfterRectification, 0...36_500, "tiers.recoveryDaysAfterRectification")
        try check(tiers.complaintWarningThreshold, 0...1_000_000, "tiers.complaintWarningThreshold")
        try check(tiers.starLibraryMinimumStars, 0...100, "tiers.starLibraryMinimumStars")
    }
}

/// Why a policy file was refused: the field at fault and why.
public struct PolicyDocumentError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
