import Commands
import Domain
import Foundation

/// The default policy as data (Fixtures/policy/default.json): the deadlines and the tier parameters a new ledger
/// records as its first policy events.
struct PolicyFile: Decodable {
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

    /// `--policy`, else `$FANGXIN_POLICY`, else nil: the default policy built into the binary.
    static var defaultPath: String? { ProcessInfo.processInfo.environment["FANGXIN_POLICY"] }

    /// Reads the file at `path`, or with none the policy built in (Fixtures/policy/default.json as this build was
    /// made); the error names the file and the field at fault.
    static func load(_ path: String?) throws -> (DeadlinePolicy, TierPolicy) {
        let name: String, data: Data
        if let path {
            guard let contents = FileManager.default.contents(atPath: path) else {
                printError("fangxin: no policy file at \(path); name one with --policy or $FANGXIN_POLICY")
                throw ledgerUnavailable
            }
            (name, data) = (path, contents)
        } else {
            (name, data) = (BundledFixtures.policy[0].path + " (built in)", BundledFixtures.policy[0].data)
        }
        do {
            let file = try JSONDecoder().decode(PolicyFile.self, from: data)
            try file.checkBounds()
            var limits: [ComplaintRegime: DeadlinePolicy.Limits] = [:]
            for (name, value) in file.deadlines.limits {
                guard let regime = ["order20": ComplaintRegime.order20, "order121": .order121][name] else {
                    throw PolicyFileError("deadlines.limits.\(name): not a regime (order20, order121)")
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
                    do { regions.append(try RegionCode(region)) } catch { throw PolicyFileError("deadlines.overrides[\(index)].regions: \(error)") }
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
        } catch let error as PolicyFileError {
            printError("fangxin: \(name): \(error)")
            throw ledgerUnavailable
        } catch {
            printError("fangxin: \(name): \(describeDecodingError(error))")
            throw ledgerUnavailable
        }
    }
}

extension PolicyFile {
    /// Holds the numbers to what a recorded policy may say (docs/FORMAT.md, "Events set aside"): a policy event
    /// beyond them would be set aside by every read model, so it is refused here, before it is recorded.
    func checkBounds() throws(PolicyFileError) {
        func check(_ value: Int, _ range: ClosedRange<Int>, _ field: String) throws(PolicyFileError) {
            guard range.contains(value) else { throw PolicyFileError("\(field): \(value) is outside \(range.lowerBound)...\(range.upperBound)") }
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
            throw PolicyFileError("deadlines.compensationCapMultiple: \(deadlines.compensationCapMultiple) is outside 1...1000")
        }
        try check(tiers.complaintWindowDays, 0...36_500, "tiers.complaintWindowDays")
        try check(tiers.recoveryDaysAfterRectification, 0...36_500, "tiers.recoveryDaysAfterRectification")
        try check(tiers.complaintWarningThreshold, 0...1_000_000, "tiers.complaintWarningThreshold")
        try check(tiers.starLibraryMinimumStars, 0...100, "tiers.starLibraryMinimumStars")
    }
}

struct PolicyFileError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
