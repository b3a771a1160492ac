import Application
import Domain
import Ledger
import Vault

/// Records many commands at once, for a bulk load (`fangxin import`): each is decided as `CommandRecorder` decides
/// it, against its stream's events kept in memory (`StreamCache`), and a whole batch is appended in one commit
/// with one fsync. A command's result is known only once its batch is durable.
///
/// It assumes it is the ledger's only writer while it runs, as an import is (it holds the writer lock): should
/// another append to a stream meanwhile, that stream's next append is refused as a conflict, and reported. So is
/// a later command of a stream, in the same batch or the next, when the ledger refuses an earlier one (a record
/// too large): it was decided on what that one would have written. Importing the file again records it.
public struct BatchRecorder: Sendable {
    public let vault: PersonalDataVault
    private let ledger: Ledger
    private let rules: ComplaintRules
    private var complaints = StreamCache<ComplaintEvent>()
    private var merchants = StreamCache<MerchantEvent>()
    private var credits = StreamCache<CreditEvent>()
    private var reports = StreamCache<ReportEvent>()
    /// The ids of commands in batches submitted and not yet finished.
    private var inFlight: Set<String> = []

    public init(recorder: CommandRecorder) {
        vault = recorder.vault
        ledger = recorder.ledger
        rules = recorder.rules
    }

    /// Decides every command, appends what they decide in one durable commit, and returns each one's outcome, in
    /// order: where its events landed, where they had landed for a command recorded before, or why it was not.
    public mutating func record(_ commands: [ParsedCommand]) async -> [Result<AppendResult, HandlingError>] {
        let batch = submit(commands)
        return await finish(batch)
    }

    /// A batch decided and handed to the ledger, whose outcome `finish` awaits.
    public struct Submitted: Sendable {
        fileprivate var outcomes: [Result<AppendResult, HandlingError>?]
        fileprivate let appended: [(command: Int, stream: String)]
        fileprivate let repeats: [(index: Int, first: Int)]
        fileprivate let ids: [String]
        fileprivate let appends: SubmittedAppends?
    }

    /// Whether a command of `commands` has the id of one in a batch submitted and not yet finished: its outcome
    /// is not known yet, so that batch must be finished before these are submitted.
    public func sharesCommand(with commands: [ParsedCommand]) -> Bool {
        !inFlight.isEmpty && commands.contains { inFlight.contains($0.id) }
    }

    /// Decides every command and hands the batch's appends to the ledger at once, so that the next batch can be
    /// decided while the ledger commits this one. Batches are finished in the order they were submitted; one may
    /// be in flight while the next is decided, on top of what it will write (`StreamCache` keeps it as pending).
    public mutating func submit(_ commands: [ParsedCommand]) -> Submitted {
        var outcomes = [Result<AppendResult, HandlingError>?](repeating: nil, count: commands.count)
        var appends: [Append] = []
        var appended: [(command: Int, stream: String)] = []
        /// The commands of this batch by id, for a line given twice; and each repeat's first.
        var inBatch: [String: (index: Int, stream: String, request: String, actor: Actor, command: ParsedCommand)] = [:]
        let personalData = PersonalDataMatch(vault: vault, ledger: ledger)
        var repeats: [(index: Int, first: Int)] = []
        let ledgerDay = ledger.clock().businessDay
        trim()
        for (index, command) in commands.enumerated() {
            let stream = command.action.stream
            do throws(HandlingError) {
                guard command.day <= ledgerDay.adding(days: Bounds.futureMarginDays) else {
                    throw .rejected(.afterLedgerDay(field: command.dayField, day: command.day, ledgerDay: ledgerDay))
                }
                if let earlier = inBatch[command.id] {
                    // The same line twice: the second is the first's retry, answered with its outcome once known.
                    guard earlier.stream == stream else {
                        throw .ledger(.commandIDReused(commandID: command.id, stream: stream, recordedStream: earlier.stream))
                    }
                    guard earlier.request == command.request, earlier.actor.id == command.actor.id, personalData.same(earlier.command, command) else {
                        throw .commandIDReusedForAnotherRequest(commandID: command.id, stream: stream)
                    }
                    repeats.append((index, earlier.index))
                    continue
                }
                precondition(!inFlight.contains(command.id), "a batch sharing a command with one in flight is submitted only after it (sharesCommand)")
                if let recorded = try StreamHandler(ledger: ledger).recorded(command.id, stream: stream, request: command.request, actor: command.actor) {
                    try personalData.checkRetry(of: command)
                    outcomes[index] = .success(recorded)
                    continue
                }
                inBatch[command.id] = (index, stream, command.request, command.actor, command)
                let append = try decide(command, stream: stream)
                // Decided: the keys of the personal data it seals are written now, before the batch is appended.
                do { try vault.keep(command.personalData) } catch {
                    forget(stream)
                    throw .personalData(error)
                }
                appends.append(append)
                appended.append((index, stream))
            } catch {
                outcomes[index] = .failure(error)
            }
        }
        inFlight.formUnion(inBatch.keys)
        return Submitted(outcomes: outcomes, appended: appended, repeats: repeats, ids: Array(inBatch.keys),
                         appends: appends.isEmpty ? nil : ledger.submit(appends, durability: .synced))
    }

    /// Awaits a submitted batch's commit, and returns each command's outcome, in order.
    public mutating func finish(_ batch: Submitted) async -> [Result<AppendResult, HandlingError>] {
        var outcomes = batch.outcomes
        let results = await batch.appends?.outcome() ?? []
        for ((index, stream), result) in zip(batch.appended, results) {
            switch result {
            case .success(let recorded): taken(stream, at: recorded.positions)
            case .failure: forget(stream)
            }
            outcomes[index] = result.mapError { .ledger($0) }
        }
        inFlight.subtract(batch.ids)
        // A line given twice in the batch has its first's outcome, as a retry would.
        for (index, first) in batch.repeats {
            outcomes[index] = outcomes[first].map { outcome in
                outcome.map { recorded in
                    var retried = recorded
                    retried.alreadyRecorded = true
                    return retried
                }
            }
        }
        return outcomes.map { $0 ?? .failure(.ledger(.closed)) }   // every command has an outcome by now
    }

    /// The command's append, decided against its stream as kept.
    private mutating func decide(_ command: ParsedCommand, stream: String) throws(HandlingError) -> Append {
        func append<Event: DomainEvent>(_ events: [Event], _ version: UInt64, _ day: CivilDate) -> Append {
            StreamHandler.append(events, to: stream, at: version, commandID: command.id, request: command.request, actor: command.actor, on: day)
        }
        switch command.action {
        case .complaint(_, let action):
            let (state, version) = try complaints.fold(stream, in: ledger) { Complaint.fold($0.map { Recorded(position: $0.position, event: $0.event) }) }
            var window: Int?
            if case .compensate(let paid) = action, paid.kind == .noReasonReturn, let code = state.merchant {
                // The merchant's pledged window, as the service reads it (`ComplaintService`).
                let merchant = try merchants.fold(MerchantService.stream(code), in: ledger) { $0.reduce(Merchant.initial) { Merchant.evolve($0, $1.event) } }.state
                window = merchant.pledges[.offlineNoReasonReturn]?.windowDays
            }
            let events = try Complaint.decide(action, state, rules, returnWindowDays: window).mapError { Rejection.complaint($0) }.get(orThrow: HandlingError.rejected)
            complaints.decided(events, for: stream)
            return append(events, version, action.businessDay)
        case .merchant(let code, let action):
            let (state, version) = try merchants.fold(stream, in: ledger) { $0.reduce(Merchant.initial) { Merchant.evolve($0, $1.event) } }
            let events = try Merchant.decide(action, state, code: code).mapError { Rejection.merchant($0) }.get(orThrow: HandlingError.rejected)
            merchants.decided(events, for: stream)
            return append(events, version, action.businessDay)
        case .credit(let code, let action):
            let (state, version) = try credits.fold(stream, in: ledger) { $0.reduce(Credit.initial) { Credit.evolve($0, $1.event) } }
            let events = try Credit.decide(action, state, code: code).mapError { Rejection.credit($0) }.get(orThrow: HandlingError.rejected)
            credits.decided(events, for: stream)
            return append(events, version, action.businessDay)
        case .report(_, let action):
            let (state, version) = try reports.fold(stream, in: ledger) { Report.fold($0.map { Recorded(position: $0.position, event: $0.event) }) }
            let events = try Report.decide(action, state, rules).mapError { Rejection.report($0) }.get(orThrow: HandlingError.rejected)
            reports.decided(events, for: stream)
            return append(events, version, action.businessDay)
        }
    }

    private mutating func taken(_ stream: String, at positions: ClosedRange<UInt64>) {
        complaints.appended(stream, at: positions)
        merchants.appended(stream, at: positions)
        credits.appended(stream, at: positions)
        reports.appended(stream, at: positions)
    }

    private mutating func forget(_ stream: String) {
        complaints.forget(stream)
        merchants.forget(stream)
        credits.forget(stream)
        reports.forget(stream)
    }

    private mutating func trim() {
        complaints.trim()
        merchants.trim()
        credits.trim()
        reports.trim()
    }
}

extension Result {
    /// The success, or the failure made into `error`.
    fileprivate func get<E: Error>(orThrow error: (Failure) -> E) throws(E) -> Success {
        switch self {
        case .success(let value): return value
        case .failure(let failure): throw error(failure)
        }
    }
}
