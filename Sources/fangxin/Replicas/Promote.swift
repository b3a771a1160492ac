import ArgumentParser
import Domain
import Foundation
import Ledger
import Notary
import Replication
import Transparency

/// `fangxin promote`: a standby becomes the primary when its primary has died (docs/OPERATIONS.md, "Failover").
struct Promote: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make a replica the primary, once its primary is gone (docs/OPERATIONS.md).",
        discussion: """
            Run on the standby that holds the most records (compare `fangxin head --data DIR` on each), with \
            `fangxin replicate` stopped there. It refuses a copy that holds fewer records than the last checkpoint \
            it verified, which the old primary signed and may have acknowledged, naming how many would be lost; \
            --force promotes it all the same. It checks that the copy's first records are the tree of that \
            checkpoint, keeps that checkpoint in DIR/checkpoints, records the promotion in the log \
            (`ledger.promoted` in stream `ledger`: from which primary, at which checkpoint, holding how many records), \
            signs a checkpoint of the log with --signing-key, and sets the replica's state aside \
            (DIR/replica/promoted-TIME.json). From then on `fangxin serve --data DIR --signing-key FILE` runs it as \
            the primary; point the other standbys at it with `fangxin replicate --from NEW-URL`, which refuses a copy \
            that is not a prefix of the new primary's log.

            --signing-key is the log's key (the old primary's, from where it is kept safe), or a new key: then the \
            log's key is rotated, and witnesses and replicas need the new verifier key (docs/PROOFS.md).

            Examples:
              fangxin promote --data /srv/standby --signing-key /etc/fangxin/zhejiang.key
              fangxin promote --data /srv/standby --signing-key /etc/fangxin/zhejiang.key --force --json
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("The log's private key file, which signs the promoted log's checkpoints.", valueName: "file"))
    var signingKey: String
    @Flag(help: "Promote a copy that holds fewer records than the last checkpoint it verified; those records are lost.")
    var force = false
    @Flag(help: "Print a JSON summary.") var json = false

    func run() async throws {
        let directory = global.data
        let state = try global.replicaState(otherwise: "there is nothing to promote")
        let signer = try KeyFiles.signer(at: signingKey)
        guard signer.verifier.kind == .ed25519 else { throw ValidationError("--signing-key \(signingKey) is a witness's key; the log signs with a log's key") }
        // The writer's lock: a `replicate` still running holds it, and is named.
        let ledger = try failing { try Ledger(directory: directory, options: .writing(as: "promote")) }
        defer { ledger.close() }
        let head = try failing { try ledger.head() }
        let verified = state.verifiedCheckpoint
        if let verified {
            if head.position < verified.size {
                let lost = verified.size - head.position
                guard force else {
                    printError("fangxin: \(directory) holds \(head.position) records, fewer than the \(verified.size) of the last checkpoint it verified: the old primary signed \(lost) record\(lost == 1 ? "" : "s") this copy lacks, and may have acknowledged them. Let replication catch up, promote a standby that holds them, or give --force to lose them")
                    throw ExitCode(.promotionRefused)
                }
                printError("promote: --force: the \(lost) record\(lost == 1 ? "" : "s") after position \(head.position) that the old primary signed (checkpoint of \(verified.size)) are lost")
            } else {
                let root = try failing { try ledger.treeRoot(size: verified.size).root }
                guard root == verified.root else {
                    printError("fangxin: the tree of the first \(verified.size) records in \(directory) has root \(root.base64), not the \(verified.root.base64) of the checkpoint it verified: the copy was altered; promote another standby")
                    throw ExitCode(.promotionRefused)
                }
            }
        }
        let archive = try failing { try CheckpointArchive.open(in: directory) }
        if let text = state.checkpoint, let verified, head.position >= verified.size, let note = try? SignedNote(parsing: text) {
            // The old primary's word on the tree, kept so that the new primary never signs a tree that contradicts it.
            try failing { try archive.keep(note, size: verified.size) }
        }
        var promotion = head
        if try !lastIsPromotion(ledger, head: head) {
            promotion = try await record(on: ledger, state: state, held: head.position)
        }
        let notary = CheckpointNotary(ledger: ledger, signer: signer, archive: archive)
        let checkpoint = try failing { try notary.checkpoint() }
        let setAside = try setStateAside(of: directory)
        let rotated = signer.verifier.vkey != state.log
        if json {
            struct Summary: Encodable {
                let primary: String; let held: UInt64; let position: UInt64; let checkpoint: String; let keyRotated: Bool; let state: String
            }
            print(jsonLine(Summary(primary: state.primary, held: head.position, position: promotion.position, checkpoint: checkpoint.serialized,
                                   keyRotated: rotated, state: setAside)))
        } else {
            print("promoted \(directory): it held \(head.position) records of \(state.primary); the promotion is recorded at position \(promotion.position)")
            if rotated { print("the log's key changed from \(state.log) to \(signer.verifier.vkey): witnesses and replicas need the new verifier key") }
            print("its checkpoint, signed by \(signer.verifier.vkey):")
            print(checkpoint.serialized, terminator: "")
            print("serve it: fangxin serve --data \(directory) --signing-key \(signingKey) [--ack-replicas N]")
        }
    }

    /// Whether the head record is a promotion: a promotion that ran before, stopped before it set the state aside.
    private func lastIsPromotion(_ ledger: Ledger, head: Ledger.Head) throws -> Bool {
        guard head.position > 0 else { return false }
        return try failing { try ledger.read(from: head.position, limit: 1) }.first?.type == Self.eventType
    }

    static let stream = "ledger"
    static let eventType = "ledger.promoted"

    /// `ledger.promoted`: fields 1 the old primary's URL, 2 the verified checkpoint's size (u64; 0: none), 3 its root
    /// (base64; empty: none), 4 the records the copy held (u64).
    private func record(on ledger: Ledger, state: ReplicaState, held: UInt64) async throws -> Ledger.Head {
        var payload = PayloadWriter()
        payload.write(1, state.primary)
        payload.write(2, state.verifiedCheckpoint?.size ?? 0)
        payload.write(3, state.verifiedCheckpoint?.root.base64 ?? "")
        payload.write(4, held)
        let event = NewEvent(type: Self.eventType, occurredAt: ledger.clock(), payload: payload.bytes)
        let append = Append(stream: Self.stream, commandID: "promote-\(held)", actor: Actor(id: "fangxin-promote", role: "admin"), events: [event])
        if case .failure(let error) = await Self.appending(append, to: ledger) {
            printError("fangxin: the promotion could not be recorded: \(error)")
            throw ExitCode(.ledgerUnavailable)
        }
        return try failing { try ledger.head() }
    }

    /// Appends in a function that does not throw: a typed async throw caught in a throwing async function met
    /// Swift 6.3.1's task-allocator faults (see `Ledger.copy`).
    private static func appending(_ append: Append, to ledger: Ledger) async -> Result<AppendResult, LedgerError> {
        do { return .success(try await ledger.append(append)) } catch { return .failure(error) }
    }

    /// Moves `replica/state.json` aside, synced: the directory is a primary from then on.
    private func setStateAside(of directory: String) throws -> String {
        let folder = ReplicaState.folder(ofLedger: directory)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withYear, .withMonth, .withDay, .withTime, .withTimeZone]
        let target = folder + "/promoted-" + formatter.string(from: Date()).replacingOccurrences(of: ":", with: "") + ".json"
        guard rename(folder + "/state.json", target) == 0 else {
            printError("fangxin: cannot move \(folder)/state.json aside: \(String(cString: strerror(errno)))")
            throw ExitCode(.ledgerUnavailable)
        }
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
        return target
    }
}

