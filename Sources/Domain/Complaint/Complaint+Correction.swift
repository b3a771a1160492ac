extension Complaint {
    public typealias Recorded = Domain.Recorded<ComplaintEvent>

    /// Decides a correction (docs/COMMANDS.md, `correct`). It is refused unless the complaint's events, so
    /// corrected, are a history the rules would have let be recorded: each, sent again as the command that
    /// recorded it, must be accepted by `decide` on the events before it. The rules are those in force now.
    static func correction(_ correct: ComplaintCommand.Correct, _ state: State, _ rules: ComplaintRules) throws(ComplaintRejection) -> ComplaintCorrection {
        guard !correct.reason.allSatisfy(\.isWhitespace) else { throw .missing(field: "reason") }
        return try Corrections.decide(
            correct, state, initial: initial,
            amend: { (event: ComplaintEvent, amendment: ComplaintAmendment) throws(ComplaintRejection) in
                var (amended, amendable) = try event.amended(by: amendment)
                if case .mediationEnded(var ended) = amended, let region = state.receivedRegion, let receivedOn = state.receivedOn {
                    // An outcome amended into or out of agreement gains or loses the duty to tell both parties (D3).
                    ended.noticeDue = try noticeDue(ended.outcome, endedOn: ended.endedOn, region: region, receivedOn: receivedOn, rules)
                    amended = .mediationEnded(ended)
                }
                return (amended, amendable)
            },
            replay: { event, before in
                do throws(ComplaintRejection) { _ = try events(for: event.command, before, rules, returnWindowDays: nil) } catch { return error }
                return nil
            },
            apply: { event, state in apply(event, to: &state) })
    }
}

extension ComplaintEvent: CorrectingEvent {
    var correcting: (corrects: UInt64, replacement: ComplaintEvent?, on: CivilDate)? {
        guard case .corrected(let correction) = self else { return nil }
        return (correction.corrects, correction.replacement, correction.on)
    }

    /// The receipt: voided, the case was never received (误登记).
    var opensStream: Bool {
        if case .received = self { return true }
        return false
    }

    /// The command that records this event, as `Complaint.decide` takes it. A correction is never in a
    /// corrected history; it maps to itself undone, which no history reaches.
    var command: ComplaintCommand {
        switch self {
        case .received(let received):
            return .receive(.init(
                channel: received.channel, consumer: received.consumer, consumerName: received.consumerName, consumerPhone: received.consumerPhone,
                merchant: received.merchant, merchantName: received.merchantName, category: received.category, subcategory: received.subcategory,
                amountInDisputeFen: received.amountInDisputeFen, receivedRegion: received.receivedRegion, merchantRegion: received.merchantRegion,
                receivedOn: received.receivedOn, intake: received.intake))
        case .accepted(let accepted): return .accept(on: accepted.acceptedOn)
        case .notAccepted(let refused): return .refuse(on: refused.decidedOn, ground: refused.ground, note: refused.note)
        case .mediationStarted(let started): return .startMediation(on: started.startedOn, mode: started.mode)
        case .mediationEnded(let ended): return .endMediation(on: ended.endedOn, outcome: ended.outcome, reason: ended.reason)
        case .compensated(let paid):
            return .compensate(.init(on: paid.paidOn, amountFen: paid.amountFen, payer: paid.payer, kind: paid.kind, basis: paid.basis,
                                     lossFen: paid.lossFen, purchasedOn: paid.purchasedOn, returnStore: paid.returnStore))
        case .closed(let closed): return .close(on: closed.closedOn)
        case let .assigned(on, unit, transferred): return .assign(on: on, unit: unit, transferred: transferred)
        case .feedbackGiven(let on): return .giveFeedback(on: on)
        case let .satisfactionRated(on, satisfied): return .rateSatisfaction(on: on, satisfied: satisfied)
        case let .revisited(on, note): return .revisit(on: on, note: note)
        case let .clockSuspended(on, _, reason, note): return .suspendClock(on: on, reason: reason, note: note)
        case let .clockResumed(on, _, _): return .resumeClock(on: on)
        case .partiesNotified(let on): return .notifyParties(on: on)
        case .corrected(let correction):
            return .correct(.init(on: correction.on, corrects: correction.corrects, reason: correction.reason, change: .void))
        }
    }
}

extension ComplaintRejection: CorrectionRejection {}

extension Correction where Event == ComplaintEvent {
    /// Whether it voids the whole case: the receipt voided (误登记).
    public var voidsCase: Bool {
        guard replacement == nil, case .received = original else { return false }
        return true
    }
}
