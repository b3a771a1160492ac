import ArgumentParser
import Foundation
import Ledger
import Notary
import Transparency

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recompute the hash chain and the Merkle tree over the whole log, check every index and tile, and a signed checkpoint.",
        discussion: """
            Checks that positions run from 1 without a gap, that every record's envelope is well formed, that each \
            chain hash equals SHA-256(previous hash ‖ record bytes), that recorded times never decrease, that stream \
            versions run from 1 without a gap, and that the streams, stream-index and commands databases agree with \
            the records, and that every tile of the Merkle tree holds the hashes the records give it.

            With --checkpoint, it then checks a checkpoint signed earlier (C2SP tlog-checkpoint): its signature by \
            --key, the cosignatures of --quorum of the --witness keys, and that this ledger's tree at the \
            checkpoint's size has the checkpoint's root. A log cut back and appended again, which the chain alone \
            cannot reveal, fails here, naming the size.

            Exits 0 when all holds; otherwise exits 1 and names the first bad position or size.

            Examples:
              fangxin verify
              fangxin verify --data /srv/fangxin --json
              fangxin verify --checkpoint checkpoint.txt --key "$(cat zhejiang.vkey)"
              fangxin verify --checkpoint checkpoint.txt --key zhejiang.vkey --witness court.vkey --quorum 1
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print one JSON object.") var json = false
    @Option(help: ArgumentHelp("A signed checkpoint to check the ledger against (a file; - reads standard input).", valueName: "file"))
    var checkpoint: String?
    @Option(help: ArgumentHelp("The log's verifier key, or a file holding it (with --checkpoint).", valueName: "vkey"))
    var key: String?
    @Option(help: ArgumentHelp("A witness's verifier key, or a file holding it; repeat for several.", valueName: "vkey"))
    var witness: [String] = []
    @Option(help: ArgumentHelp("How many of the --witness keys must have cosigned the checkpoint.", valueName: "k"))
    var quorum: Int = 0

    func validate() throws {
        if checkpoint != nil && key == nil { throw ValidationError("--checkpoint needs --key, the log's verifier key") }
        if checkpoint == nil && (key != nil || !witness.isEmpty) { throw ValidationError("--key and --witness go with --checkpoint") }
        guard quorum >= 0 && quorum <= witness.count else { throw ValidationError("--quorum \(quorum) needs that many --witness keys (\(witness.count) given)") }
    }

    func run() throws {
        let ledger = try global.openForReading()
        struct Line: Encodable {
            let ok: Bool
            var records: UInt64?, streams: Int?, commands: Int?, position: UInt64?, hash: String?
            var database: String?, problem: String?
            var root: String?
            var checkpointSize: UInt64?, witnesses: [String]?
        }
        let audit = try checkpoint.map { (try KeyFiles.note(at: $0), try KeyFiles.verifier(key!), try witness.map(KeyFiles.verifier)) }
        do {
            let report = try failing {
                try ledger.verify { position in
                    if !json { printError("verified \(position) records…") }
                }
            }
            var line = Line(ok: true, records: report.records, streams: report.streams, commands: report.commands,
                            position: report.head.position, hash: report.head.hash.hex)
            // The root of the tree just checked (a live writer may have appended since: this is its size's).
            line.root = try failing { try ledger.treeRoot(size: report.records).root.base64 }
            if let (note, log, witnesses) = audit {
                let checked = try CheckpointAudit.check(note, log: log, witnesses: witnesses, quorum: quorum, against: ledger)
                line.checkpointSize = checked.checkpoint.size
                line.witnesses = checked.witnesses
            }
            if json {
                print(jsonLine(line))
            } else {
                print("ok: \(report.records) records in \(report.streams) streams, \(report.commands) commands")
                print("head \(report.head.position) \(report.head.hash.hex)")
                print("tree root \(line.root ?? "") (RFC 6962, \(report.records) records)")
                if let size = line.checkpointSize {
                    let cosigned = line.witnesses.map { $0.isEmpty ? "" : ", cosigned by " + $0.joined(separator: ", ") } ?? ""
                    print("checkpoint of \(size) records: signed by \(audit!.1.name)\(cosigned); this ledger extends it")
                }
            }
        } catch let failure as NotaryError {
            if json {
                var line = Line(ok: false, problem: failure.description)
                if case .inconsistent(let size, _) = failure { line.checkpointSize = size }
                print(jsonLine(line))
            } else {
                printError("verify failed: checkpoint: \(failure)")
            }
            throw ExitCode(.failed)
        } catch let failure as VerificationFailure {
            if json {
                print(jsonLine(Line(ok: false, position: failure.position, database: failure.database, problem: failure.problem)))
            } else {
                printError("verify failed: \(failure)")
            }
            throw ExitCode(.failed)
        }
    }
}
