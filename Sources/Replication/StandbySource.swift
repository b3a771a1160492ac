import Ledger

/// Where a standby follows from: a primary's standby stream (docs/REPLICAS.md, "Standbys"). Each call tells the
/// primary what the copy holds durably — `after` records, the last with chain hash `hash`, and `slots` of its vault
/// — which is what the primary counts as held, and waits up to `waitMilliseconds` for what comes next. Throws
/// `ReplicationError` only: `.diverged` when the primary's log does not continue the copy, `.denied` for a token
/// that is not a standby's.
public protocol StandbySource: Sendable {
    func follow(after: UInt64, hash: ChainHash, slots: UInt64, waitMilliseconds: Int) async throws -> StandbyFrame
}

extension HTTPReplicaSource: StandbySource {
    public func follow(after: UInt64, hash: ChainHash, slots: UInt64, waitMilliseconds: Int) async throws -> StandbyFrame {
        let path = "v1/standby/stream?after=\(after)&hash=\(hash.hex)&slots=\(slots)&wait=\(waitMilliseconds)"
        let body = try await get(path, timeout: .milliseconds(Int64(waitMilliseconds) + 30_000))
        return try StandbyFrame(parsing: body)
    }
}
