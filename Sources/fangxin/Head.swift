import ArgumentParser
import Ledger

struct Head: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the last position of the log and its chain hash.",
        discussion: """
            The chain hash of the last record commits to every record before it: an auditor who noted it can \
            later prove that nothing up to that position changed.

            Examples:
              fangxin head
              fangxin head --json        {"hash":"…","position":1234}
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
        let ledger = try global.openForReading()
        let head = try failing { try ledger.head() }
        if json {
            struct Line: Encodable { let position: UInt64; let hash: String }
            print(jsonLine(Line(position: head.position, hash: head.hash.hex)))
        } else {
            print("position \(head.position)")
            print("hash     \(head.hash.hex)")
        }
    }
}
