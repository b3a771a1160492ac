/// What an appender expects of a stream before its events are added (optimistic concurrency).
public enum ExpectedVersion: Hashable, Sendable {
    /// Append whatever the stream holds.
    case any
    /// The stream must not exist yet.
    case noStream
    /// The stream's last version must be exactly this one (versions count from 1).
    case exactly(UInt64)

    func admits(_ actual: UInt64) -> Bool {
        switch self {
        case .any: return true
        case .noStream: return actual == 0
        case .exactly(let version): return actual == version
        }
    }
}
