import Domain
import Foundation
public import JSONText
public import Ledger

/// Writes a recorded event's `data` (the domain event decoded, closed-list values by name, dates as YYYY-MM-DD,
/// sealed personal data shown as sealed, never its box) straight into JSON, type by type, in sorted key order.
/// No reflection: a test holds it to what a reflective rendering of every event type gives.
public enum EventDataWriter {
    /// The decoded event as a JSON value; nil for a type no aggregate knows.
    public static func json(for event: RecordedEvent) -> JSONValue? {
        var writer = JSONWriter(reservingCapacity: 256)
        guard write(type: event.type, schemaVersion: event.schemaVersion, payload: event.payload, to: &writer) else { return nil }
        // What this writer wrote, it reads back.
        return try? JSONReader.value(writer.bytes)
    }

    /// Writes the decoded event and returns true; false, writing nothing, for a type no aggregate knows or a
    /// payload that cannot be decoded.
    public static func write(type: String, schemaVersion: UInt16, payload: [UInt8], to writer: inout JSONWriter) -> Bool {
        do {
            if let event = try ComplaintEvent.decode(type: type, schemaVersion: schemaVersion, payload) {
                write(event, &writer)
            } else if let event = try MerchantEvent.decode(type: type, schemaVersion: schemaVersion, payload) {
                write(event, &writer)
            } else if let event = try ReportEvent.decode(type: type, schemaVersion: schemaVersion, payload) {
                write(event, &writer)
            } else if let event = try CreditEvent.decode(type: type, schemaVersion: schemaVersion, payload) {
                write(event, &writer)
            } else if let event = try PolicyEvent.decode(type: type, schemaVersion: schemaVersion, payload) {
                write(event, &writer)
            } else if let event = try ClockEvent.decode(type: type, schemaVersion: schemaVersion, payload) {
                switch event { case .dayClosed(let day): writer.day(day) }
            } else if let event = try PrivacyEvent.decode(type: type, schemaVersion: schemaVersion, payload) {
                write(event, &writer)
            } else {
                return false
            }
            return true
        } catch {
            return false
        }
    }

    static func write(_ event: ComplaintEvent, _ w: inout JSONWriter) {
        switch event {
        case .received(let r):
            w.open()
            w.key("acceptanceDue", first: true); w.deadline(r.acceptanceDue)
            w.key("amountInDisputeFen"); w.write(r.amountInDisputeFen)
            w.key("category"); w.name(r.category)
            w.key("channel"); w.write(r.channel.name)
            w.key("consumer"); w.write(r.consumer)
            w.key("consumerName"); w.sealed(r.consumerName)
            w.key("consumerPhone"); w.sealed(r.consumerPhone)
            w.key("intake"); w.text(r.intake)
            w.key("merchant"); w.text(r.merchant?.description)
            w.key("merchantName"); w.write(r.merchantName)
            w.key("merchantRegion"); w.write(r.merchantRegion.description)
            w.key("receivedOn"); w.day(r.receivedOn)
            w.key("receivedRegion"); w.write(r.receivedRegion.description)
            w.key("regime"); w.regime(r.regime)
            w.key("subcategory"); w.write(r.subcategory)
            w.close()
        case .accepted(let a):
            w.open()
            w.key("acceptedOn", first: true); w.day(a.acceptedOn)
            w.key("mediationDue"); w.deadline(a.mediationDue)
            w.close()
        case .notAccepted(let n):
            w.open()
            w.key("decidedOn", first: true); w.day(n.decidedOn)
            w.key("ground"); w.name(n.ground)
            w.key("note"); w.text(n.note)
            w.close()
        case .mediationStarted(let m):
            w.open()
            w.key("mode", first: true); w.name(m.mode)
            w.key("startedOn"); w.day(m.startedOn)
            w.key("trackDue"); if let due = m.trackDue { w.deadline(due) } else { w.writeNull() }
            w.close()
        case .mediationEnded(let m):
            w.open()
            w.key("endedOn", first: true); w.day(m.endedOn)
            w.key("noticeDue"); if let due = m.noticeDue { w.deadline(due) } else { w.writeNull() }
            w.key("outcome"); w.name(m.outcome)
            w.key("reason"); w.text(m.reason)
            w.close()
        case .compensated(let c):
            w.open()
            w.key("amountFen", first: true); w.write(c.amountFen)
            w.key("basis"); if let basis = c.basis { w.name(basis) } else { w.writeNull() }
            w.key("kind"); w.name(c.kind)
            w.key("lossFen"); w.number(c.lossFen)
            w.key("paidOn"); w.day(c.paidOn)
            w.key("payer"); w.name(c.payer)
            w.key("purchasedOn"); w.day(c.purchasedOn)
            w.key("returnStore"); w.text(c.returnStore)
            w.close()
        case .closed(let c):
            w.open()
            w.key("closedOn", first: true); w.day(c.closedOn)
            w.close()
        case let .assigned(on, unit, transferred):
            w.open()
            w.key("on", first: true); w.day(on)
            w.key("transferred"); w.write(transferred)
            w.key("unit"); w.write(unit)
            w.close()
        case .feedbackGiven(let on):
            w.open()
            w.key("on", first: true); w.day(on)
            w.close()
        case let .satisfactionRated(on, satisfied):
            w.open()
            w.key("on", first: true); w.day(on)
            w.key("satisfied"); w.write(satisfied)
            w.close()
        case let .revisited(on, note):
            w.open()
            w.key("note", first: true); w.text(note)
            w.key("on"); w.day(on)
            w.close()
        case let .clockSuspended(on, limit, reason, note):
            w.open()
            w.key("limit", first: true); w.name(limit)
            w.key("note"); w.text(note)
            w.key("on"); w.day(on)
            w.key("reason"); w.name(reason)
            w.close()
        case let .clockResumed(on, limit, due):
            w.open()
            w.key("due", first: true); w.deadline(due)
            w.key("limit"); w.name(limit)
            w.key("on"); w.day(on)
            w.close()
        case .partiesNotified(let on):
            w.open()
            w.key("on", first: true); w.day(on)
            w.close()
        case .corrected(let c):
            w.open()
            correction(c, type: c.original.type, &w, event: write)
            w.close()
        }
    }

    /// A correction's members, whichever aggregate's: the event it corrects, as it stood and as it now
    /// stands, each written as its aggregate writes an event.
    private static func correction<Event>(_ c: Correction<Event>, type: String, _ w: inout JSONWriter, event write: (Event, inout JSONWriter) -> Void) {
        w.key("corrects", first: true); w.write(c.corrects)
        w.key("on"); w.day(c.on)
        w.key("original"); write(c.original, &w)
        w.key("reason"); w.write(c.reason)
        w.key("replacement"); if let replacement = c.replacement { write(replacement, &w) } else { w.writeNull() }
        w.key("type"); w.write(type)
        // The positions that fell with an event opening its stream (a complaint's receipt).
        w.key("voidedWith"); w.openArray()
        for (index, position) in c.voidedWith.enumerated() {
            w.element(first: index == 0)
            w.write(position)
        }
        w.closeArray()
    }

    static func write(_ event: PrivacyEvent, _ w: inout JSONWriter) {
        w.open()
        switch event {
        case let .erased(subject, on, reason):
            w.key("on", first: true); w.day(on)
            w.key("reason"); w.write(reason)
            w.key("subject"); w.write(subject)
        case let .revealed(stream, subject, on, reason):
            w.key("on", first: true); w.day(on)
            w.key("reason"); w.write(reason)
            w.key("stream"); w.write(stream)
            w.key("subject"); w.write(subject)
        }
        w.close()
    }

    static func write(_ event: MerchantEvent, _ w: inout JSONWriter) {
        w.open()
        switch event {
        case let .applied(on, code, name, region, industry, address, route):
            w.key("address", first: true); w.write(address)
            w.key("code"); w.write(code.description)
            w.key("industry"); w.write(industry)
            w.key("name"); w.write(name)
            w.key("on"); w.day(on)
            w.key("region"); w.write(region.description)
            w.key("route"); w.name(route)
        case let .preReviewed(on, passed, reasons), let .regulatorReviewed(on, passed, reasons):
            w.key("on", first: true); w.day(on)
            w.key("passed"); w.write(passed)
            w.key("reasons"); w.strings(reasons)
        case let .pledged(on, pledge):
            w.key("on", first: true); w.day(on)
            w.key("pledge"); w.open()
            w.key("brand", first: true); w.text(pledge.brand)
            w.key("coverage"); w.strings(pledge.coverage)
            w.key("exclusions"); w.strings(pledge.exclusions)
            w.key("fundFen"); w.number(pledge.fundFen)
            w.key("kind"); w.name(pledge.kind)
            w.key("windowDays"); w.number(pledge.windowDays.map(Int64.init))
            w.close()
        case let .pledgeWithdrawn(on, kind):
            w.key("kind", first: true); w.name(kind)
            w.key("on"); w.day(on)
        case let .evaluated(on, score, stars, rank):
            w.key("on", first: true); w.day(on)
            w.key("rank"); if let rank { w.name(rank) } else { w.writeNull() }
            w.key("score"); w.write(Int64(score))
            w.key("stars"); w.write(Int64(stars))
        case let .inspected(on, method, passed, findings):
            w.key("findings", first: true); w.text(findings)
            w.key("method"); w.name(method)
            w.key("on"); w.day(on)
            w.key("passed"); w.write(passed)
        case let .violationRecorded(on, kind, description, penaltyFen):
            w.key("description", first: true); w.write(description)
            w.key("kind"); w.name(kind)
            w.key("on"); w.day(on)
            w.key("penaltyFen"); w.number(penaltyFen)
        case let .abnormalListChanged(on, listed, reason):
            w.key("listed", first: true); w.write(listed)
            w.key("on"); w.day(on)
            w.key("reason"); w.write(reason)
        case let .pledgeBreached(on, kind, description, complaint):
            w.key("complaint", first: true); w.text(complaint)
            w.key("description"); w.write(description)
            w.key("kind"); w.name(kind)
            w.key("on"); w.day(on)
        case let .rectified(on, description):
            w.key("description", first: true); w.write(description)
            w.key("on"); w.day(on)
        case let .delisted(on, reason):
            w.key("on", first: true); w.day(on)
            w.key("reason"); w.write(reason)
        case .corrected(let c):
            correction(c, type: c.original.type, &w, event: write)
        }
        w.close()
    }

    static func write(_ event: ReportEvent, _ w: inout JSONWriter) {
        w.open()
        switch event {
        case .received(let r):
            w.key("allegation", first: true); w.write(r.allegation)
            w.key("channel"); w.write(r.channel.name)
            w.key("intake"); w.text(r.intake)
            w.key("merchant"); w.text(r.merchant?.description)
            w.key("merchantName"); w.write(r.merchantName)
            w.key("receivedOn"); w.day(r.receivedOn)
            w.key("receivedRegion"); w.write(r.receivedRegion.description)
            w.key("regime"); w.regime(r.regime)
            w.key("reporter"); w.write(r.reporter)
            w.key("reporterName"); w.sealed(r.reporterName)
            w.key("reporterPhone"); w.sealed(r.reporterPhone)
            w.key("verificationDue"); w.deadline(r.verificationDue)
        case let .verificationSuspended(on, reason, note):
            w.key("note", first: true); w.text(note)
            w.key("on"); w.day(on)
            w.key("reason"); w.name(reason)
        case let .verificationResumed(on, due):
            w.key("due", first: true); w.deadline(due)
            w.key("on"); w.day(on)
        case let .verified(on, substantiated, findings):
            w.key("findings", first: true); w.write(findings)
            w.key("on"); w.day(on)
            w.key("substantiated"); w.write(substantiated)
        case let .caseDecided(on, filed, reference, noticeDue, decisionDue):
            w.key("decisionDue", first: true); if let due = decisionDue { w.deadline(due) } else { w.writeNull() }
            w.key("filed"); w.write(filed)
            w.key("on"); w.day(on)
            w.key("reference"); w.write(reference)
            w.key("reporterNoticeDue"); if let due = noticeDue { w.deadline(due) } else { w.writeNull() }
        case let .caseClosed(on, penaltyFen, decision):
            w.key("decision", first: true); w.write(decision)
            w.key("on"); w.day(on)
            w.key("penaltyFen"); w.write(penaltyFen)
        case let .rewardPaid(on, amountFen):
            w.key("amountFen", first: true); w.write(amountFen)
            w.key("on"); w.day(on)
        case .reporterNotified(let on):
            w.key("on", first: true); w.day(on)
        case let .caseExtended(on, due, approval, collective):
            w.key("approval", first: true); w.write(approval)
            w.key("collective"); w.write(collective)
            w.key("due"); w.deadline(due)
            w.key("on"); w.day(on)
        case .corrected(let c):
            correction(c, type: c.original.type, &w, event: write)
        }
        w.close()
    }

    static func write(_ event: CreditEvent, _ w: inout JSONWriter) {
        w.open()
        switch event {
        case .granted(let g):
            w.key("amountFen", first: true); w.write(g.amountFen)
            w.key("bank"); w.write(g.bank)
            w.key("grantedOn"); w.day(g.grantedOn)
            w.key("merchant"); w.write(g.merchant.description)
            w.key("product"); w.write(g.product)
            w.key("termMonths"); w.write(Int64(g.termMonths))
        case let .revoked(on, bank, product, reason):
            w.key("bank", first: true); w.write(bank)
            w.key("on"); w.day(on)
            w.key("product"); w.write(product)
            w.key("reason"); w.write(reason)
        case let .expired(on, bank, product):
            w.key("bank", first: true); w.write(bank)
            w.key("on"); w.day(on)
            w.key("product"); w.write(product)
        case let .cardAcquiringOpened(on, bank, subsidy):
            w.key("bank", first: true); w.write(bank)
            w.key("feeSubsidyFen"); w.write(subsidy)
            w.key("on"); w.day(on)
        case .corrected(let c):
            correction(c, type: c.original.type, &w, event: write)
        }
        w.close()
    }

    static func write(_ event: PolicyEvent, _ w: inout JSONWriter) {
        w.open()
        switch event {
        case .calendarPublished(let year):
            w.key("holidays", first: true); w.openArray()
            for (index, holiday) in year.holidays.enumerated() {
                w.element(first: index == 0)
                w.open()
                w.key("from", first: true); w.day(holiday.from)
                w.key("name"); w.write(holiday.name)
                w.key("to"); w.day(holiday.to)
                w.close()
            }
            w.closeArray()
            w.key("source"); w.write(year.source)
            w.key("workdays"); w.openArray()
            for (index, day) in year.workdays.enumerated() {
                w.element(first: index == 0)
                w.day(day)
            }
            w.closeArray()
            w.key("year"); w.write(Int64(year.year))
        case .deadlinesAdopted(let policy):
            w.key("compensationCapMultiple", first: true); w.write(policy.compensationCapMultiple)
            w.key("limits"); w.open()
            // Keyed by the regime's case name, sorted as text: order121 before order20.
            for (index, regime) in policy.limits.keys.sorted(by: { regimeName($0) < regimeName($1) }).enumerated() {
                let limits = policy.limits[regime]!
                w.member(regimeName(regime), first: index == 0)
                w.open()
                w.key("acceptanceWorkingDays", first: true); w.write(Int64(limits.acceptanceWorkingDays))
                w.key("mediationWorkingDays"); w.write(Int64(limits.mediationWorkingDays))
                w.key("odrWorkingDays"); w.number(limits.odrWorkingDays.map(Int64.init))
                w.key("penaltyDecisionCalendarDays"); w.number(limits.penaltyDecisionCalendarDays.map(Int64.init))
                w.key("penaltyExtensionCalendarDays"); w.number(limits.penaltyExtensionCalendarDays.map(Int64.init))
                w.key("reportVerificationWorkingDays"); w.write(Int64(limits.reportVerificationWorkingDays))
                w.key("reporterNoticeWorkingDays"); w.number(limits.reporterNoticeWorkingDays.map(Int64.init))
                w.key("terminationNoticeWorkingDays"); w.number(limits.terminationNoticeWorkingDays.map(Int64.init))
                w.close()
            }
            w.close()
            w.key("order121From"); w.day(policy.order121From)
            w.key("overrides"); w.openArray()
            for (index, override) in policy.overrides.enumerated() {
                w.element(first: index == 0)
                w.open()
                w.key("acceptanceWorkingDays", first: true); w.number(override.acceptanceWorkingDays.map(Int64.init))
                w.key("from"); w.day(override.from)
                w.key("mediationWorkingDays"); w.number(override.mediationWorkingDays.map(Int64.init))
                w.key("note"); w.write(override.note)
                w.key("regions"); w.strings(override.regions.map(\.description))
                w.key("reportVerificationWorkingDays"); w.number(override.reportVerificationWorkingDays.map(Int64.init))
                w.key("to"); w.day(override.to)
                w.close()
            }
            w.closeArray()
        case .tierPolicyAdopted(let policy):
            w.key("complaintWarningThreshold", first: true); w.write(Int64(policy.complaintWarningThreshold))
            w.key("complaintWindowDays"); w.write(Int64(policy.complaintWindowDays))
            w.key("recoveryDaysAfterRectification"); w.write(Int64(policy.recoveryDaysAfterRectification))
            w.key("starLibraryMinimumStars"); w.write(Int64(policy.starLibraryMinimumStars))
            w.key("version"); w.write(policy.version)
            w.key("warnOnAbnormalList"); w.write(policy.warnOnAbnormalList)
            w.key("warnOnPledgeBreach"); w.write(policy.warnOnPledgeBreach)
            w.key("warnOnViolation"); w.write(policy.warnOnViolation)
        }
        w.close()
    }

    static func regimeName(_ regime: ComplaintRegime) -> String {
        switch regime {
        case .order20: return "order20"
        case .order121: return "order121"
        }
    }
}

private extension JSONWriter {
    mutating func key(_ name: StaticString, first: Bool = false) { member(literal: name, first: first) }

    mutating func day(_ day: CivilDate) { EventJSON.day(day, &self) }
    mutating func day(_ day: CivilDate?) { if let day { EventJSON.day(day, &self) } else { writeNull() } }

    /// A closed-list value by its import name, from a table made once per type.
    mutating func name<T: ImportName & Hashable>(_ value: T) { write(ImportNames.name(value)) }
    mutating func text(_ text: String?) { if let text { write(text) } else { writeNull() } }
    mutating func number(_ number: Int64?) { if let number { write(number) } else { writeNull() } }

    mutating func strings(_ list: [String]) {
        openArray()
        for (index, item) in list.enumerated() {
            element(first: index == 0)
            write(item)
        }
        closeArray()
    }

    mutating func deadline(_ deadline: Deadline) {
        open()
        member(literal: "date", first: true); EventJSON.day(deadline.date, &self)
        member(literal: "isProvisional"); write(deadline.isProvisional)
        close()
    }

    /// Sealed personal data shows that it is sealed, and whose it is; never its box.
    mutating func sealed(_ sealed: SealedPersonalData?) {
        guard let sealed else { return writeNull() }
        open()
        member(literal: "sealed", first: true); write(true)
        member(literal: "subject"); write(sealed.subject)
        close()
    }

    mutating func regime(_ regime: ComplaintRegime) { write(EventDataWriter.regimeName(regime)) }
}

/// Each closed list's import names by value, made once per type from its `byImportName`: `importName` searches the
/// whole table every time.
enum ImportNames {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var tables: [ObjectIdentifier: Any] = [:]

    static func name<T: ImportName & Hashable>(_ value: T) -> String {
        let table: [T: String] = lock.withLock {
            if let table = tables[ObjectIdentifier(T.self)] as? [T: String] { return table }
            let table = Dictionary(uniqueKeysWithValues: T.byImportName.map { ($0.value, $0.key) })
            tables[ObjectIdentifier(T.self)] = table
            return table
        }
        return table[value] ?? value.importName
    }
}
