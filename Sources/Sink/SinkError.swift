/// Why the sink cannot go on; each says what is wrong and where.
public enum SinkError: Error, Equatable, CustomStringConvertible {
    /// `--url` is not a PostgreSQL URL it can use.
    case badURL(String, reason: String)
    /// `--origin` is not a name rows can carry.
    case badOrigin(String, reason: String)
    /// The batch size is outside what a transaction is allowed to hold.
    case badBatchSize(Int, allowed: ClosedRange<Int>)
    /// The database answered with an error, or could not be reached.
    case database(String)
    /// The ledger could not be read.
    case ledger(String)
    /// The database's checkpoint for `origin` names a record this ledger does not hold as it is there: the
    /// database holds another ledger's history under this origin, or this ledger was rewritten. Nothing is
    /// written.
    case foreignHistory(origin: String, position: UInt64, reason: String)
    /// Another sink of the same origin moved the checkpoint while this one was writing: only one may run.
    case checkpointMoved(origin: String, expected: UInt64, found: UInt64)

    public var description: String {
        switch self {
        case let .badURL(url, reason): return "--url \(url): \(reason)"
        case let .badOrigin(origin, reason): return "--origin \"\(origin)\": \(reason)"
        case let .badBatchSize(size, allowed): return "--batch \(size): give \(allowed.lowerBound) to \(allowed.upperBound)"
        case let .database(message): return "PostgreSQL: \(message)"
        case let .ledger(message): return "the ledger: \(message)"
        case let .foreignHistory(origin, position, reason):
            return "the database's checkpoint for \"\(origin)\" is at position \(position), but \(reason): it holds another ledger's history under this origin, so nothing was written"
        case let .checkpointMoved(origin, expected, found):
            return "the checkpoint for \"\(origin)\" moved from \(expected) to \(found) while this sink wrote: another sink of the same origin is running; only one may"
        }
    }
}
