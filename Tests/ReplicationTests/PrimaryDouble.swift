import Foundation
import Ledger
@testable import Replication
import Synchronization
import Transparency

/// A primary in the test's process: a ledger and its log key, serving what `fangxin serve` serves, with knobs to
/// make it misbehave.
final class PrimaryDouble: ReplicaSource, Sendable {
    let ledger: Ledger
    let signer: NoteSigner
    private struct Knobs {
        /// Changes a bundle before it is served.
        var bundle: (@Sendable (UInt64, [UInt8]) -> [UInt8])?
        /// Serves this checkpoint text instead of signing the tree.
        var checkpoint: String?
        /// Tiles whose bundles are not served (404), as for a record over 65,535 bytes.
        var unserved: Set<UInt64> = []
        /// Tiles whose bundles fail as an unreachable primary's would.
        var failing: Set<UInt64> = []
    }
    private let knobs = Mutex(Knobs())
    let requests = Mutex<[String]>([])

    init(ledger: Ledger, signer: NoteSigner) {
        self.ledger = ledger
        self.signer = signer
    }

    func tamperBundles(_ change: @escaping @Sendable (UInt64, [UInt8]) -> [UInt8]) { knobs.withLock { $0.bundle = change } }
    func serveCheckpoint(_ text: String?) { knobs.withLock { $0.checkpoint = text } }
    func withholdBundle(_ tile: UInt64) { knobs.withLock { _ = $0.unserved.insert(tile) } }
    func failBundles(_ tiles: Set<UInt64>) { knobs.withLock { $0.failing = tiles } }

    /// The tree as it stands, signed by `signer` (another key's signer makes a checkpoint this log did not sign).
    func signedCheckpoint(by signer: NoteSigner? = nil, size: UInt64? = nil) throws -> String {
        let signer = signer ?? self.signer
        let (size, root) = try ledger.treeRoot(size: size)
        let text = Checkpoint(origin: signer.name, size: size, root: root).text
        return SignedNote(text: text, signatures: [try signer.sign(text)]).serialized
    }

    func checkpoint() async throws -> String {
        requests.withLock { $0.append("checkpoint") }
        if let text = knobs.withLock({ $0.checkpoint }) { return text }
        do { return try signedCheckpoint() } catch { throw ReplicationError.unreachable("\(error)") }
    }

    func entryBundle(index: UInt64, width: Int) async throws -> [UInt8] {
        requests.withLock { $0.append("bundle \(index)/\(width)") }
        if knobs.withLock({ $0.unserved.contains(index) }) { throw ReplicationError.notServed("tile \(index)") }
        if knobs.withLock({ $0.failing.contains(index) }) { throw ReplicationError.unreachable("tile \(index): connection refused") }
        let bundle: [UInt8]
        do {
            guard let served = try ledger.entryBundle(index: index, width: width) else { throw ReplicationError.notServed("tile \(index)") }
            bundle = served
        } catch let error as ReplicationError {
            throw error
        } catch {
            throw ReplicationError.unreachable("\(error)")
        }
        return knobs.withLock { $0.bundle }.map { $0(index, bundle) } ?? bundle
    }

    func record(at position: UInt64, size: UInt64) async throws -> [UInt8] {
        requests.withLock { $0.append("record \(position)") }
        do { return try ledger.inclusionProof(position: position, size: size).record } catch { throw ReplicationError.notServed("\(error)") }
    }

    func consistencyProof(from: UInt64, to: UInt64) async throws -> [TreeHash] {
        do { return try ledger.consistencyProof(from: from, to: to).hashes } catch { throw ReplicationError.unreachable("\(error)") }
    }
}
