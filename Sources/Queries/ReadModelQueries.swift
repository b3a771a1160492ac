public import Domain
public import Ledger
public import Projections
public import ReadModels

/// The questions operators, auditors and the service ask of the read models, each answered as a document as
/// of a position: the CLI prints these documents and the service serves them, so both say the same.
///
/// Live answers read the stored models; a past position reads their history (docs/READMODELS.md), which gives
/// exactly the rows a fold up to that position gives: what the system showed then.
public struct ReadModelQueries: Sendable {
    public let runner: ProjectionRunner
    /// Whether a live answer first brings the models up to the head (a CLI run), or reads them where the
    /// service's follower has left them.
    public var catchesUp: Bool

    public init(runner: ProjectionRunner, catchesUp: Bool) {
        self.runner = runner
        self.catchesUp = catchesUp
    }

    public var ledger: Ledger { runner.ledger }

    /// The position `asOf` names, nil for now. A position beyond the head is refused, whichever question asks.
    public func position(_ asOf: AsOf?) throws(QueryError) -> UInt64? {
        guard let asOf else { return nil }
        let position: UInt64, head: UInt64
        do throws(LedgerError) {
            position = try asOf.position(in: ledger)
            head = try ledger.head().position
        } catch { throw .readModels(.ledger(error)) }
        guard position <= head else { throw .readModels(.beyondHead(position: position, head: head)) }
        return position
    }

    // MARK: - Set aside

    /// The events the read models set aside (docs/FORMAT.md, "Events set aside"), in log order: each with the
    /// models that skipped it and why.
    /// The events the read models set aside, in log order: those after position `after`, at most `limit`. Each
    /// model's rows are read from `after` on, one more than the page: the page's events are among them.
    public func setAside(after: UInt64? = nil, limit: Int = .max, asOf: AsOf? = nil) throws(QueryError) -> SetAsideDocument {
        let names = ProjectionRunner.projectionNames
        let listed: (entries: [SetAsideDocument.Entry], position: UInt64) = try withRows(names, asOf: asOf) { rows, reached in
            var byPosition: [UInt64: SetAsideDocument.Entry] = [:]
            for name in names {
                for (position, reason) in try SetAside.list(rows[name]!, after: after, limit: limit == .max ? .max : limit + 1) where position <= reached {
                    byPosition[position, default: .init(position: position, type: "", stream: "", projections: [], reasons: [])].add(name, reason)
                }
            }
            return (byPosition.values.sorted { $0.position < $1.position }, reached)
        }
        let more = listed.entries.count > limit
        var entries = Array(listed.entries.prefix(limit))
        for index in entries.indices {
            do {
                guard let event = try ledger.read(from: entries[index].position, limit: 1).first else { continue }
                entries[index].type = event.type
                entries[index].stream = event.stream
            } catch { throw .readModels(.ledger(error)) }
        }
        return SetAsideDocument(position: listed.position, events: entries, next: more ? entries.last?.position : nil)
    }

    // MARK: - Tiers

    public func tierCounts(region: RegionCode? = nil, asOf: AsOf? = nil) throws(QueryError) -> TierCountsDocument {
        try withRows(["tiers"], asOf: asOf) { rows, reached in
            let counts = try TierQueries.counts(rows["tiers"]!, region: region)
            return TierCountsDocument(position: reached, counts: Dictionary(uniqueKeysWithValues: counts.map { ($0.tier.name, $0.merchants) }))
        }
    }

    /// The merchants whose prior-compensation deposit has run out, by credit code.
    public func depositAlerts(asOf: AsOf? = nil) throws(QueryError) -> DepositAlertsDocument {
        try withRows(["tiers"], asOf: asOf) { rows, reached in
            DepositAlertsDocument(position: reached, merchants: try TierQueries.depositAlerts(rows["tiers"]!).map(MerchantSummary.init))
        }
    }

    /// One library's merchants within `region`, by credit code: those after the code `after`, at most `limit`.
    public func tierList(_ tier: Tier, region: RegionCode? = nil, after: String? = nil, limit: Int = .max,
                         asOf: AsOf? = nil) throws(QueryError) -> TierListDocument {
        try withRows(["tiers"], asOf: asOf) { rows, reached in
            // One more than the page, to know whether another follows.
            let standings = try TierQueries.members(rows["tiers"]!, tier: tier, region: region, after: after,
                                                    limit: limit == .max ? .max : limit + 1)
            let page = standings.prefix(limit)
            return TierListDocument(position: reached, tier: tier.name, merchants: page.map(MerchantSummary.init),
                                    next: standings.count > limit ? page.last?.code : nil)
        }
    }

    /// One merchant: its standing, history and credit as of the position. A past position is folded afresh,
    /// so that the standing (name, pledges, stars, library) is the one shown then, not today's.
    public func merchant(_ code: String, asOf: AsOf? = nil) throws(QueryError) -> MerchantDocument {
        let found: MerchantDocument? = try withRows(["tiers", "credit"], asOf: asOf) { rows, reached in
            guard let standing = try TierQueries.standing(rows["tiers"]!, merchant: code) else { return nil }
            let history = try TierQueries.history(rows["tiers"]!, merchant: code)
            let credit = try CreditQueries.report(credit: rows["credit"]!, tiers: rows["tiers"]!, merchant: code)
            return MerchantDocument(
                position: reached, merchant: MerchantSummary(standing), tier: standing.tier?.name,
                history: history.map(MerchantDocument.Change.init),
                credit: credit.lines.map { CreditLineDocument($0) })
        }
        guard let found else {
            var position = try position(asOf)
            if position == nil { position = try livePosition(["tiers"]) }
            throw .noSuchMerchant(code, position: position!)
        }
        return found
    }

    // MARK: - Statistics and credit

    public func statistics(_ query: StatisticsQuery, asOf: AsOf? = nil) throws(QueryError) -> StatisticsDocument {
        try withRows(["stats"], asOf: asOf) { rows, reached in
            StatisticsDocument(position: reached, from: query.from?.description, to: query.to?.description,
                               groupBy: query.groupBy.rawValue, groups: try query.run(rows["stats"]!).map(StatisticsGroupDocument.init))
        }
    }

    /// Every credit line (or one merchant's, or one bank's) with totals and alerts; only the alerts when `alertsOnly`.
    public func credit(merchant: String? = nil, bank: String? = nil, alertsOnly: Bool = false, asOf: AsOf? = nil) throws(QueryError) -> CreditDocument {
        try withRows(["credit", "tiers"], asOf: asOf) { rows, reached in
            let report = try CreditQueries.report(credit: rows["credit"]!, tiers: rows["tiers"]!, merchant: merchant, bank: bank)
            let alerts = report.alerts.map(CreditAlertDocument.init)
            if alertsOnly { return CreditDocument(position: reached, lines: nil, byBank: nil, byTier: nil, subsidyFen: nil, alerts: alerts) }
            let totals = { (list: [CreditReport.Total]) in list.map { CreditDocument.Total(key: $0.key, activeLines: $0.activeLines, activeFen: $0.activeFen) } }
            return CreditDocument(position: reached, lines: report.lines.map { CreditLineDocument($0) }, byBank: totals(report.byBank),
                                  byTier: totals(report.byTier), subsidyFen: report.subsidyFen, alerts: alerts)
        }
    }

    // MARK: - Supervision

    /// The cases past a statutory limit on business day `day`, and those due within `dueWithin` working days of
    /// it, received within `region` (docs/SUPERVISION.md).
    public func supervision(on day: CivilDate, dueWithin: Int, region: RegionCode? = nil, asOf: AsOf? = nil) throws(QueryError) -> SupervisionDocument {
        try withRows(["supervision"], asOf: asOf) { rows, reached in
            let model = rows["supervision"]!
            let cases = try SupervisionQueries.list(model, on: day, dueWithin: dueWithin, region: region)
            return SupervisionDocument(
                position: reached, on: day.description, dueWithin: dueWithin,
                windowEnds: try SupervisionQueries.windowEnd(model, day, dueWithin).description, region: region?.description,
                overdue: cases.count { $0.status == .overdue }, dueSoon: cases.count { $0.status == .dueSoon },
                cases: cases.map(SupervisedCaseDocument.init))
        }
    }

    // MARK: - Models

    /// Every read model as it stands: version, position, rows and versions, the store's bytes, and the digests
    /// kept for it. Nothing here walks a model: counts come from the store's roots, digests from where they were
    /// kept (`ProjectionRunner.keepDigests`).
    public func models() throws(QueryError) -> ModelsDocument {
        let names = ProjectionRunner.projectionNames
        if catchesUp { _ = try mapping { try runner.catchUp(names) } }
        return ModelsDocument(models: try names.map { name throws(QueryError) in
            try mapping {
                let entry = try runner.store.entry(name)
                let size = try runner.store.size(name), counts = try runner.store.counts(name)
                let kept = try runner.store.keptDigest(name).map {
                    ModelsDocument.Digests(position: $0.position, digest: $0.digest, historyDigest: $0.historyDigest)
                }
                return ModelsDocument.Model(name: name, version: entry?.version ?? 0, position: entry?.checkpoint ?? 0, rows: counts.rows,
                                            versions: counts.versions, rowBytes: size.rows, historyBytes: size.history, digests: kept)
            }
        })
    }

    /// The canonical export of the model `name` as of the position (docs/READMODELS.md, "Export"): each line, in
    /// key order, to `line`. Returns the position, how many rows, and the digest.
    public func export(_ name: String, asOf: AsOf? = nil, _ line: (String) throws -> Void) throws(QueryError) -> ExportSummary {
        try withRows([name], asOf: asOf) { rows, reached in
            var digest = ModelExport.Digest()
            try ProjectionRunner.export(name, rows[name]!) { text in
                try line(text)
                digest.add(text)
            }
            let version = try runner.store.entry(name)?.version ?? 0
            return ExportSummary(name: name, version: version, position: reached, rows: digest.rows, digest: digest.finalize())
        }
    }

    private func mapping<R>(_ body: () throws -> R) throws(QueryError) -> R {
        do { return try body() } catch let error as QueryError { throw error } catch let error as ReadModelError {
            throw .readModels(error)
        } catch {
            throw .readModels(.storeUnavailable(directory: runner.store.directory, reason: "\(error)"))
        }
    }

    // MARK: - Events and trails

    /// One stream's events after position `after`, up to the position, at most `limit`.
    public func trail(stream: String, after: UInt64 = 0, limit: Int, asOf: AsOf? = nil) throws(QueryError) -> [EventDocument] {
        let through = try position(asOf) ?? .max
        do {
            return try ledger.readStream(stream, afterPosition: after, limit: limit).prefix { $0.position <= through }.map(EventDocument.init)
        } catch { throw .readModels(.ledger(error)) }
    }

    /// The events one actor recorded after position `after`, up to the position, at most `limit`, through the
    /// trail model's index of actors.
    public func trail(actor: String, after: UInt64 = 0, limit: Int, asOf: AsOf? = nil) throws(QueryError) -> [EventDocument] {
        let through = try position(asOf) ?? .max
        let positions = try withRows(["trail"], asOf: nil) { rows, _ in
            try TrailQueries.positions(rows["trail"]!, actor: actor, from: after + 1, through: through, limit: limit)
        }
        var events: [EventDocument] = []
        for position in positions {
            do { events += try ledger.read(from: position, limit: 1).map(EventDocument.init) } catch { throw .readModels(.ledger(error)) }
        }
        return events
    }

    /// The changes of library at positions after `after`, up to `through` and no further than the live tiers
    /// model has come, in log order.
    public func tierChanges(after: UInt64, through: UInt64) throws(QueryError) -> [TierChangeDocument] {
        try withRows(["tiers"], asOf: nil) { rows, live in
            try TierQueries.changes(rows["tiers"]!, after: after, through: min(through, live)).map(TierChangeDocument.init)
        }
    }

    /// Events by global position from `from`, at most `limit`, none beyond the position.
    public func events(from: UInt64 = 1, limit: Int, asOf: AsOf? = nil) throws(QueryError) -> [EventDocument] {
        let through = try position(asOf) ?? .max
        guard from <= through else { return [] }
        do {
            return try ledger.read(from: from, limit: Int(min(UInt64(limit), through - from + 1))).map(EventDocument.init)
        } catch { throw .readModels(.ledger(error)) }
    }

    /// The same events as `events(from:limit:asOf:)`, written as JSON straight from the log.
    public func eventBatch(from: UInt64 = 1, limit: Int, asOf: AsOf? = nil) throws(QueryError) -> EventBatch {
        let through = try position(asOf) ?? .max
        var batch = EventBatch(capacity: min(limit, 1_000))
        guard from <= through, limit > 0 else { return batch }
        do {
            try ledger.scan(from: from) { view in
                guard view.position <= through else { return false }
                batch.append(view)
                return batch.count < limit
            }
        } catch let error as LedgerError {
            throw .readModels(.ledger(error))
        } catch {
            throw .readModels(.ledger(.damaged(position: from, problem: "\(error)")))
        }
        return batch
    }

    /// One stream's events from version `fromVersion`, at most `limit`, none beyond the position.
    public func events(stream: String, fromVersion: UInt64 = 1, limit: Int, asOf: AsOf? = nil) throws(QueryError) -> [EventDocument] {
        let through = try position(asOf) ?? .max
        do {
            return try ledger.readStream(stream, fromVersion: fromVersion, limit: limit).filter { $0.position <= through }.map(EventDocument.init)
        } catch { throw .readModels(.ledger(error)) }
    }

    // MARK: - Rows

    /// The lowest position the named live models have reached (after catching up, when this catches up).
    public func livePosition(_ names: [String] = ProjectionRunner.projectionNames) throws(QueryError) -> UInt64 {
        try withRows(names, asOf: nil) { _, live in live }
    }

    /// Runs `body` with the rows of the named projections as of `asOf` (now when nil), all at one position, and
    /// that position.
    private func withRows<R>(_ names: [String], asOf: AsOf?, _ body: ([String: any RowReader], UInt64) throws -> R) throws(QueryError) -> R {
        let position = try position(asOf)
        do {
            if catchesUp { try runner.catchUp(names) }
            return try runner.read(names, asOf: position, body)
        } catch let error as QueryError {
            throw error
        } catch let error as ReadModelError {
            throw .readModels(error)
        } catch let error as LedgerError {
            throw .readModels(.ledger(error))
        } catch {
            throw .readModels(.storeUnavailable(directory: runner.store.directory, reason: "\(error)"))
        }
    }
}
