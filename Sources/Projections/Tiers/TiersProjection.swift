import Domain

/// Merchant tiers (选育池 / 培育库 / 星级库 / 预警库) by the tier policy the log records: docs/TIERS.md.
///
/// Rows: 1 merchant code → `MerchantStanding`; 2 merchant code, position → `TierChange`; 3 complaint id →
/// merchant code (to count a complaint against its merchant when it is accepted; empty once its receipt is voided); 4 → the tier policy in force;
/// 5 position, merchant code → nothing (the changes in log order); 6 tier, region → how many merchants; 7 tier,
/// merchant code → its region while it is in the tier, empty once it has left (the members of each library);
/// 8 report id → merchant code (to hold a penalty decided on a report against its merchant; empty once voided); 9 merchant code →
/// `[1]` while its prior-compensation deposit has run out, empty once it has not (the deposit alerts); 10
/// complaint id → what its prior compensations drew on a deposit, in fen (what a correction of one gives back).
public struct TiersProjection: Projection {
    public static let name = "tiers"
    /// 5: its store keeps every version of its rows (docs/READMODELS.md), and each library's members; 6: a
    /// merchant in 预警库 shows the reason that holds now (its recovery period, once rectified); 7: a penalty
    /// decided on a report counts as a violation; 8: the prior-compensation deposit and what was drawn on it;
    /// 9: a corrected prior compensation gives back what it no longer draws; 10: a library in one byte of its keys, and
    /// each row's latest version stored once, as its live row; 11: a violation, a pledge breach or a listing as
    /// abnormal voided by a correction no longer counts, nor does a complaint or a report whose receipt is voided.
    public static let version = 11
    public static let streamPrefixes = [StreamCategory.merchant.prefix, StreamCategory.complaint.prefix, StreamCategory.report.prefix, PolicyEvent.stream, ClockEvent.stream]

    static let standingTable: UInt8 = 1
    static let historyTable: UInt8 = 2
    static let complaintTable: UInt8 = 3
    static let policyKey: [UInt8] = [4]
    /// The changes of tier in log order, (position, merchant) → nothing: the live feed reads them from here.
    static let changeTable: UInt8 = 5
    /// How many merchants each tier holds in each region, kept as the standings change: counting reads a few
    /// rows instead of decoding every standing.
    static let countTable: UInt8 = 6
    /// Each library's members, so that a page of one library reads that library's rows, not every standing.
    /// Rows are never removed: a merchant that leaves keeps an empty row.
    static let memberTable: UInt8 = 7
    static let reportTable: UInt8 = 8
    static let depositAlertTable: UInt8 = 9
    static let drawTable: UInt8 = 10

    private var merchants = TrackedTable<MerchantStanding>()
    /// The merchant each complaint and report is about, by its id: a complaint's merchant code is kept once
    /// however many complaints name it (`TextPool`).
    private var complaintMerchant: [String: String] = [:]
    private var reportMerchant: [String: String] = [:]
    private var codes = TextPool()
    /// The merchants whose deposit has run out, as table 9 says.
    private var depositsRunOut: Set<String> = []
    /// What each complaint's prior compensations drew on a deposit: only those that drew are here, few.
    private var drawnBy: [String: Int64] = [:]
    /// Merchants in 预警库 by the day (since 1970-01-01) a day's close should look at them again. An entry
    /// whose merchant has since moved its `wakeOn` is stale and skipped.
    private var wakeUps: [Int: [String]] = [:]
    private var policy = TierPolicy.standard
    private var changes: [Row] = []
    private var counts = TierCounts()

    public init() {}

    public init(rows: some RowReader) throws(RowError) {
        do {
            try rows.scan(prefix: [Self.standingTable]) { key, value in
                var reader = RowKeyReader(key)
                let code = try reader.text()
                let standing = try MerchantStanding(code: code, decoding: value)
                let slot = merchants.restore(code, standing)
                counts.count(slot, standing)
                if let wake = standing.wakeOn { wakeUps[wake.daysSinceEpoch, default: []].append(code) }
                return true
            }
            try rows.scan(prefix: [Self.complaintTable]) { key, value in
                guard !value.isEmpty else { return true }   // a complaint voided
                var reader = RowKeyReader(key)
                complaintMerchant[try reader.text()] = codes.intern(String(decoding: value, as: UTF8.self))
                return true
            }
            try rows.scan(prefix: [Self.depositAlertTable]) { key, value in
                var reader = RowKeyReader(key)
                if !value.isEmpty { depositsRunOut.insert(try reader.text()) }
                return true
            }
            try rows.scan(prefix: [Self.drawTable]) { key, value in
                var reader = RowKeyReader(key)
                drawnBy[try reader.text()] = try Self.decodeDraw(value)
                return true
            }
            try rows.scan(prefix: [Self.reportTable]) { key, value in
                guard !value.isEmpty else { return true }   // a report voided
                var reader = RowKeyReader(key)
                reportMerchant[try reader.text()] = codes.intern(String(decoding: value, as: UTF8.self))
                return true
            }
            if let bytes = try rows.value(for: Self.policyKey) { policy = try Self.decodePolicy(bytes) }
            // The stored counts already say what the restored standings add up to.
            _ = counts.takeChanged()
        } catch let error as RowError {
            throw error
        } catch {
            throw RowError("tiers: \(error)")
        }
    }

    public mutating func apply(_ event: ProjectionEvent) throws(SetAside) {
        switch event.fact {
        case .policy(.tierPolicyAdopted(let adopted)):
            policy = adopted
            changes.append(Row(key: Self.policyKey, value: PolicyEvent.tierPolicyAdopted(adopted).encoded()))
        case .clock(.dayClosed(let day)):
            // Time passing can only release a merchant from 预警库: a window expiring, a recovery period ending.
            for wake in wakeUps.keys.filter({ $0 <= day.daysSinceEpoch }).sorted() {
                for code in wakeUps.removeValue(forKey: wake)! {
                    guard let slot = merchants.slot(of: code), merchants.values[slot].wakeOn?.daysSinceEpoch == wake else { continue }
                    update(code, on: day, at: event.position, event: "day \(day) closed") { _ in }
                }
            }
        case let .complaint(id, .received(received)):
            guard let merchant = received.merchant?.description else { return }
            complaintMerchant[id] = codes.intern(merchant)
            changes.append(Row(key: RowKey(table: Self.complaintTable).adding(id).bytes, value: Array(merchant.utf8)))
        case let .complaint(id, .compensated(paid)) where paid.payer == .priorCompensationFund:
            // A prior compensation draws on the deposit of the merchant the complaint is about.
            guard let code = complaintMerchant[id], let slot = merchants.slot(of: code), merchants.values[slot].depositFen != nil else { return }
            merchants.modify(slot) { standing in
                let (drawn, overflow) = standing.depositDrawnFen.addingReportingOverflow(paid.amountFen)
                standing.depositDrawnFen = overflow ? .max : drawn
                return true
            }
            noteDraw(by: id, paid.amountFen)
        case let .complaint(id, .corrected(correction)) where correction.voidsCase:
            voidCase(id, correction, at: event.position)
        case let .complaint(id, .corrected(correction)):
            // A prior compensation amended or voided draws what it now says: the difference is given back or drawn.
            // Only a payment that drew on a deposit (its complaint's draws cover it) moves one: one paid while the
            // merchant had none drew nothing.
            guard case .compensated(let paid) = correction.original, paid.payer == .priorCompensationFund, paid.amountFen > 0,
                  let drawn = drawnBy[id], drawn >= paid.amountFen,
                  let code = complaintMerchant[id], let slot = merchants.slot(of: code) else { return }
            let amended: Int64 = if case .compensated(let amended)? = correction.replacement { max(0, amended.amountFen) } else { 0 }
            let change = amended - paid.amountFen   // both within 0...Int64.max: no overflow
            merchants.modify(slot) { standing in
                // The drawn total saturates at Int64.max; what saturated is not given back.
                guard standing.depositDrawnFen < .max else { return false }
                let (total, overflow) = standing.depositDrawnFen.addingReportingOverflow(change)
                standing.depositDrawnFen = overflow ? .max : max(0, total)
                return true
            }
            noteDraw(by: id, change)
        case let .complaint(id, .accepted(accepted)):
            guard let code = complaintMerchant[id] else { return }
            update(code, on: accepted.acceptedOn, at: event.position, event: "complaint \(id) accepted") { standing in
                standing.acceptedComplaints.append((accepted.acceptedOn, event.position))
            }
        case let .report(id, .received(received)):
            guard let merchant = received.merchant?.description else { return }
            reportMerchant[id] = codes.intern(merchant)
            changes.append(Row(key: RowKey(table: Self.reportTable).adding(id).bytes, value: Array(merchant.utf8)))
        case let .report(id, .corrected(correction)) where correction.voidsCase:
            // A report received in error (误登记): a penalty decided on it no longer counts against its merchant.
            guard let code = reportMerchant.removeValue(forKey: id) else { return }
            changes.append(Row(key: RowKey(table: Self.reportTable).adding(id).bytes, value: []))
            let voided = Set(correction.voidedWith)
            update(code, on: correction.on, at: event.position, event: "report \(id) voided: \(correction.reason)") { standing in
                standing.openViolations.removeAll { voided.contains($0) }
            }
        case let .report(id, .caseClosed(on, penaltyFen, _)):
            // An administrative penalty decided on a report is a violation of its merchant (docs/TIERS.md).
            guard penaltyFen > 0, let code = reportMerchant[id] else { return }
            update(code, on: on, at: event.position, event: "report \(id): a penalty decided") { standing in
                standing.openViolations.append(event.position)
            }
        case let .merchant(code, .corrected(correction)):
            correct(correction, code: code, at: event.position)
        case let .merchant(code, merchantEvent):
            apply(merchantEvent, code: code, at: event.position)
        default:
            break
        }
    }

    private mutating func apply(_ event: MerchantEvent, code: String, at position: UInt64) {
        if case let .applied(on, _, name, region, industry, _, route) = event {
            var standing = merchants.slot(of: code).map { merchants.values[$0] }
                ?? MerchantStanding(code: code, name: name, region: region.description, industry: industry, since: on, position: position)
            if standing.library == .delisted { return }
            standing.name = name
            standing.region = region.description
            standing.industry = industry
            standing.library = .selectionPool
            merchants.set(code, standing)
            update(code, on: on, at: position, event: route == .selfDeclared ? "applied (self-declared)" : "applied (nominated by the local bureau)") { _ in }
            return
        }
        guard merchants.slot(of: code) != nil else { return }
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
                // A deposit pledged again is the new deposit; what was drawn on it stays drawn.
                if pledge.kind == .priorCompensation, let fund = pledge.fundFen { standing.depositFen = fund }
            case let .pledgeWithdrawn(_, kind):
                standing.pledges.removeAll { $0 == kind }
                if kind == .priorCompensation { standing.depositFen = nil }
            case .violationRecorded: standing.openViolations.append(position)
            case .pledgeBreached: standing.openBreaches.append(position)
            case let .abnormalListChanged(_, listed, _): standing.abnormalListing = listed ? position : nil
            case let .rectified(on, _):
                standing.openViolations = []
                standing.openBreaches = []
                standing.recoveryFrom = on.adding(days: recoveryDays)
                standing.rectifiedAt = position
            case .delisted: standing.library = .delisted
            case .corrected: break   // `correct`
            }
        }
    }

    /// A complaint whose receipt is voided (误登记) no longer counts against its merchant: its acceptance leaves the
    /// window's count, what its prior compensations drew goes back to the deposit, and the tier is settled again on
    /// the correction's day.
    private mutating func voidCase(_ id: String, _ correction: ComplaintCorrection, at position: UInt64) {
        guard let code = complaintMerchant.removeValue(forKey: id) else { return }
        changes.append(Row(key: RowKey(table: Self.complaintTable).adding(id).bytes, value: []))
        guard let slot = merchants.slot(of: code) else { return }
        if let drawn = drawnBy[id], drawn > 0 {
            merchants.modify(slot) { standing in
                // The drawn total saturates at Int64.max; what saturated is not given back.
                guard standing.depositDrawnFen < .max else { return false }
                standing.depositDrawnFen = max(0, standing.depositDrawnFen - min(drawn, standing.depositDrawnFen))
                return true
            }
            noteDraw(by: id, -drawn)
        }
        let voided = Set(correction.voidedWith)
        update(code, on: correction.on, at: position, event: "complaint \(id) voided: \(correction.reason)") { standing in
            standing.acceptedComplaints.removeAll { voided.contains($0.position) }
        }
    }

    /// A violation, a pledge breach or a listing as abnormal voided no longer keeps the merchant in 预警库, and its
    /// tier is settled again on the correction's day. An amendment changes nothing a tier counts: the kind of a
    /// violation, a description, an inspection. What was rectified stays rectified: the decider refuses to void the
    /// only issue a rectification rectified.
    private mutating func correct(_ correction: MerchantCorrection, code: String, at position: UInt64) {
        guard correction.replacement == nil, merchants.slot(of: code) != nil else { return }
        let voided = correction.corrects
        update(code, on: correction.on, at: position, event: "\(correction.original.type) at position \(voided) voided: \(correction.reason)") { standing in
            switch correction.original {
            case .violationRecorded: standing.openViolations.removeAll { $0 == voided }
            case .pledgeBreached: standing.openBreaches.removeAll { $0 == voided }
            case .abnormalListChanged(_, true, _): if standing.abnormalListing == voided { standing.abnormalListing = nil }
            default: break
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
    /// `event` says what happened, in words; it is built only when the tier changes.
    private mutating func update(_ code: String, on day: CivilDate, at position: UInt64, event: @autoclosure () -> String,
                                 _ change: (inout MerchantStanding) -> Void) {
        guard let slot = merchants.slot(of: code) else { return }
        // In place: a copy of the standing would copy its arrays on every event.
        var settled = Settled()
        let policy = policy
        merchants.modify(slot) { standing in
            settled = Self.settle(&standing, on: day, at: position, policy: policy, event: event, change)
            return true
        }
        // Counted event by event, not when the rows are taken, so that the count rows are the same however the
        // log is cut into batches.
        if let moved = counts.count(slot, merchants.values[slot]) {
            if let before = moved.before, before.tier != moved.now?.tier {
                changes.append(Row(key: Self.memberKey(before.tier, code), value: []))
            }
            if let now = moved.now { changes.append(Row(key: Self.memberKey(now.tier, code), value: Array(now.region.utf8))) }
        }
        if let tierChange = settled.change {
            changes.append(Row(key: RowKey(table: Self.historyTable).adding(code).adding(position).bytes, value: tierChange.encoded()))
            changes.append(Row(key: RowKey(table: Self.changeTable).adding(position).adding(code).bytes, value: []))
        }
        if let wake = settled.rescheduled { wakeUps[wake.daysSinceEpoch, default: []].append(code) }
    }

    /// What settling a standing did: the change of tier, if any, and the new day to wake it on, if it moved.
    private struct Settled {
        var change: TierChange?
        var rescheduled: CivilDate?
    }

    private static func settle(_ standing: inout MerchantStanding, on day: CivilDate, at position: UInt64, policy: TierPolicy,
                               event: () -> String, _ change: (inout MerchantStanding) -> Void) -> Settled {
        change(&standing)
        var settled = Settled(change: settleTier(&standing, on: day, at: position, policy: policy, event: event))
        let wake = standing.tier == .warning ? wakeDay(standing, after: day, policy) : nil
        if wake != standing.wakeOn {
            standing.wakeOn = wake
            settled.rescheduled = wake
        }
        return settled
    }

    /// Drops complaints that left the window and puts the standing in the tier its facts call for on `day`.
    private static func settleTier(_ standing: inout MerchantStanding, on day: CivilDate, at position: UInt64, policy: TierPolicy,
                                   event: () -> String) -> TierChange? {
        let horizon = day.adding(days: -policy.complaintWindowDays)
        if standing.acceptedComplaints.contains(where: { $0.day <= horizon }) {
            standing.acceptedComplaints.removeAll { $0.day <= horizon }
        }

        let admitted = standing.library == .cultivation || standing.library == .starRated
        let triggered = admitted && hasWarningTrigger(standing, policy)
        var target = standing.library
        if standing.library == .delisted {
            // Final: nothing brings a delisted merchant back.
        } else if triggered {
            target = .warning
        } else if standing.tier == .warning, admitted, let from = standing.recoveryFrom, day < from {
            target = .warning
        }
        if target == .warning, standing.tier == .warning {
            // Still in 预警库, but perhaps for another reason: the standing says the one that holds now.
            let now: (reason: String, causes: [UInt64])
            if triggered {
                let triggers = warningTriggers(standing, policy)
                now = (triggers.map(\.reason).joined(separator: "; "), triggers.flatMap(\.causes).sorted())
            } else if let from = standing.recoveryFrom, let rectified = standing.rectifiedAt {
                now = ("rectified; in the recovery period until \(from)", [rectified])
            } else {
                return nil
            }
            standing.reason = now.reason
            standing.causes = now.causes
            return nil
        }
        guard target != standing.tier else { return nil }

        var reason = event(), causes = [position]
        if triggered {
            let triggers = warningTriggers(standing, policy)
            reason = triggers.map(\.reason).joined(separator: "; ")
            causes = triggers.flatMap(\.causes).sorted()
        } else if standing.tier == .warning, standing.library != .delisted {
            reason = standing.rectifiedAt == nil ? "no warning trigger remains" : "rectified, and the recovery period has ended"
            causes = ([standing.rectifiedAt, position] as [UInt64?]).compactMap { $0 }
        }
        if reason.isEmpty { reason = describe(target) }
        let change = TierChange(merchant: standing.code, position: position, from: standing.tier, to: target, on: day,
                                reason: reason, causes: causes, policy: policy.version)
        standing.tier = target
        standing.since = day
        standing.sincePosition = position
        standing.reason = reason
        standing.causes = causes
        return change
    }

    /// The first day after `day` on which time alone may change the standing's tier: its oldest complaint
    /// leaving the window, or its recovery period ending.
    private static func wakeDay(_ standing: MerchantStanding, after day: CivilDate, _ policy: TierPolicy) -> CivilDate? {
        var days = standing.acceptedComplaints.map { $0.day.adding(days: policy.complaintWindowDays) }
        if let from = standing.recoveryFrom { days.append(from) }
        return days.filter { $0 > day }.min()
    }

    /// Whether any warning trigger of `policy` is open: `warningTriggers` without building its words.
    private static func hasWarningTrigger(_ standing: MerchantStanding, _ policy: TierPolicy) -> Bool {
        (policy.warnOnViolation && !standing.openViolations.isEmpty)
            || (policy.warnOnPledgeBreach && !standing.openBreaches.isEmpty)
            || (policy.warnOnAbnormalList && standing.abnormalListing != nil)
            || standing.acceptedComplaints.count >= policy.complaintWarningThreshold
    }

    private static func warningTriggers(_ standing: MerchantStanding, _ policy: TierPolicy) -> [(reason: String, causes: [UInt64])] {
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

    /// Adds `fen` (less when negative) to what the complaint's prior compensations drew, and writes its row.
    private mutating func noteDraw(by complaint: String, _ fen: Int64) {
        let (total, overflow) = (drawnBy[complaint] ?? 0).addingReportingOverflow(fen)
        let drawn = overflow ? (fen > 0 ? .max : 0) : max(0, total)
        drawnBy[complaint] = drawn
        changes.append(Row(key: RowKey(table: Self.drawTable).adding(complaint).bytes, value: Self.encodeDraw(drawn)))
    }

    static func encodeDraw(_ fen: Int64) -> [UInt8] {
        var writer = PayloadWriter()
        writer.write(1, fen)
        return writer.bytes
    }

    static func decodeDraw(_ bytes: [UInt8]) throws(PayloadError) -> Int64 {
        try PayloadFields(bytes).one(1, "drawnFen").int64()
    }

    public mutating func takeChanges() -> [Row] {
        var rows = changes
        changes = []
        // Taken after every event of a rebuild: the changed slots' list keeps its storage.
        for slot in merchants.changedSlots {
            let code = merchants.keys[slot], standing = merchants.values[slot]
            rows.append(Row(key: RowKey(table: Self.standingTable).adding(code).bytes, value: standing.encoded()))
            let runOut = standing.depositBalanceFen.map { $0 <= 0 } ?? false
            if runOut != depositsRunOut.contains(code) {
                if runOut { depositsRunOut.insert(code) } else { depositsRunOut.remove(code) }
                rows.append(Row(key: RowKey(table: Self.depositAlertTable).adding(code).bytes, value: runOut ? [1] : []))
            }
        }
        merchants.forgetChanged()
        for (tier, region, count) in counts.takeChanged() {
            rows.append(Row(key: RowKey(table: Self.countTable).adding(choice: tier).adding(region).bytes,
                            value: withUnsafeBytes(of: UInt64(count).bigEndian) { Array($0) }))
        }
        return rows
    }

    static func memberKey(_ tier: Tier, _ code: String) -> [UInt8] { RowKey(table: memberTable).adding(choice: tier).adding(code).bytes }

    static func decodePolicy(_ bytes: [UInt8]) throws -> TierPolicy {
        guard case .tierPolicyAdopted(let policy)? = try PolicyEvent.decode(type: "policy.tier-policy-adopted", schemaVersion: PolicyEvent.schemaVersion, bytes) else {
            throw RowError("tiers: the stored tier policy cannot be read")
        }
        return policy
    }
}
