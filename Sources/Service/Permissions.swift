import Application
import Commands
import Domain

/// Which commands each role may send: each role appends only its own kinds of event.
extension Role {
    /// True when a caller of this role may send `command` to `target`. A merchant may besides speak only for
    /// itself (`Caller.mayCommand`).
    func mayIssue(_ command: String, to target: CommandTarget) -> Bool {
        switch self {
        case .admin:
            // The operators, who load what other systems recorded, as `fangxin import` does.
            return true
        case .regulator:
            return !Self.bankCommands.contains(command)
        case .mediator:
            return target == .complaint && Self.mediationCommands.contains(command)
        case .bank:
            return target == .merchant && Self.bankCommands.contains(command)
        case .merchant:
            return target == .merchant && Self.merchantCommands.contains(command)
        case .auditor, .replica:
            return false
        }
    }

    /// Credit lines and card acquiring (放心贷): a bank's, and no one else's but an operator's.
    static let bankCommands: Set = ["grantCredit", "revokeCredit", "expireCredit", "openCardAcquiring", "correctCredit"]
    /// Mediation (调解) and what follows it: a mediator's, or the bureau's own.
    static let mediationCommands: Set = ["startMediation", "endMediation", "compensate", "giveFeedback", "rateSatisfaction", "revisit",
                                         "suspendClock", "resumeClock"]
    /// What a merchant says of itself: its application, its pledges (放心消费承诺) and its rectification.
    static let merchantCommands: Set = ["apply", "pledge", "withdrawPledge", "rectify"]
}

extension Caller {
    /// Why this caller may not send `command` to `subject` of `target`; nil when it may.
    func refusal(of command: String, to target: CommandTarget, subject: String) -> String? {
        guard role.mayIssue(command, to: target) else {
            return "a \(role.rawValue) may not \(command) a \(target.rawValue)"
        }
        if role == .merchant, subject != merchant {
            return "a merchant speaks only for itself (\(merchant ?? "none given in the tokens file")), not for \(subject)"
        }
        return nil
    }
}

extension Caller {
    /// Why this caller may not send the parsed command as its organisation; nil when it may. A bank grants,
    /// revokes and expires only its own lines (a line is keyed by its bank, so the bank the command names is the
    /// line's); a correction names the bank whose event it corrects, and the decider holds it to that. Who holds
    /// the stream is asked when the command is decided (`jurisdiction`).
    func refusal(of command: ParsedCommand) -> String? {
        if role == .bank, case .credit(_, let event) = command.action, event.bank != bank {
            return "a bank acts for itself (\(bank ?? "none given in the tokens file")), not for \(event.bank)"
        }
        return nil
    }

    /// What this caller holds: an operator everything; a bureau or mediator its region, as recorded on each
    /// stream; a merchant or bank its own affairs, which it may not move to another region.
    var jurisdiction: Jurisdiction {
        if role == .admin { return .everywhere }
        if let region { return .within(region) }
        return .ownAffairs
    }
}
