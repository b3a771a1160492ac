import Domain

/// Merchant tiers (选育池 / 培育库 / 星级库 / 预警库) by the tier policy the log records: docs/TIERS.md.
///
/// Rows: 1 merchant code → `MerchantStanding`; 2 merchant code, position → `TierChange`; 3 complaint id →
/// merchant code (to count a complaint against its merchant when it is accepted); 4 → the tier policy in force.
public struct TiersProjection: Projection {
    public static let name = "tiers"
    public static let version = 1
    public static let streamPrefixes = ["merchant-", "complaint-", "policy", "clock"]

    static let standingTable: UInt8 = 1
    static let historyTable: UInt8 = 2
    static let complaintTable: UInt8 = 3
    static let policyKey: [UInt8] = [4]

    private var merchants: [String: MerchantStanding] = [:]
    private var complaintMerchant: [String: String] = [:]
    private var warned: Set<String> = []
    private var policy = TierPolicy.standard
    private var changed: Set<String> = []
    private var changes: [Row] = []

    public init() {}

    public init(rows: some RowReader) throws(RowError) {
        do {
            try rows.scan(prefix: [Self.standingTable]) { key, value in
                var reader = RowKeyReader(key)
                let code = try reader.text()
                let standing = try MerchantStanding(code: code, decoding: value)
                merchants[code] = standing
                if standing.tier == .warning { warned.insert(code) }
                return true
            }
            try rows.scan(prefix: [Self.complaintTable]) { key, value in
                var reader = RowKeyReader(key)
                complaintMerchant[try reader.text()] = String(decoding: value, as: UTF8.self)
                return true
            }
            if let bytes = try rows.value(for: Self.policyKey) { policy = try Self.decodePolicy(bytes) }
        } catch let error as RowError {
            throw error
        } catch {
            throw RowError("tiers: \(error)")
        }
    }

    public mutating func apply(_ event: ProjectionEvent) {
        switch event.fact {
        case .policy(.tierPolicyAdopted(let adopted)):
            policy = adopted
            changes.append(Row(key: Self.policyKey, value: PolicyEvent.tierPolicyAdopted(adopted).encoded()))
        case .clock(.dayClosed(let day)):
            // Time passing can only release a merchant from 预警库: a window expiring, a recovery period ending.
            for code in warned.sorted() { update(code, on: day, at: event.position, event: "day \(day) closed") { _ in } }
        case let .complaint(id, .received(received)):
            guard let merchant = received.merchant?.description else { return }
            complaintMerchant[id] = merchant
            changes.append(Row(key: RowKey(table: Self.complaintTable).adding(id).bytes, value: Array(merchant.utf8)))
        case let .complaint(id, .accepted(accepted)):
            guard let code = complaintMerchant[id], merchants[code] != nil else { return }
            update(code, on: accepted.acceptedOn, at: event.position, event: "complaint \(id) accepted") { standing in
                standing.acceptedComplaints.append((accepted.acceptedOn, event.position))
            }
        case let .merchant(code, merchantEvent):
            apply(merchantEvent, code: code, at: event.position)
        default:
            break
        }
    }

    private mutating func apply(_ event: MerchantEvent, code: String, at position: UInt64) {
        if case let .applied(on, _, name, region, industry, _, route) = event {
            var standing = merchants[code] ?? MerchantStanding(code: code, name: name, region: region.description, industry: industry, since: on, position: position)
            if standing.library == .delisted { return }
            standing.name = name
            standing.region = region.description
            standing.industry = industry
            standing.library = .selectionPool
            merchants[code] = standing
            update(code, on: on, at: position, event: route == .selfDeclared ? "applied (self-declared)" : "applied (nominated by the local bureau)") { _ in }
            return
        }
        guard merchants[code] != nil else { return }
        let minimumStars = policy.starLibraryMinimumStars
        let recoveryDays = policy.recoveryDaysAfterRectification
        update(code, on: event.day, at: position, event: Self.describe(event, minimumStars: minimumStars)) { standing in
            switch event {
            case .applied, .preReviewed, .inspected: break   // the system's pre-review alone admits no one (§4.2)
            case let .regulatorReviewed(_, passed, _):
                standing.library = passed ? ((standing.stars ?? 0) >= minimumStars ? .starRated : .cultivation) : .selectionPool
            case let .evaluated(_, _, stars, _):
                standing.stars = stars
                if standing.library == .cultivation || standing.library == .starRated {
                    standing.library = stars >= minimumStars ? .starRated : .cultivation
                }
            case let .pledged(_, pledge):
                if !standing.pledges.contains(pledge.kind) { standing.pledges.append(pledge.kind) }
                standing.pledges.sort { $0.rawValue < $1.rawValue }
            case let .pledgeWithdrawn(_, kind): standing.pledges.removeAll { $0 == kind }
            case .violationRecorded: standing.openViolations.append(position)
            case .pledgeBreached: standing.openBreaches.append(position)
            case let .abnormalListChanged(_, listed, _): standing.abnormalListing = listed ? position : nil
            case let .rectified(on, _):
                standing.openViolations = []
                standing.openBreaches = []
                standing.recoveryFrom = on.adding(days: recoveryDays)
                standing.rectifiedAt = position
            case .delisted: standing.library = .delisted
            }
        }
    }

    /// Why a merchant's own event moved it, in words for the history.
    private static func describe(_ event: MerchantEvent, minimumStars: Int) -> String {
        switch event {
        case let .regulatorReviewed(_, passed, _): return passed ? "passed the regulator's review" : "refused at the regulator's review"
        case let .evaluated(_, _, stars, _): return "evaluated at \(stars) stars (星级库 needs \(minimumStars))"
        case let .delisted(_, reason): return "delisted: \(reason)"
        case .rectified: return "rectified"
        case let .abnormalListChanged(_, listed, _): return listed ? "listed as abnormal" : "removed from the list of abnormal operations"
        default: return event.type
        }
    }

    /// Changes one merchant's facts, then settles its tier on `day`, recording a change of tier with its causes.
    private mutating func update(_ code: String, on day: CivilDate, at position: UInt64, event: String, _ change: (inout MerchantStanding) -> Void) {
        guard var standing = merchants[code] else { return }
        change(&standing)
        let horizon = day.adding(days: -policy.complaintWindowDays)
        standing.acceptedComplaints.removeAll { $0.day <= horizon }

        var target = standing.library, reason = event, causes = [position]
        let admitted = standing.library == .cultivation || standing.library == .starRated
        let triggers = admitted ? warningTriggers(standing) : []
        if standing.library == .delisted {
            // Final: nothing brings a delisted merchant back.
        } else if !triggers.isEmpty {
            target = .warning
            reason = triggers.map(\.reason).joined(separator: "; ")
            causes = triggers.flatMap(\.causes).sorted()
        } else if standing.tier == .warning, admitted, let from = standing.recoveryFrom, day < from {
            target = .warning
        } else if standing.tier == .warning {
            reason = standing.rectifiedAt == nil ? "no warning trigger remains" : "rectified, and the recovery period has ended"
            causes = ([standing.rectifiedAt, position] as [UInt64?]).compactMap { $0 }
        }
        if target != standing.tier {
            if reason.isEmpty { reason = Self.describe(target) }
            let change = TierChange(merchant: code, position: position, from: standing.tier, to: target, on: day,
                                    reason: reason, causes: causes, policy: policy.version)
            changes.append(Row(key: RowKey(table: Self.historyTable).adding(code).adding(position).bytes, value: change.encoded()))
            standing.tier = target
            standing.since = day
            standing.sincePosition = position
            standing.reason = reason
            standing.causes = causes
        }
        if standing.tier == .warning { warned.insert(code) } else { warned.remove(code) }
        merchants[code] = standing
        changed.insert(code)
    }

    private func warningTriggers(_ standing: MerchantStanding) -> [(reason: String, causes: [UInt64])] {
        var triggers: [(String, [UInt64])] = []
        if policy.warnOnViolation, !standing.openViolations.isEmpty {
            triggers.append(("\(standing.openViolations.count) violation(s) not rectified", standing.openViolations))
        }
        if policy.warnOnPledgeBreach, !standing.openBreaches.isEmpty {
            triggers.append(("\(standing.openBreaches.count) pledge breach(es) not rectified", standing.openBreaches))
        }
        if policy.warnOnAbnormalList, let listing = standing.abnormalListing {
            triggers.append(("on the list of abnormal operations (经营异常名录)", [listing]))
        }
        if standing.acceptedComplaints.count >= policy.complaintWarningThreshold {
            triggers.append(("\(standing.acceptedComplaints.count) complaints accepted within \(policy.complaintWindowDays) days (threshold \(policy.complaintWarningThreshold))",
                             standing.acceptedComplaints.map(\.position)))
        }
        return triggers
    }

    private static func describe(_ tier: Tier) -> String {
        switch tier {
        case .selectionPool: return "entered the selection pool"
        case .cultivation: return "admitted to the cultivation library"
        case .starRated: return "rated into the star library"
        case .warning: return "entered the warning library"
        case .delisted: return "delisted"
        }
    }

    public mutating func takeChanges() -> [Row] {
        var rows = changes
        changes = []
        for code in changed {
            rows.append(Row(key: RowKey(table: Self.standingTable).adding(code).bytes, value: merchants[code]!.encoded()))
        }
        changed = []
        return rows
    }

    static func decodePolicy(_ bytes: [UInt8]) throws -> TierPolicy {
        guard case .tierPolicyAdopted(let policy)? = try PolicyEvent.decode(type: "policy.tier-policy-adopted", schemaVersion: PolicyEvent.schemaVersion, bytes) else {
            throw RowError("tiers: the stored tier policy cannot be read")
        }
        return policy
    }
}
