public import Ledger

/// Why replication stopped or a round failed. Nothing the primary served is stored unless it verified.
public enum ReplicationError: Error, Equatable, CustomStringConvertible {
    /// The primary could not be reached, or answered with an error; worth trying again.
    case unreachable(String)
    /// The primary did not accept the token (401, 403): trying again will not help.
    case denied(String)
    /// The primary has no such resource (404): an entry bundle it cannot serve whole (a record over 65,535
    /// bytes), fetched record by record instead.
    case notServed(String)
    /// The primary answered something its formats do not allow: a checkpoint not signed by the key, a bundle of
    /// the wrong length, a proof that does not parse. Nothing of it was stored.
    case malformed(String)
    /// The primary's answers contradict what it signed before or what the copy holds: replication stopped, and
    /// the evidence is kept in the folder named.
    case contradiction(reason: String, evidence: String)
    /// The primary says the copy is not a prefix of its log (409): the copy holds a record it does not, or another
    /// at the same position. A standby moved to a new primary whose log did not grow from what it holds.
    case diverged(String)
    /// The data directory is not a replica of this primary, or holds records replication did not write.
    case notAReplica(String)
    /// The copy's ledger failed.
    case ledger(LedgerError)

    public var description: String {
        switch self {
        case .unreachable(let message): return "the primary could not be reached: \(message)"
        case .denied(let message): return "the primary refused the token: \(message)"
        case .notServed(let message): return "the primary does not serve \(message)"
        case .malformed(let message): return "the primary answered something malformed: \(message); nothing of it was stored"
        case let .contradiction(reason, evidence): return "\(reason); replication stopped, the evidence is in \(evidence)"
        case .diverged(let message): return "the primary's log does not continue the copy: \(message)"
        case .notAReplica(let message): return message
        case .ledger(let error): return "the copy's ledger: \(error)"
        }
    }

    /// `error` as a replication error: itself when it is one. The async calls of this module throw only
    /// `ReplicationError`, declared untyped: fewer typed async throws, fewer of the Swift 6.3.1 task-allocator
    /// faults met while writing this module (see `Ledger.copy`).
    public init(_ error: any Error) {
        self = error as? ReplicationError ?? .unreachable("\(error)")
    }

    /// Whether following should wait and try again rather than stop.
    public var isTransient: Bool {
        switch self {
        case .unreachable, .malformed: return true
        default: return false
        }
    }
}
