import ArgumentParser
import Foundation
import Ledger
import ReadModels
import Replication

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up a ledger, its vault and its checkpoints into a folder, while it is served (docs/OPERATIONS.md).",
        discussion: """
            Copies the log's records as stored, the vault's keys (the personal data's) and the checkpoints signed into \
            --out, with a manifest of their SHA-256 digests, every file synced before the manifest names it; the \
            read models are not copied (they are rebuilt). It reads a snapshot of the ledger while `serve` goes on \
            writing. Run again into the same folder, it adds only the records appended since, after checking that \
            they continue what the folder holds, and writes the vault and the checkpoints afresh. `fangxin restore` \
            makes a ledger of it. Keep backups where the primary's disk is not, and guard them as the vault itself: \
            they hold its keys.

            Examples:
              fangxin backup --data /srv/fangxin --out /backup/fangxin
              fangxin backup --data /srv/fangxin --out /backup/fangxin --json
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("The backup folder: made if missing; a backup of this ledger there is added to.", valueName: "dir"))
    var out: String
    @Flag(help: "Print a JSON summary.") var json = false

    func run() throws {
        let ledger = try failing { try Ledger(directory: global.data, options: Ledger.Options(readOnly: true)) }
        defer { ledger.close() }
        let display = ProgressDisplay(label: "backup", unit: "records")
        let started = ContinuousClock.now
        let taken: Backup.Taken
        do {
            taken = try Backup.take(ledger: ledger, directory: global.data, into: out) { done, total in
                display.show(ProgressReports.report(done: done, total: total, since: started), done: Int(done))
            }
        } catch {
            printError("fangxin: \(error)")
            throw ExitCode(.backupFailed)
        }
        if json {
            struct Summary: Encodable { let records: UInt64; let added: UInt64; let slots: Int; let checkpoints: Int; let head: String; let root: String; let out: String }
            print(jsonLine(Summary(records: taken.records, added: taken.added, slots: taken.slots, checkpoints: taken.checkpoints,
                                   head: taken.head, root: taken.root, out: out)))
        } else {
            print("backed up \(taken.records) records (\(taken.added) new), \(taken.slots) vault slots and \(taken.checkpoints) checkpoints into \(out); head \(taken.head), root \(taken.root)")
        }
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Make a ledger of a backup, in a new folder, once it verifies (docs/OPERATIONS.md).",
        discussion: """
            Checks every file of the backup in SOURCE against its manifest's SHA-256, then copies its records into a \
            new ledger in --data by the copy rule (each record follows the one before: the chain, positions, \
            streams, commands), and checks the tree: its root must be the manifest's, and every checkpoint the \
            backup keeps must be of it. With --checkpoint FILE --key VKEY the log must also extend that signed \
            checkpoint (one published or cosigned by a witness), so that a backup older than what was acknowledged, \
            or of another history, is refused. Then it restores the vault and applies every erasure the log \
            records, so that no backup brings an erased person back. A backup that does not verify leaves nothing \
            behind (exit code 10). The read models are built when the ledger is first served, or with `fangxin \
            rebuild`.

            Examples:
              fangxin restore /backup/fangxin --data /srv/fangxin-restored
              fangxin restore /backup/fangxin --data /srv/fangxin-restored --checkpoint last-published.txt --key zhejiang.vkey
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The backup folder.", valueName: "source")) var source: String
    @Option(help: ArgumentHelp("A signed checkpoint the restored log must extend (a file; - reads standard input).", valueName: "file"))
    var checkpoint: String?
    @Option(help: ArgumentHelp("The log's verifier key, or a file holding it (with --checkpoint).", valueName: "vkey"))
    var key: String?
    @Flag(help: "Print a JSON summary.") var json = false

    func validate() throws {
        guard (checkpoint == nil) == (key == nil) else { throw ValidationError("--checkpoint and --key go together: a signed checkpoint and the log's verifier key") }
    }

    func run() async throws {
        let signed = try checkpoint.map { (note: try KeyFiles.note(at: $0), key: try KeyFiles.verifier(key!)) }
        let display = ProgressDisplay(label: "restore", unit: "records")
        let started = ContinuousClock.now
        let restored: Backup.Restored
        do {
            restored = try await Backup.restore(from: source, into: global.data, extending: signed) { done, total in
                display.show(ProgressReports.report(done: done, total: total, since: started), done: Int(done))
            }
        } catch {
            printError("fangxin: \(error)")
            throw (error as? BackupError).map { if case .doesNotVerify = $0 { return ExitCode(.restoreRefused) } else { return ExitCode(.backupFailed) } } ?? ExitCode(.backupFailed)
        }
        if json {
            struct Summary: Encodable { let records: UInt64; let head: String; let root: String; let slots: Int; let erased: Int; let checkpoints: Int; let data: String }
            print(jsonLine(Summary(records: restored.records, head: restored.head, root: restored.root, slots: restored.slots, erased: restored.erased,
                                   checkpoints: restored.checkpoints, data: global.data)))
        } else {
            print("restored \(restored.records) records into \(global.data): head \(restored.head), root \(restored.root); \(restored.slots) vault slots, \(restored.erased) subjects erased, \(restored.checkpoints) checkpoints")
        }
    }
}

/// Progress of a copy as `ProgressDisplay` shows it.
enum ProgressReports {
    static func report(done: UInt64, total: UInt64, since started: ContinuousClock.Instant) -> ProgressMeter.Report {
        let elapsed = ContinuousClock.now - started
        let seconds = max(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, 1e-6)
        let fraction = total == 0 ? 1 : min(Double(done) / Double(total), 1)
        let rate = Double(done) / seconds
        return ProgressMeter.Report(fraction: fraction, eventsPerSecond: rate, secondsLeft: rate > 0 ? Double(total - min(done, total)) / rate : nil,
                                    elapsedSeconds: seconds, finished: done >= total)
    }
}

/// The exit code for a backup that does not verify: a restore made nothing of it.
