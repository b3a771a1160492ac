import ArgumentParser
import Foundation
import Ledger
import Transparency

struct Prove: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print Merkle proofs from the log's tiles: a record's inclusion, or one tree size's consistency with another.",
        subcommands: [Inclusion.self, Consistency.self])

    struct Inclusion: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Prove that the record at POSITION is in the tree of N records.",
            discussion: """
                --json prints {"hashes":[…],"position":P,"record":"<base64 envelope>","size":N}: record P is leaf P − 1, the \
                hashes are in RFC 9162 §2.1.3 order (docs/PROOFS.md).

                Examples:
                  fangxin prove inclusion 42
                  fangxin prove inclusion 42 --size 1000 --json
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The record's position (1 or more).") var position: UInt64
        @Option(help: ArgumentHelp("The tree size (default: every record).", valueName: "n")) var size: UInt64?
        @Flag(help: "Print one JSON object.") var json = false

        func run() throws {
            let ledger = try global.openForReading()
            let proof = try failing { try ledger.inclusionProof(position: position, size: size) }
            let root = try failing { try ledger.treeRoot(size: proof.size).root }
            let document = InclusionProofDocument(position: proof.position, size: proof.size, record: proof.record, hashes: proof.hashes)
            if json {
                print(String(decoding: try JSONEncoder.proofs.encode(document), as: UTF8.self))
            } else {
                print("record \(proof.position) (leaf \(proof.position - 1)) in the tree of \(proof.size) records, root \(root.base64)")
                print("leaf hash \(TreeHash.leaf(proof.record).base64)")
                for (index, hash) in proof.hashes.enumerated() { print("\(index) \(hash.base64)") }
            }
        }
    }

    struct Consistency: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Prove that the tree of M records is a prefix of the tree of N records.",
            discussion: """
                --json prints {"from":M,"hashes":[…],"to":N}, hashes in RFC 9162 §2.1.4 order (docs/PROOFS.md).

                Examples:
                  fangxin prove consistency 1000 2000 --json
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The smaller tree size.") var from: UInt64
        @Argument(help: "The larger tree size (default: every record).") var to: UInt64?
        @Flag(help: "Print one JSON object.") var json = false

        func run() throws {
            let ledger = try global.openForReading()
            let proof = try failing { try ledger.consistencyProof(from: from, to: to) }
            if json {
                print(String(decoding: try JSONEncoder.proofs.encode(ConsistencyProofDocument(from: proof.from, to: proof.to, hashes: proof.hashes)), as: UTF8.self))
            } else {
                let roots = try failing { (try ledger.treeRoot(size: proof.from).root, try ledger.treeRoot(size: proof.to).root) }
                print("tree of \(proof.from) records, root \(roots.0.base64)")
                print("is a prefix of the tree of \(proof.to) records, root \(roots.1.base64):")
                for (index, hash) in proof.hashes.enumerated() { print("\(index) \(hash.base64)") }
            }
        }
    }
}
