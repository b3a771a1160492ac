import Foundation
import Ledger
public import Transparency

/// What a replica keeps beside its copy of the log, in `DIR/replica/state.json` (docs/REPLICAS.md): which
/// primary it copies, by which key, the checkpoint it is verified against, and when it last heard from the
/// primary. `fangxin serve --replica` reads it for the primary's address and the replication lag.
public struct ReplicaState: Codable, Equatable, Sendable {
    /// The primary's root URL.
    public var primary: String
    /// The verifier key of the primary's log: every checkpoint must be signed by it.
    public var log: String
    /// The latest checkpoint the copy is verified against, as signed (a signed note): every record the copy
    /// holds is in its tree, and once the copy holds as many records, the copy is that tree. Nil before the
    /// first one.
    public var checkpoint: String?
    /// The latest checkpoint whose records the copy holds, every one (a signed note): what the replica's
    /// `/checkpoint` serves, so that its tiles and proofs are a mirror of the primary's. Nil before the first.
    public var complete: String?
    /// The size of the last checkpoint fetched from the primary, and when, in seconds since 1970.
    public var seenSize: UInt64
    public var seenAt: Int64

    public init(primary: String, log: String, checkpoint: String? = nil, complete: String? = nil, seenSize: UInt64 = 0, seenAt: Int64 = 0) {
        self.primary = primary
        self.log = log
        self.checkpoint = checkpoint
        self.complete = complete
        self.seenSize = seenSize
        self.seenAt = seenAt
    }

    /// The checkpoint the copy is verified against, parsed; nil before the first.
    public var verifiedCheckpoint: Checkpoint? {
        guard let checkpoint, let note = try? SignedNote(parsing: checkpoint) else { return nil }
        return try? Checkpoint(text: note.text)
    }

    /// The replica folder of the ledger in `directory`.
    public static func folder(ofLedger directory: String) -> String { directory + "/replica" }

    static func path(ofLedger directory: String) -> String { folder(ofLedger: directory) + "/state.json" }

    /// Whether the ledger in `directory` is a replica: only `fangxin replicate` may write it.
    public static func isReplica(ledger directory: String) -> Bool {
        FileManager.default.fileExists(atPath: path(ofLedger: directory))
    }

    /// The state of the replica in `directory`; nil when the ledger there is no replica.
    public static func load(ledger directory: String) throws(ReplicationError) -> ReplicaState? {
        let path = path(ofLedger: directory)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode(ReplicaState.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .notAReplica("\(path) cannot be read as a replica's state: \(error)")
        }
    }

    func save(ledger directory: String) throws(ReplicationError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes: [UInt8]
        do { bytes = Array(try encoder.encode(self)) + [0x0A] } catch { throw .ledger(.storage("cannot encode the replica's state: \(error)")) }
        try DurableFile.makeFolder(Self.folder(ofLedger: directory))
        try DurableFile.replace(Self.path(ofLedger: directory), with: bytes)
    }
}
