import ArgumentParser
import Foundation
import Domain
import Ledger
import Notary
import Queries
import ReadModels
import Transparency

struct Evidence: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write or check an evidence bundle: records, their proofs and a signed checkpoint in one file.",
        subcommands: [Export.self, VerifyBundle.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an evidence bundle about a stream, a merchant or a range of positions.",
            discussion: """
                The bundle (docs/PROOFS.md, "Evidence bundles") is one ustar archive: MANIFEST.txt (signed by the log's \
                key), README.txt, checkpoint.txt (a checkpoint signed now, or the one kept for --size, with its \
                cosignatures), keys.txt, answer.json (the read model's answer about the subject as of the checkpoint:
                for a merchant its library history with the causes' positions, for a stream its events) and \
                records/<position>.json (each record as stored, with its inclusion proof). Personal data stays sealed:
                records are as the log holds them.

                Examples:
                  fangxin evidence export --merchant 91330421MA28JJY015 --key zhejiang.key --out merchant.tar
                  fangxin evidence export --stream complaint-2022-WJ-0001 --key zhejiang.key --out complaint.tar
                  fangxin evidence export --from 100 --to 200 --key zhejiang.key --out range.tar
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: ArgumentHelp("The stream whose records to include.", valueName: "stream")) var stream: String?
        @Option(help: ArgumentHelp("The merchant (unified social credit code): its stream and the causes of its library changes.", valueName: "code"))
        var merchant: String?
        @Option(help: ArgumentHelp("The first position of a range.", valueName: "p")) var from: UInt64?
        @Option(help: ArgumentHelp("The last position of a range.", valueName: "q")) var to: UInt64?
        @Option(help: ArgumentHelp("The log's private key file.", valueName: "file")) var key: String
        @Option(help: ArgumentHelp("The tree size of the checkpoint (default: every record).", valueName: "n")) var size: UInt64?
        @Option(help: ArgumentHelp("A witness's verifier key to include in keys.txt; repeat for several.", valueName: "vkey"))
        var witnessKey: [String] = []
        @Option(help: ArgumentHelp("The bundle file to create.", valueName: "file")) var out: String

        static let recordsMax = 10_000

        func validate() throws {
            let subjects = [stream != nil, merchant != nil, from != nil || to != nil].filter { $0 }.count
            guard subjects == 1 else { throw ValidationError("say what the bundle is about: --stream, --merchant, or --from and --to") }
            if from != nil || to != nil {
                guard let from, let to, from >= 1, from <= to else { throw ValidationError("--from P --to Q, with 1 ≤ P ≤ Q") }
                guard to - from < UInt64(Self.recordsMax) else { throw ValidationError("a bundle holds at most \(Self.recordsMax) records") }
            }
            if let merchant, (try? QueryParameter.merchant("--merchant", merchant)) == nil {
                throw ValidationError("--merchant \(merchant) is not a unified social credit code")
            }
            guard !FileManager.default.fileExists(atPath: out) else { throw ValidationError("\(out) exists; a bundle is never overwritten") }
        }

        func run() throws {
            let signer = try KeyFiles.signer(at: key)
            let witnesses = try witnessKey.map(KeyFiles.verifier)
            let ledger = try global.openForReading()
            let archive = try failing { try CheckpointArchive.open(in: global.data) }
            let note: SignedNote
            do {
                note = try CheckpointNotary(ledger: ledger, signer: signer, archive: archive).checkpoint(size: size)
            } catch {
                printError("fangxin evidence: \(error)")
                throw ExitCode(.failed)
            }
            let checkpoint = try Checkpoint(text: note.text)
            let atCheckpoint = AsOf.position(checkpoint.size)
            var positions: [UInt64] = []
            var answer: [UInt8]?
            // The read models over the ledger already open: one process may open a ledger once.
            let queries = ReadModelQueries(runner: ProjectionRunner(ledger: ledger, store: try readModels { try ReadModelStore(ledgerDirectory: global.data) }), catchesUp: true)
            if let stream {
                positions = try failing { try ledger.readStream(stream).map(\.position) }.filter { $0 <= checkpoint.size }
                let events = try answering { () throws(QueryError) in try queries.events(stream: stream, limit: Self.recordsMax, asOf: atCheckpoint) }
                answer = Array(try JSONEncoder.proofs.encode(events))
            } else if let merchant {
                let document = try answering { () throws(QueryError) in try queries.merchant(merchant, asOf: atCheckpoint) }
                positions = try failing { try ledger.readStream(StreamCategory.merchant.stream(merchant)).map(\.position) }.filter { $0 <= checkpoint.size }
                positions += document.history.flatMap { (change: MerchantDocument.Change) in change.causes }
                answer = Array(try JSONEncoder.proofs.encode(document))
            } else if let from, let to {
                guard to <= checkpoint.size else { throw ValidationError("--to \(to) is beyond the checkpoint's \(checkpoint.size) records") }
                positions = Array(from...to)
            }
            positions = Array(Set(positions)).sorted()
            guard !positions.isEmpty else { throw ValidationError("no record of that subject is in the tree of \(checkpoint.size) records") }
            guard positions.count <= Self.recordsMax else { throw ValidationError("\(positions.count) records; a bundle holds at most \(Self.recordsMax)") }
            let proofs = try positions.map { position in
                let proof = try failing { try ledger.inclusionProof(position: position, size: checkpoint.size) }
                return InclusionProofDocument(position: proof.position, size: proof.size, record: proof.record, hashes: proof.hashes)
            }
            let subject = stream.map { "the stream \($0)" } ?? merchant.map { "the merchant \($0)" } ?? "positions \(from!) to \(to!)"
            let bundle = EvidenceBundle(checkpoint: note, proofs: proofs, keys: [signer.verifier.vkey] + witnesses.map(\.vkey), answer: answer,
                                        readme: EvidenceReadme.text(subject: subject, checkpoint: checkpoint, records: positions.count, vkey: signer.verifier.vkey))
            let bytes = try bundle.archive(signedBy: signer)
            guard FileManager.default.createFile(atPath: out, contents: Data(bytes)) else { throw ValidationError("cannot write \(out)") }
            print("\(out): \(positions.count) records about \(subject), proven against the checkpoint of \(checkpoint.size) records")
        }
    }

    struct VerifyBundle: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check an evidence bundle with nothing else: no ledger, no network.",
            discussion: """
                Checks that the archive is exactly as `evidence export` writes it, that MANIFEST.txt is signed by --key \
                and lists every file's SHA-256, that checkpoint.txt is signed by --key (and cosigned by --quorum of the \
                --witness keys), and that every record's inclusion proof leads to the checkpoint's root. Exits 0 when \
                all holds, 1 naming the first thing that does not.

                Example:
                  fangxin evidence verify merchant.tar --key "fangxin.example/zhejiang+ef769ccf+AT0j…"
                """)

        @Argument(help: "The bundle file.") var file: String
        @Option(help: ArgumentHelp("The log's verifier key, or a file holding it.", valueName: "vkey")) var key: String
        @Option(help: ArgumentHelp("A witness's verifier key, or a file holding it; repeat for several.", valueName: "vkey"))
        var witness: [String] = []
        @Option(help: ArgumentHelp("How many of the --witness keys must have cosigned.", valueName: "k")) var quorum = 0
        @Flag(help: "Print one JSON object.") var json = false

        func run() throws {
            let log = try KeyFiles.verifier(key)
            let witnesses = try witness.map(KeyFiles.verifier)
            let data = try OutsideFile.read(file, atMost: OutsideFile.bundleBytesMax, what: "an evidence bundle")
            do {
                let (_, report) = try EvidenceBundle.verify(Array(data), log: log, witnesses: witnesses, quorum: quorum)
                if json {
                    struct Line: Encodable { let ok: Bool; let size: UInt64; let root: String; let positions: [UInt64]; let witnesses: [String] }
                    print(jsonLine(Line(ok: true, size: report.checkpoint.size, root: report.checkpoint.root.base64, positions: report.positions, witnesses: report.witnesses)))
                } else {
                    print("ok: \(report.positions.count) records proven in the tree of \(report.checkpoint.size) records signed by \(log.name)"
                          + (report.witnesses.isEmpty ? "" : ", cosigned by " + report.witnesses.joined(separator: ", ")))
                }
            } catch {
                if json {
                    struct Line: Encodable { let ok: Bool; let problem: String }
                    print(jsonLine(Line(ok: false, problem: error.description)))
                } else {
                    printError("evidence verify failed: \(error)")
                }
                throw ExitCode(.failed)
            }
        }
    }
}

/// The README a bundle carries: what it holds and how to check it without Fangxin.
enum EvidenceReadme {
    static func text(subject: String, checkpoint: Checkpoint, records: Int, vkey: String) -> String {
        """
        Fangxin evidence bundle
        =======================

        About:      \(subject)
        Log:        \(checkpoint.origin)
        Tree size:  \(checkpoint.size) records (the log as of its checkpoint)
        Records:    \(records)

        Files
          MANIFEST.txt        "\(EvidenceBundle.manifestHeader)", then "<SHA-256 hex> <name>" for every other file,
                              as a signed note (C2SP signed-note) by the log's key
          checkpoint.txt      the log's signed checkpoint (C2SP tlog-checkpoint), with witnesses' cosignatures
          keys.txt            the log's verifier key, then the witnesses'
          answer.json         what the log's read model said about the subject as of the checkpoint
          records/<P>.json    the record at position P as stored (base64), with its inclusion proof
                              {"hashes":[…],"position":P,"record":"…","size":N}

        To check it: `fangxin evidence verify FILE --key VKEY`, with the log's verifier key obtained from the log's
        operator, not from this bundle. Without Fangxin: check MANIFEST.txt's and checkpoint.txt's Ed25519
        signatures, each file's SHA-256, and each record's RFC 9162 inclusion proof (leaf P − 1, leaf hash
        SHA-256(0x00 ‖ record)) against the checkpoint's root, as docs/PROOFS.md describes.

        The log's verifier key at export: \(vkey)
        Personal data in the records is sealed (docs/FORMAT.md, "Personal data"): this bundle reveals none.

        """
    }
}
