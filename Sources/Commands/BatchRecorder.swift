public import Application
import Domain
public import Ledger
public import Vault

/// Records many commands at once, for a bulk load (`fangxin import`): each is decided as `CommandRecorder` decides
/// it (`Decisions`), against its stream's state kept folded in memory, and a whole batch is appended in one commit
/// with one fsync. A command's result is known only once its batch is durable.
///
/// It assumes it is the ledger's only writer while it runs, as an import is (it holds the writer lock): should
/// another append to a stream meanwhile, that stream's next append is refused as a conflict, and reported. So is
/// a later command of a stream, in the same batch or the next, when the ledger refuses an earlier one (a record
/// too large): it was decided on what that one would have written. Importing the file again records it.
public struct BatchRecorder: Sendable {
    public let vault: PersonalDataVault
    private let ledger: Ledger
    private var decisions: Decisions
    /// The ids of commands in batches submitted and not yet finished.
    private var inFlight: Set<String> = []
    /// Where the next event decided will be recorded: the sole writer knows, so that a command may correct an event
    /// of its own batch, as it could had the event been recorded before it. Read from the ledger when nothing is in
    /// flight; moved back when an append of a batch is refused and its positions go to the next.
    private var nextPosition: UInt64?

    /// `capacity`: the streams kept folded per aggregate (`Decisions`), which bounds the memory a load takes.
    public init(recorder: CommandRecorder, capacity: Int = Decisions.capacityDefault) {
        vault = recorder.vault
        ledger = recorder.ledger
        decisions = Decisions(rules: recorder.rules, capacity: capacity)
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
        fileprivate let appended: [(command: Int, stream: String, positions: ClosedRange<UInt64>?)]
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
    /// be in flight while the next is decided, on top of what it will write (`Decisions` keeps it as pending).
    public mutating func submit(_ commands: [ParsedCommand]) -> Submitted {
        var outcomes = [Result<AppendResult, HandlingError>?](repeating: nil, count: commands.count)
        var appends: [Append] = []
        var appended: [(command: Int, stream: String, positions: ClosedRange<UInt64>?)] = []
        if inFlight.isEmpty || nextPosition == nil {
            // `head` fails only on a closed ledger, whose appends then fail and forget what was placed.
            nextPosition = ((try? ledger.head().position) ?? 0) + 1
        }
        /// The commands of this batch by id, for a line given twice; and each repeat's first.
        var inBatch: [String: (index: Int, stream: String, request: String, actor: Actor, command: ParsedCommand)] = [:]
        inBatch.reserveCapacity(commands.count)
        let personalData = PersonalDataMatch(vault: vault, ledger: ledger)
        var repeats: [(index: Int, first: Int)] = []
        let ledgerDay = ledger.clock().businessDay
        for (index, command) in commands.enumerated() {
            let stream = command.action.stream
            do throws(HandlingError) {
                try command.checkDay(ledgerDay: ledgerDay)
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
                // The import is the ledger's only writer: what is kept folded is what is recorded.
                let append = try decisions.decide(command.action, commandID: command.id, request: command.request, actor: command.actor,
                                                  in: ledger, catchUp: false, landing: nextPosition)
                // Decided: the keys of the personal data it seals are written now, before the batch is appended.
                do { try vault.keep(command.personalData) } catch {
                    decisions.forget(stream)
                    throw .personalData(error)
                }
                appends.append(append)
                var positions: ClosedRange<UInt64>?
                if !append.events.isEmpty, let next = nextPosition {
                    positions = next...(next + UInt64(append.events.count) - 1)
                    nextPosition = positions!.upperBound + 1
                }
                appended.append((index, stream, positions))
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
        var unused: UInt64 = 0
        for ((index, stream, placed), result) in zip(batch.appended, results) {
            switch result {
            case .success(let recorded) where placed == nil || placed == recorded.positions:
                decisions.appended(stream, at: recorded.positions)
            case .success:
                // Not where it was placed (an earlier append of the batch refused): read again when next asked.
                decisions.forget(stream)
            case .failure:
                decisions.forget(stream)
                unused += UInt64(placed?.count ?? 0)
            }
            outcomes[index] = result.mapError { .ledger($0) }
        }
        // The positions a refused append would have taken go to the next ones.
        if unused > 0, let next = nextPosition { nextPosition = next - min(unused, next - 1) }
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
}
