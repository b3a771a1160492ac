import ArgumentParser

/// Every way `fangxin` ends, one code each, closed: the root `--help` prints the list whole, and scripts (the
/// failover drill, the runbooks in docs/OPERATIONS.md) act on the codes.
enum ExitStatus: Int32, CaseIterable {
    case success = 0
    /// Something checked did not hold, or something asked could not be done: the log or a read model did not
    /// verify, a day could not be closed, a merchant is unknown, a generated command was refused.
    case failed = 1
    case ledgerUnavailable = 2
    case calendarNotPublished = 3
    case someLinesFailed = 4
    case sinkFailed = 5
    case replicationFailed = 6
    case replicaContradicted = 7
    case promotionRefused = 8
    case backupFailed = 9
    case restoreRefused = 10
    /// ArgumentParser's own, for a command line it cannot take (EX_USAGE).
    case usage = 64

    var meaning: String {
        switch self {
        case .success: return "success"
        case .failed: return "what was checked did not hold (the log or a read model did not verify), or what was asked could not be done (a day closed, an erasure, an unknown merchant)"
        case .ledgerUnavailable: return "the ledger, or a file it needs (a calendar, a policy, a key), could not be opened or read"
        case .calendarNotPublished: return "a deadline needs a year whose working calendar has not been published"
        case .someLinesFailed: return "some lines of an import failed (each is named)"
        case .sinkFailed: return "the sink could not reach or write its database, or its checkpoint names another ledger's history"
        case .replicationFailed: return "the primary could not be reached, refused the token or answered something malformed, or the directory is not its replica"
        case .replicaContradicted: return "the primary contradicted what it signed or what the copy holds; the evidence is kept"
        case .promotionRefused: return "a promotion was refused: the copy lacks records its primary signed, or was altered"
        case .backupFailed: return "a backup or restore could not read or write what it needed, or the backup folder is another log's"
        case .restoreRefused: return "the backup does not verify; the restore made nothing of it"
        case .usage: return "the command line was wrong"
        }
    }

    /// The list the root `--help` prints.
    static var summary: String {
        allCases.map { "  \($0.rawValue)  \($0.meaning)" }.joined(separator: "\n")
    }
}

extension ExitCode {
    init(_ status: ExitStatus) { self.init(status.rawValue) }
}
