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

    static var defaultPath: String {
        ProcessInfo.processInfo.environment["FANGXIN_POLICY"] ?? "Fixtures/policy/default.json"
    }

    /// Reads the file; the error names the file and the field at fault.
    static func load(_ path: String) throws -> (DeadlinePolicy, TierPolicy) {
        guard let data = FileManager.default.contents(atPath: path) else {
            printError("fangxin: no policy file at \(path); name one with --policy or $FANGXIN_POLICY")
            throw ledgerUnavailable
        }
        do {
            let file = try JSONDecoder().decode(PolicyFile.self, from: data)
            var limits: [ComplaintRegime: DeadlinePolicy.Limits] = [:]
            for (name, value) in file.deadlines.limits {
                guard let regime = ["order20": ComplaintRegime.order20, "order121": .order121][name] else {
                    throw PolicyFileError("deadlines.limits.\(name): not a regime (order20, order121)")
                }
                limits[regime] = .init(acceptanceWorkingDays: value.acceptanceWorkingDays, mediationWorkingDays: value.mediationWorkingDays,
                                       reportVerificationWorkingDays: value.reportVerificationWorkingDays)
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
            printError("fangxin: \(path): \(error)")
            throw ledgerUnavailable
        } catch {
            printError("fangxin: \(path): \(describeDecodingError(error))")
            throw ledgerUnavailable
        }
    }
}

struct PolicyFileError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
