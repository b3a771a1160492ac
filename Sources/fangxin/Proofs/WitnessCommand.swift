import ArgumentParser
import Foundation
import Logging
import Notary
import Service
import Transparency

struct WitnessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "witness",
        abstract: "Be a witness of logs: cosign a checkpoint only if it extends the last one cosigned (C2SP tlog-witness).",
        discussion: """
            What a second party (a provincial bureau, a court, an auditor's office) runs, with its own key \
            (`fangxin keys generate --witness`) and the verifier keys of the logs it watches. Its state is a folder:
            the last checkpoint cosigned for each log, replaced atomically, and evidence/ with every checkpoint it \
            refused because it does not extend that one, kept beside it.
            """,
        subcommands: [AddCheckpoint.self, Serve.self])

    struct WitnessOptions: ParsableArguments {
        @Option(help: ArgumentHelp("The witness's private key file.", valueName: "file")) var key: String
        @Option(help: ArgumentHelp("The witness's state folder.", valueName: "dir")) var state: String
        @Option(help: ArgumentHelp("A watched log's verifier key, or a file holding it; repeat for several.", valueName: "vkey"))
        var log: [String]

        func witness() throws -> Witness {
            let signer = try KeyFiles.signer(at: key)
            let logs = try log.map(KeyFiles.verifier)
            do {
                return try Witness(signer: signer, logs: logs, directory: state)
            } catch {
                throw ValidationError("\(error)")
            }
        }
    }

    struct AddCheckpoint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-checkpoint",
            abstract: "Cosign a checkpoint given as files; print the cosignature line.",
            discussion: """
                Give --request, a tlog-witness add-checkpoint body (`old SIZE`, the proof's lines, a blank line, the \
                checkpoint), or --checkpoint with --proof, the JSON of `fangxin prove consistency OLD NEW --json` (no \
                --proof for the first checkpoint of a log). Exits 0 with the cosignature line on standard output; 1 when \
                refused, saying why (409: the witness holds another size, printed).

                Examples:
                  fangxin prove consistency 600 --json > proof.json
                  fangxin witness add-checkpoint --key witness.key --state witness/ --log zhejiang.vkey \\
                    --checkpoint checkpoint.txt --proof proof.json
                """)

        @OptionGroup var options: WitnessOptions
        @Option(help: ArgumentHelp("An add-checkpoint request body (- reads standard input).", valueName: "file")) var request: String?
        @Option(help: ArgumentHelp("A signed checkpoint.", valueName: "file")) var checkpoint: String?
        @Option(help: ArgumentHelp("The consistency proof from the size the witness holds, as `prove consistency --json` prints it.", valueName: "file"))
        var proof: String?

        func validate() throws {
            guard (request == nil) != (checkpoint == nil) else { throw ValidationError("give --request, or --checkpoint (with --proof after the first)") }
            if proof != nil && checkpoint == nil { throw ValidationError("--proof goes with --checkpoint") }
        }

        func run() throws {
            let witness = try options.witness()
            let body: String
            if let request {
                let data = try OutsideFile.read(request, atMost: OutsideFile.noteBytesMax, what: "an add-checkpoint request")
                body = String(decoding: data, as: UTF8.self)
            } else {
                let note = try KeyFiles.note(at: checkpoint!)
                var old: UInt64 = 0
                var hashes: [TreeHash] = []
                if let proof {
                    guard let document = try? JSONDecoder().decode(ConsistencyProofDocument.self,
                                                                    from: try OutsideFile.read(proof, atMost: OutsideFile.noteBytesMax, what: "a consistency proof")) else {
                        throw ValidationError("\(proof) is not the JSON of `fangxin prove consistency --json`")
                    }
                    hashes = document.hashes.compactMap { TreeHash(base64: $0) }
                    guard hashes.count == document.hashes.count else { throw ValidationError("\(proof) holds a hash that is not base64 of 32 bytes") }
                    old = document.from
                }
                body = AddCheckpointRequest(oldSize: old, proof: hashes, note: note).body
            }
            let answer = witness.addCheckpoint(body)
            if answer.status == 200 {
                print(answer.body, terminator: "")
            } else {
                printError("fangxin witness: refused (\(answer.status)): \(answer.body.trimmingCharacters(in: .whitespacesAndNewlines))")
                throw ExitCode(.failed)
            }
        }
    }

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the witness over HTTP: POST /add-checkpoint, GET /<origin hash>/checkpoint.",
            discussion: """
                Example:
                  fangxin witness serve --key witness.key --state witness/ --log zhejiang.vkey --port 8090
                  fangxin serve --signing-key zhejiang.key --witness http://127.0.0.1:8090=$(cat witness.vkey)
                """)

        @OptionGroup var options: WitnessOptions
        @Option(help: "The address to listen on.") var host = "127.0.0.1"
        @Option(help: "The port to listen on.") var port = 8090

        func run() async throws {
            let witness = try options.witness()
            print("witness \(witness.signer.verifier.vkey)")
            fflush(nil)
            try await WitnessServer(witness: witness, host: host, port: port, logger: Logger(label: "fangxin-witness")).run()
        }
    }
}
