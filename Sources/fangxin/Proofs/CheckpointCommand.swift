import ArgumentParser
import Foundation
import Ledger
import Notary
import Transparency

struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign and print a checkpoint of the log's Merkle tree (C2SP tlog-checkpoint).",
        discussion: """
            The checkpoint is three lines — the origin (the key's name), the tree size and the base64 root hash — \
            then a blank line and the Ed25519 signature line. It is kept in DIR/checkpoints with every checkpoint \
            signed before, and refused if this ledger's tree is not consistent with the last of them.

            Examples:
              fangxin checkpoint --key zhejiang.key > checkpoint.txt
              fangxin checkpoint --key zhejiang.key --size 1000
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("The log's private key file.", valueName: "file")) var key: String
    @Option(help: ArgumentHelp("The tree size to sign (default: every record).", valueName: "n")) var size: UInt64?

    func run() throws {
        let signer = try KeyFiles.signer(at: key)
        guard signer.verifier.kind == .ed25519 else { throw ValidationError("\(key) is a witness's key; a checkpoint is signed with a log's key") }
        let ledger = try global.openForReading()
        let archive = try failing { try CheckpointArchive.open(in: global.data) }
        do {
            print(try CheckpointNotary(ledger: ledger, signer: signer, archive: archive).checkpoint(size: size).serialized, terminator: "")
        } catch {
            printError("fangxin checkpoint: \(error)")
            throw ExitCode(.failed)
        }
    }
}

extension CheckpointArchive {
    /// The archive beside a ledger, with a ledger-style error when it cannot be opened.
    static func open(in directory: String) throws(LedgerError) -> CheckpointArchive {
        do {
            return try CheckpointArchive(directory: directory)
        } catch {
            throw .storage("cannot open \(directory)/checkpoints: \(error)")
        }
    }
}
