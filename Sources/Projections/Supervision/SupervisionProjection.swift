import Domain

/// The statutory clocks of complaints and reports (docs/SUPERVISION.md): which limit runs on each case, when it
/// falls due, and when the act it waits for came, so that any business day's cases past their limits, or due
/// soon, are a range of rows away.
///
/// Rows: 1 due day, case kind, case id, limit → `CaseClock` (every clock ever started); 2 the same key → the
/// clock while it runs or once it stopped late, empty once it stopped in time (the clocks that can be past
/// their limit on some day); 3 year → the working calendar's notice for that year, as the policy stream
/// recorded it (a query counts working days with it); 4 case kind, case id → the key of the stretch a suspension
/// stopped, empty once resumed (what a resumption continues); 5 case kind, case id → the day its receipt was
/// voided (误登记): its clocks are kept as they ran, and no list shows them.
public struct SupervisionProjection: Projection {
    public static let name = "supervision"
    /// 2: the notices to the parties (D3) and to a real-name reporter (D7), and a filed case's decision (D8).
    /// 3: a clock's kind and limit in one byte each of its keys, and each row's latest version stored once, as its
    /// live row. 4: a complaint or a report whose receipt is voided leaves every list.
    public static let version = 4
    public static let streamPrefixes = [StreamCategory.complaint.prefix, StreamCategory.report.prefix, PolicyEvent.stream]

    static let clockTable: UInt8 = 1
    static let lateTable: UInt8 = 2
    static let calendarTable: UInt8 = 3
    static let suspendedTable: UInt8 = 4
    static let voidedTable: UInt8 = 5

    /// The clock that runs on each case, by "kind id"; a case runs one statutory limit at a time.
    private var running: [String: CaseClock] = [:]
    /// The clock that runs beside the main one, by "kind id": a mediation track's own (ODR), or a notice due.
    private var tracks: [String: CaseClock] = [:]
    /// The stretch each suspended case stopped, by "kind id".
    private var suspended: [String: CaseClock] = [:]
    /// Rows written since the changes were last taken, in order.
    private var changes: [Row] = []

    public init() {}

    public init(rows: some RowReader) throws(RowError) {
        do {
            try rows.scan(prefix: [Self.lateTable]) { key, value in
                guard !value.isEmpty else { return true }
                let clock = try CaseClock(key: key, decoding: value)
                if clock.stoppedOn == nil {
                    if clock.limit.runsBeside { tracks[Self.caseName(clock.kind, clock.id)] = clock } else { running[Self.caseName(clock.kind, clock.id)] = clock }
                }
                return true
            }
            try rows.scan(prefix: [Self.suspendedTable]) { _, clockKey in
                guard !clockKey.isEmpty else { return true }
                guard let stored = try rows.value(for: clockKey) else { throw RowError("supervision: a suspended clock has no row") }
                let clock = try CaseClock(key: clockKey, decoding: stored)
                suspended[Self.caseName(clock.kind, clock.id)] = clock
                return true
            }
            // A case voided takes nothing more: none of its clocks is kept to stop or resume.
            try rows.scan(prefix: [Self.voidedTable]) { key, _ in
                var reader = RowKeyReader(key)
                guard let kind = try reader.choice(CaseClock.Kind.self) else { throw RowError("supervision: a voided case's kind is unknown") }
                let name = Self.caseName(kind, try reader.text())
                (running[name], tracks[name], suspended[name]) = (nil, nil, nil)
                return true
            }
        } catch let error as RowError {
            throw error
        } catch {
            throw RowError("supervision: \(error)")
        }
    }

    public mutating func apply(_ event: ProjectionEvent) throws(SetAside) {
        switch event.fact {
        case let .complaint(id, complaintEvent):
            apply(complaintEvent, id)
        case let .report(id, reportEvent):
            switch reportEvent {
            case .received(let received):
                start(CaseClock(kind: .report, id: id, limit: .reportVerification, region: received.receivedRegion.description,
                                regime: received.regime, merchantName: received.merchantName, startedOn: received.receivedOn,
                                due: received.verificationDue))
            case let .caseDecided(on, _, _, noticeDue, decisionDue):
                guard let verification = running[Self.caseName(.report, id)] else { return }
                stop(.report, id, on: on)
                if let decisionDue { start(verification.next(.penaltyDecision, on: on, due: decisionDue)) }
                if let noticeDue { startTrack(verification.next(.reporterNotice, on: on, due: noticeDue)) }
            case .caseClosed(let on, _, _):
                stop(.report, id, on: on)
            case .reporterNotified(let on):
                stopTrack(.report, id, on: on)
            case let .caseExtended(_, due, _, _):
                extend(.report, id, to: due)
            case .verificationSuspended(let on, _, _):
                suspend(.report, id, on: on)
            case let .verificationResumed(on, due):
                resume(.report, id, on: on, due: due)
            case .verified, .rewardPaid:
                return
            case .corrected(let correction) where correction.voidsCase:
                voidCase(.report, id, on: correction.on)
            case .corrected:
                return   // a report's correction amends no day, and neither files nor voids a case (`ReportAmendment`)
            }
        case .policy(.calendarPublished(let year)):
            let notice = PolicyEvent.calendarPublished(year)
            changes.append(Row(key: RowKey(table: Self.calendarTable).adding(UInt64(clamping: max(0, year.year))).bytes, value: notice.encoded()))
        default:
            return
        }
    }

    private mutating func apply(_ event: ComplaintEvent, _ id: String) {
        switch event {
        case .received(let received):
            start(CaseClock(kind: .complaint, id: id, limit: .acceptance, region: received.receivedRegion.description, regime: received.regime,
                            merchantName: received.merchantName, startedOn: received.receivedOn, due: received.acceptanceDue))
        case .accepted(let accepted):
            guard let acceptance = running[Self.caseName(.complaint, id)] else { return }
            stop(.complaint, id, on: accepted.acceptedOn)
            start(CaseClock(kind: .complaint, id: id, limit: .mediation, region: acceptance.region, regime: acceptance.regime,
                            merchantName: acceptance.merchantName, startedOn: accepted.acceptedOn, due: accepted.mediationDue))
        case .notAccepted(let refused):
            stop(.complaint, id, on: refused.decidedOn)
        case .mediationStarted(let started):
            guard let due = started.trackDue, let mediation = running[Self.caseName(.complaint, id)] else { return }
            startTrack(mediation.next(.odrNegotiation, on: started.startedOn, due: due))
        case .mediationEnded(let ended):
            let mediation = running[Self.caseName(.complaint, id)]
            stopTrack(.complaint, id, on: ended.endedOn)
            stop(.complaint, id, on: ended.endedOn)
            if let due = ended.noticeDue, let mediation { startTrack(mediation.next(.partiesNotice, on: ended.endedOn, due: due)) }
        case .partiesNotified(let on):
            stopTrack(.complaint, id, on: on)
        case .closed(let closed):
            // Closing ends an ODR track with the case, but not the duty to tell the parties.
            if tracks[Self.caseName(.complaint, id)]?.limit == .odrNegotiation { stopTrack(.complaint, id, on: closed.closedOn) }
            stop(.complaint, id, on: closed.closedOn)
        case let .clockSuspended(on, _, _, _):
            suspend(.complaint, id, on: on)
        case let .clockResumed(on, _, due):
            resume(.complaint, id, on: on, due: due)
        case .compensated, .assigned, .feedbackGiven, .satisfactionRated, .revisited:
            return
        case .corrected(let correction) where correction.voidsCase:
            voidCase(.complaint, id, on: correction.on)
        case .corrected(let correction):
            // A correction changes no day and voids no stage (`ComplaintAmendment`). Only an outcome amended into
            // agreement moves a clock: the notice to the parties (D3) is owed no more. (Amended out of agreement, the
            // notice is owed, and recorded as any is, but the model keeps no case's region once its clocks stopped,
            // so it lists none: docs/SUPERVISION.md.)
            guard case .mediationEnded(let was) = correction.original, case .mediationEnded(let now)? = correction.replacement,
                  was.noticeDue != nil, now.noticeDue == nil else { return }
            let name = Self.caseName(.complaint, id)
            guard let notice = tracks[name], notice.limit == .partiesNotice else { return }
            tracks[name] = nil
            changes.append(Row(key: notice.key(Self.clockTable), value: []))
            changes.append(Row(key: notice.key(Self.lateTable), value: []))
        }
    }

    /// A case whose receipt was voided (误登记) was never received. Its clocks stay as they ran, so that a list as of
    /// an earlier position shows what it showed then; from here on no list shows them, and none is kept to stop.
    private mutating func voidCase(_ kind: CaseClock.Kind, _ id: String, on day: CivilDate) {
        let name = Self.caseName(kind, id)
        running[name] = nil
        tracks[name] = nil
        if suspended.removeValue(forKey: name) != nil {
            changes.append(Row(key: RowKey(table: Self.suspendedTable).adding(choice: kind).adding(id).bytes, value: []))
        }
        var writer = PayloadWriter()
        writer.write(1, day)
        changes.append(Row(key: Self.voidedKey(kind, id), value: writer.bytes))
    }

    /// Stops the running stretch on `day`, keeping it to resume.
    private mutating func suspend(_ kind: CaseClock.Kind, _ id: String, on day: CivilDate) {
        let name = Self.caseName(kind, id)
        guard var clock = running.removeValue(forKey: name) else { return }
        clock.suspended = true
        clock.stoppedOn = day
        write(clock)
        suspended[name] = clock
        changes.append(Row(key: RowKey(table: Self.suspendedTable).adding(choice: kind).adding(id).bytes, value: clock.key(Self.clockTable)))
    }

    /// Starts the next stretch of a suspended limit on `day`, with the last day it now has.
    private mutating func resume(_ kind: CaseClock.Kind, _ id: String, on day: CivilDate, due: Deadline) {
        guard let stopped = suspended.removeValue(forKey: Self.caseName(kind, id)) else { return }
        changes.append(Row(key: RowKey(table: Self.suspendedTable).adding(choice: kind).adding(id).bytes, value: []))
        start(CaseClock(kind: kind, id: id, limit: stopped.limit, region: stopped.region, regime: stopped.regime,
                        merchantName: stopped.merchantName, startedOn: day, due: due))
    }

    /// Starts a case's clock. A case received a second time (an import may carry a receipt twice) starts afresh:
    /// the clock it ran is voided, its rows emptied.
    private mutating func start(_ clock: CaseClock) {
        let name = Self.caseName(clock.kind, clock.id)
        if suspended.removeValue(forKey: name) != nil {
            changes.append(Row(key: RowKey(table: Self.suspendedTable).adding(choice: clock.kind).adding(clock.id).bytes, value: []))
        }
        if let voided = running[name] {
            changes.append(Row(key: voided.key(Self.clockTable), value: []))
            changes.append(Row(key: voided.key(Self.lateTable), value: []))
        }
        running[name] = clock
        write(clock)
    }

    /// Starts a clock beside the case's main one. One that ran there before is voided: only a log from
    /// elsewhere starts two.
    private mutating func startTrack(_ clock: CaseClock) {
        let name = Self.caseName(clock.kind, clock.id)
        if let voided = tracks[name] {
            changes.append(Row(key: voided.key(Self.clockTable), value: []))
            changes.append(Row(key: voided.key(Self.lateTable), value: []))
        }
        tracks[name] = clock
        write(clock)
    }

    /// Moves the last day of the case's running clock (an extension): its rows under the old day are emptied.
    private mutating func extend(_ kind: CaseClock.Kind, _ id: String, to due: Deadline) {
        let name = Self.caseName(kind, id)
        guard var clock = running[name], clock.limit == .penaltyDecision, clock.due != due else { return }
        changes.append(Row(key: clock.key(Self.clockTable), value: []))
        changes.append(Row(key: clock.key(Self.lateTable), value: []))
        clock.due = due
        running[name] = clock
        write(clock)
    }

    /// Stops the case's track clock on `day`, if one runs.
    private mutating func stopTrack(_ kind: CaseClock.Kind, _ id: String, on day: CivilDate) {
        guard var clock = tracks.removeValue(forKey: Self.caseName(kind, id)) else { return }
        clock.stoppedOn = day
        write(clock)
    }

    /// Stops the case's running clock on `day`, if one runs.
    private mutating func stop(_ kind: CaseClock.Kind, _ id: String, on day: CivilDate) {
        guard var clock = running.removeValue(forKey: Self.caseName(kind, id)) else { return }
        clock.stoppedOn = day
        write(clock)
    }

    /// A clock's rows as it now stands: among all clocks, and among the late or open ones (empty once it stopped
    /// in time).
    private mutating func write(_ clock: CaseClock) {
        changes.append(Row(key: clock.key(Self.clockTable), value: clock.encoded()))
        changes.append(Row(key: clock.key(Self.lateTable), value: clock.isLateOrOpen ? clock.encoded() : []))
    }

    private static func caseName(_ kind: CaseClock.Kind, _ id: String) -> String { "\(kind.rawValue) \(id)" }

    static func voidedKey(_ kind: CaseClock.Kind, _ id: String) -> [UInt8] { RowKey(table: voidedTable).adding(choice: kind).adding(id).bytes }

    public mutating func takeChanges() -> [Row] {
        defer { changes = [] }
        return changes
    }
}
