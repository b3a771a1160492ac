public import Ledger
import NIOCore

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
        try await follow(after: after, hash: hash, slots: slots, waitMilliseconds: waitMilliseconds, limit: nil)
    }

    /// Asks without taking anything (`limit=0`, and no slots): whether the primary streams to this token, and
    /// whether the copy is a prefix of its log.
    public func probe(after: UInt64, hash: ChainHash) async throws {
        _ = try await follow(after: after, hash: hash, slots: UInt64(Int64.max), waitMilliseconds: 0, limit: 0)
    }

    private func follow(after: UInt64, hash: ChainHash, slots: UInt64, waitMilliseconds: Int, limit: Int?) async throws -> StandbyFrame {
        let path = "v1/standby/stream?after=\(after)&hash=\(hash.hex)&slots=\(slots)&wait=\(waitMilliseconds)" + (limit.map { "&limit=\($0)" } ?? "")
        let body = try await get(path, timeout: .milliseconds(Int64(waitMilliseconds) + 30_000))
        return try StandbyFrame(parsing: body)
    }
}
