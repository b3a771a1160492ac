public import Transparency

/// Where a replica copies from: what a primary `fangxin serve` publishes (docs/PROOFS.md), seen as the replica
/// needs it. `HTTPReplicaSource` is the real one; tests give others. Each call throws `ReplicationError` only.
public protocol ReplicaSource: Sendable {
    /// The primary's latest signed checkpoint, as served (a signed note).
    func checkpoint() async throws -> String
    /// The entry bundle of level-0 tile `index` at `width` (tlog-tiles): records as stored, each behind its u16
    /// length.
    func entryBundle(index: UInt64, width: Int) async throws -> [UInt8]
    /// The record at `position` as stored, for one an entry bundle cannot carry.
    func record(at position: UInt64, size: UInt64) async throws -> [UInt8]
    /// The RFC 9162 consistency proof from the tree of `from` records to the tree of `to`.
    func consistencyProof(from: UInt64, to: UInt64) async throws -> [TreeHash]
}
