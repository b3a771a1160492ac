import Domain

/// Complaint statistics (docs/STATISTICS.md): one row of facts per complaint, keyed by the day it was received,
/// so that any period, region, category, channel or merchant is a range scan away; and running totals by month
/// received, county, category and channel, so that most questions read a few thousand totals instead.
///
/// And a ranking of merchants by complaints received, so that the top merchants of a year are its first rows,
/// with an index of each merchant's complaints to read their facts (`MerchantRanking`).
///
/// Rows: 1 received on, complaint id → `ComplaintFacts` (empty once its receipt is voided); 2 first day of the month received, county received in,
/// category, channel → `Indicators` of the complaints received then and there, as they now stand; 3 the ranking;
/// 4 the merchant index; 5 received on, report id → `ReportFacts` (empty once received again elsewhere, or voided).
public struct StatisticsProjection: Projection {
    public static let name = "stats"
    /// 2: its store keeps every version of its rows (docs/READMODELS.md); 3: monthly totals; 4: the merchant
    /// ranking and index; 5: on time is judged against the last day a suspension moved; 6: corrections; 7: a
    /// category and channel in one byte each of a total's key, a ranking's period in two, and each row's latest
    /// version stored once, as its live row; 8: a complaint or a report whose receipt is voided counts for nothing.
    public static let version = 8
    public static let streamPrefixes = [StreamCategory.complaint.prefix, StreamCategory.report.prefix]

    static let table: UInt8 = 1
    static let totalsTable: UInt8 = 2
    static let rankingTable: UInt8 = 3
    static let merchantTable: UInt8 = 4
    static let reportTable: UInt8 = 5

    private var complaints = TrackedTable<ComplaintFacts>()
    private var totals = TrackedTable<Indicators>()
    /// Each total's row key, by its slot.
    private var totalsRowKeys: [[UInt8]] = []
    /// Each complaint's totals slot, by the complaint's slot: what it counts in never changes after receipt.
    private var totalsSlot: [Int] = []
    /// Complaints received by period (`MerchantRanking.periods`) and merchant: where each stands in the ranking.
    private var received: [UInt64: [String: Int]] = [:]
    /// Ranking and index rows written since the changes were last taken, in order.
    private var rankingChanges: [Row] = []
    /// Reports, which are few beside complaints: kept by id, with the day each was received.
    private var reports = TrackedTable<ReportFacts>()
    /// Regions and merchants' codes and names, kept once however many complaints name them.
    private var texts = TextPool()

    public init() {}

    public init(rows: some RowReader) throws(RowError) {
        do {
            try rows.scan(prefix: [Self.table]) { key, value in
                var reader = RowKeyReader(key)
                let day = try reader.day()
                let id = try reader.text()
                // A case voided counts for nothing and takes nothing more: as if never received.
                guard !value.isEmpty else { return true }
                let facts = shared(try ComplaintFacts(id: id, receivedOn: day, decoding: value))
                let slot = complaints.restore(id, facts)
                setTotalsSlot(slot, totalsSlot(for: facts, restoring: true))
                return true
            }
            try rows.scan(prefix: [Self.totalsTable]) { key, value in
                var reader = RowKeyReader(key)
                let month = try reader.day(), region = try reader.text()
                guard let category = try reader.choice(ComplaintCategory.self), let channel = try reader.choice(ComplaintChannel.self) else {
                    throw RowError("stats: a total's category or channel is unknown")
                }
                let name = Self.totalsName(month, region, category.rawValue, channel.rawValue)
                guard totals.slot(of: name) != nil else { throw RowError("stats: the total \(name) counts no complaint") }
                totals.restore(name, try Indicators(decoding: value))
                return true
            }
            try rows.scan(prefix: [Self.reportTable]) { key, value in
                guard !value.isEmpty else { return true }   // a report received again, counted under its later day
                var reader = RowKeyReader(key)
                let day = try reader.day()
                let id = try reader.text()
                reports.restore(id, try ReportFacts(id: id, receivedOn: day, decoding: value))
                return true
            }
            try rows.scan(prefix: [Self.rankingTable]) { key, value in
                guard !value.isEmpty else { return true }
                var reader = RowKeyReader(key)
                let period = UInt64(try reader.uint16())
                let count = UInt64.max - (try reader.uint64())
                guard count > 0, count <= UInt64(Int.max) else { throw RowError("stats: a ranking row counts \(count) complaints") }
                received[period, default: [:]][String(decoding: value, as: UTF8.self)] = Int(count)
                return true
            }
        } catch let error as RowError {
            throw error
        } catch {
            throw RowError("stats: \(error)")
        }
    }

    public mutating func apply(_ event: ProjectionEvent) throws(SetAside) {
        if case let .report(id, reportEvent) = event.fact { return try apply(reportEvent, id) }
        guard case let .complaint(id, complaintEvent) = event.fact else { return }
        if case .received(let received) = complaintEvent {
            let facts = shared(ComplaintFacts(id: id, received))
            if let slot = complaints.slot(of: id), !complaints.values[slot].voided {
                // Received again (an import may carry it twice): the complaint counts once, as it now stands. One
                // voided was taken out already, as if never received.
                totals.modify(totalsSlot[slot]) { $0.add(Indicators(complaints.values[slot]), sign: -1); return true }
                rank(complaints.values[slot], by: -1)
            }
            let slot = complaints.set(id, facts)
            setTotalsSlot(slot, totalsSlot(for: facts, restoring: false))
            totals.modify(totalsSlot[slot]) { $0.add(Indicators(facts)); return true }
            rank(facts, by: 1)
            return
        }
        // A case voided takes nothing more: only a hand-made log has an event of it after the void.
        guard let slot = complaints.slot(of: id), !complaints.values[slot].voided else { return }
        if case .corrected(let correction) = complaintEvent { return try correct(correction, slot, id) }
        if case .compensated(let paid) = complaintEvent {
            let facts = complaints.values[slot]
            guard !facts.recoveredFen.addingReportingOverflow(paid.amountFen).overflow,
                  !facts.recoveredByKind[paid.kind].addingReportingOverflow(paid.amountFen).overflow else {
                let bound = paid.amountFen > 0 ? Int64.max : Int64.min   // each kind's total is part of the whole
                throw SetAside("complaint \(id): a compensation of \(paid.amountFen) fen would take its recovered total past \(bound) fen")
            }
        }
        let before = Indicators(complaints.values[slot])
        complaints.modify(slot) { facts in Self.record(complaintEvent, in: &facts) }
        let after = Indicators(complaints.values[slot])
        if after != before {
            totals.modify(totalsSlot[slot]) { total in
                total.add(before, sign: -1)
                total.add(after)
                return true
            }
        }
    }

    private mutating func apply(_ event: ReportEvent, _ id: String) throws(SetAside) {
        if case .received(let received) = event {
            if let slot = reports.slot(of: id), !reports.values[slot].voided {
                // Received again: its old row is emptied, and it counts once, as it now stands. One voided was.
                let old = reports.values[slot]
                rankingChanges.append(Row(key: Self.reportKey(old.receivedOn, old.id), value: []))
            }
            reports.set(id, ReportFacts(id: id, received))
            return
        }
        // A report voided takes nothing more: only a hand-made log has an event of it after the void.
        guard let slot = reports.slot(of: id), !reports.values[slot].voided else { return }
        switch event {
        case .received:
            return
        case let .verified(on, substantiated, _):
            reports.modify(slot) { $0.verifiedOn = on; $0.substantiated = substantiated; return true }
        case let .caseDecided(on, filed, _, _, _):
            reports.modify(slot) { $0.decidedOn = on; $0.filed = filed; return true }
        case let .caseClosed(on, penalty, _):
            guard !reports.values[slot].penaltyFen.addingReportingOverflow(penalty).overflow else {
                throw SetAside("report \(id): a penalty of \(penalty) fen would take its total past \(Int64.max) fen")
            }
            reports.modify(slot) { $0.caseClosedOn = on; $0.penaltyFen += penalty; return true }
        case let .rewardPaid(_, amount):
            guard !reports.values[slot].rewardFen.addingReportingOverflow(amount).overflow else {
                throw SetAside("report \(id): a reward of \(amount) fen would take its total past \(Int64.max) fen")
            }
            reports.modify(slot) { $0.rewardFen += amount; return true }
        case .verificationSuspended, .reporterNotified, .caseExtended:
            return
        case .corrected(let correction):
            try correct(correction, slot, id)
        case let .verificationResumed(_, due):
            // On time is judged against the last day the suspension moved.
            reports.modify(slot) { $0.verificationDue = due.date; return true }
        }
    }

    /// Takes out what the corrected event counted and puts in what its replacement counts. Only the fields a
    /// correction may amend (`ComplaintAmendment`) and the events it may void need undoing.
    private mutating func correct(_ correction: ComplaintCorrection, _ slot: Int, _ id: String) throws(SetAside) {
        var facts = complaints.values[slot]
        switch (correction.original, correction.replacement) {
        case (.received, nil):
            // The receipt voided voids the case (误登记): out of its total and its merchant's ranking, its row emptied.
            totals.modify(totalsSlot[slot]) { $0.add(Indicators(facts), sign: -1); return true }
            rank(facts, by: -1)
            complaints.modify(slot) { $0.voided = true; return true }
            return
        case let (.received, .received(received)?):
            // Category and channel place it in another total: out of the old one, into the new.
            totals.modify(totalsSlot[slot]) { $0.add(Indicators(facts), sign: -1); return true }
            facts.category = received.category
            facts.channel = received.channel
            complaints.modify(slot) { $0 = facts; return true }
            setTotalsSlot(slot, totalsSlot(for: facts, restoring: false))
            totals.modify(totalsSlot[slot]) { $0.add(Indicators(facts)); return true }
            return
        case let (.compensated(paid), replacement):
            let amended: ComplaintEvent.Compensated? = if case .compensated(let amended)? = replacement { amended } else { nil }
            let (less, lessOverflow) = facts.recoveredFen.subtractingReportingOverflow(paid.amountFen)
            let (more, moreOverflow) = less.addingReportingOverflow(amended?.amountFen ?? 0)
            var byKind = facts.recoveredByKind
            let (kindLess, kindLessOverflow) = byKind[paid.kind].subtractingReportingOverflow(paid.amountFen)
            byKind[paid.kind] = kindLess
            let (kindMore, kindMoreOverflow) = byKind[amended?.kind ?? paid.kind].addingReportingOverflow(amended?.amountFen ?? 0)
            guard !lessOverflow, !moreOverflow, !kindLessOverflow, !kindMoreOverflow else {
                throw SetAside("complaint \(id): correcting a compensation of \(paid.amountFen) fen would take its recovered total out of Int64's range")
            }
            byKind[amended?.kind ?? paid.kind] = kindMore
            facts.recoveredFen = more
            facts.recoveredByKind = byKind
            if paid.returnStore != nil, amended == nil, facts.crossStorePayments > 0, facts.crossStorePayments < .max { facts.crossStorePayments -= 1 }
        case (.feedbackGiven, nil):
            facts.feedbackGiven = false
        case let (.satisfactionRated, replacement):
            facts.satisfaction = if case let .satisfactionRated(_, satisfied)? = replacement { satisfied } else { nil }
        case let (.mediationEnded, .mediationEnded(ended)?):
            facts.mediationAgreement = ended.outcome == .agreement
        default:
            // Amended grounds and notes, voided assignments and revisits: nothing the statistics count.
            return
        }
        let before = Indicators(complaints.values[slot])
        complaints.modify(slot) { $0 = facts; return true }
        let after = Indicators(facts)
        if after != before {
            totals.modify(totalsSlot[slot]) { total in
                total.add(before, sign: -1)
                total.add(after)
                return true
            }
        }
    }

    /// Takes out what a report's corrected event counted and puts in what its replacement counts: the channel,
    /// whether it was substantiated, the penalty and the reward (`ReportAmendment`).
    private mutating func correct(_ correction: ReportCorrection, _ slot: Int, _ id: String) throws(SetAside) {
        var facts = reports.values[slot]
        switch (correction.original, correction.replacement) {
        case (.received, nil):
            facts.voided = true   // the receipt voided voids the report (误登记): its row is emptied
        case let (.received, .received(received)?):
            facts.channel = received.channel
        case let (.verified, .verified(_, substantiated, _)?):
            facts.substantiated = substantiated
        case let (.caseClosed(_, was, _), .caseClosed(_, now, _)?):
            let (less, lessOverflow) = facts.penaltyFen.subtractingReportingOverflow(was)
            let (more, moreOverflow) = less.addingReportingOverflow(now)
            guard !lessOverflow, !moreOverflow else {
                throw SetAside("report \(id): correcting a penalty of \(was) fen would take its total out of Int64's range")
            }
            facts.penaltyFen = more
        case let (.rewardPaid(_, was), replacement):
            let now: Int64 = if case .rewardPaid(_, let amount)? = replacement { amount } else { 0 }
            let (less, lessOverflow) = facts.rewardFen.subtractingReportingOverflow(was)
            let (more, moreOverflow) = less.addingReportingOverflow(now)
            guard !lessOverflow, !moreOverflow else {
                throw SetAside("report \(id): correcting a reward of \(was) fen would take its total out of Int64's range")
            }
            facts.rewardFen = more
        default:
            return   // an allegation, findings, a reference or a decision: nothing the statistics count
        }
        reports.modify(slot) { $0 = facts; return true }
    }

    static func reportKey(_ day: CivilDate, _ id: String) -> [UInt8] { RowKey(table: reportTable).adding(day).adding(id).bytes }

    /// The facts with their texts shared with every other complaint's (`TextPool`).
    private mutating func shared(_ facts: ComplaintFacts) -> ComplaintFacts {
        var facts = facts
        facts.region = texts.intern(facts.region)
        facts.merchantRegion = texts.intern(facts.merchantRegion)
        facts.merchant = texts.intern(facts.merchant)
        facts.merchantName = texts.intern(facts.merchantName)
        return facts
    }

    /// The totals slot a complaint counts in, made when first needed. Restoring, the stored total follows.
    private mutating func totalsSlot(for facts: ComplaintFacts, restoring: Bool) -> Int {
        let month = facts.receivedOn.firstOfMonth
        let name = Self.totalsName(month, facts.region, facts.category.rawValue, facts.channel.rawValue)
        if let slot = totals.slot(of: name) { return slot }
        let slot = restoring ? totals.restore(name, Indicators()) : totals.set(name, Indicators())
        totalsRowKeys.append(RowKey(table: Self.totalsTable).adding(month).adding(facts.region)
            .adding(choice: facts.category).adding(choice: facts.channel).bytes)
        return slot
    }

    /// Counts a complaint in (`by` 1) or out of (-1) its merchant's ranking and index rows.
    private mutating func rank(_ facts: ComplaintFacts, by change: Int) {
        let merchant = facts.merchant
        rankingChanges.append(Row(key: MerchantRanking.indexKey(merchant, facts.receivedOn, facts.id), value: change > 0 ? Array(merchant.utf8) : []))
        for period in MerchantRanking.periods(facts.receivedOn) {
            let before = received[period]?[merchant] ?? 0
            let after = before + change
            if before > 0 { rankingChanges.append(Row(key: MerchantRanking.rankKey(period, received: before, merchant), value: [])) }
            if after > 0 { rankingChanges.append(Row(key: MerchantRanking.rankKey(period, received: after, merchant), value: Array(merchant.utf8))) }
            received[period, default: [:]][merchant] = after > 0 ? after : nil
        }
    }

    private static func totalsName(_ month: CivilDate, _ region: String, _ category: UInt64, _ channel: UInt64) -> String {
        "\(month) \(region) \(category) \(channel)"
    }

    private mutating func setTotalsSlot(_ complaint: Int, _ slot: Int) {
        while totalsSlot.count <= complaint { totalsSlot.append(0) }
        totalsSlot[complaint] = slot
    }

    /// Notes what a later event of a complaint changes in its facts; false when it changes nothing counted.
    private static func record(_ event: ComplaintEvent, in facts: inout ComplaintFacts) -> Bool {
        switch event {
        case .received, .assigned, .revisited, .clockSuspended, .corrected, .partiesNotified: return false
        case .mediationStarted(let started):
            facts.track = started.mode
        case let .clockResumed(_, limit, due):
            // A suspension moves the limit's last day: on time is judged against the day it now has.
            switch limit {
            case .acceptance: facts.acceptanceDue = due.date
            case .mediation: facts.mediationDue = due.date
            }
        case .accepted(let accepted):
            facts.decidedOn = accepted.acceptedOn
            facts.accepted = true
            facts.mediationDue = accepted.mediationDue.date
        case .notAccepted(let refused):
            facts.decidedOn = refused.decidedOn
        case .mediationEnded(let ended):
            if ended.outcome == .agreement { facts.mediationAgreement = true }
        case .compensated(let paid):
            facts.recoveredFen += paid.amountFen
            facts.recoveredByKind[paid.kind] += paid.amountFen   // checked in apply
            if paid.returnStore != nil, facts.crossStorePayments < .max { facts.crossStorePayments += 1 }
        case .closed(let closed):
            facts.closedOn = closed.closedOn
        case .feedbackGiven:
            facts.feedbackGiven = true
        case .satisfactionRated(_, let satisfied):
            facts.satisfaction = satisfied
        }
        return true
    }

    public mutating func takeChanges() -> [Row] {
        // Taken after every event of a rebuild: one array, and no intermediate ones.
        var rows = rankingChanges
        rankingChanges.removeAll(keepingCapacity: true)
        for slot in complaints.changedSlots {
            let facts = complaints.values[slot]
            rows.append(Row(key: Self.key(facts.receivedOn, facts.id), value: facts.voided ? [] : facts.encoded()))
        }
        for slot in totals.changedSlots { rows.append(Row(key: totalsRowKeys[slot], value: totals.values[slot].encoded())) }
        for slot in reports.changedSlots {
            let facts = reports.values[slot]
            rows.append(Row(key: Self.reportKey(facts.receivedOn, facts.id), value: facts.voided ? [] : facts.encoded()))
        }
        complaints.forgetChanged()
        totals.forgetChanged()
        reports.forgetChanged()
        return rows
    }

    static func key(_ day: CivilDate, _ id: String) -> [UInt8] { RowKey(table: table).adding(day).adding(id).bytes }
}
