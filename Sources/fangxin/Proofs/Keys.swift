import ArgumentParser
import Transparency

struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make the Ed25519 keys that sign checkpoints (a log's) and cosign them (a witness's).",
        subcommands: [Generate.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new private key file and print its verifier key.",
            discussion: """
                The file (mode 0600, never overwritten) holds one line, PRIVATE+KEY+NAME+KEYID+BASE64, as Go's \
                golang.org/x/mod/sumdb/note writes signer keys. Standard output gets the verifier key, \
                NAME+KEYID+BASE64 (C2SP signed-note), which is what auditors, witnesses and `fangxin verify` are given.

                A log's key name is its checkpoints' origin line: name it after the log, as a URL without scheme.

                Examples:
                  fangxin keys generate --name fangxin.example/zhejiang --out zhejiang.key
                  fangxin keys generate --witness --name court.example/witness --out witness.key
                """)

        @Option(help: ArgumentHelp("The key's name: a log's origin, or a witness's name (no space, no plus).", valueName: "name"))
        var name: String
        @Option(help: ArgumentHelp("The private key file to create.", valueName: "file"))
        var out: String
        @Flag(help: "A witness's key, which cosigns (C2SP tlog-cosignature/v1, signature type 0x04), rather than a log's.")
        var witness = false

        func run() throws {
            let signer: NoteSigner
            do {
                signer = try NoteSigner.generate(name: name, kind: witness ? .cosignature : .ed25519)
            } catch {
                throw ValidationError("\(error)")
            }
            try KeyFiles.writeSecret(signer.privateKeyText, to: out)
            print(signer.verifier.vkey)
        }
    }
}
