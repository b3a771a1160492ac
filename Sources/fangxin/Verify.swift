import ArgumentParser
import Foundation
import Ledger

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recompute the hash chain over the whole log and check every index.",
        discussion: """
            Checks that positions run from 1 without a gap, that every record's envelope is well formed, that each
            chain hash equals SHA-256(previous hash ‖ record bytes), that recorded times never decrease, that stream
            versions run from 1 without a gap, and that the streams, stream-index and commands databases agree with
            the records. Exits 0 when all holds; otherwise exits 1 and names the first bad position.

            Examples:
              fangxin verify
              fangxin verify --data /srv/fangxin --json
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
        let ledger = try global.openForReading()
        struct Line: Encodable {
            let ok: Bool
            var records: UInt64?, streams: Int?, commands: Int?, position: UInt64?, hash: String?
            var database: String?, problem: String?
        }
        do {
            let report = try failing {
                try ledger.verify { position in
                    if !json { printError("verified \(position) records…") }
                }
            }
            if json {
                print(jsonLine(Line(ok: true, records: report.records, streams: report.streams, commands: report.commands,
                                    position: report.head.position, hash: report.head.hash.hex)))
            } else {
                print("ok: \(report.records) records in \(report.streams) streams, \(report.commands) commands")
                print("head \(report.head.position) \(report.head.hash.hex)")
            }
        } catch let failure as VerificationFailure {
            if json {
                print(jsonLine(Line(ok: false, position: failure.position, database: failure.database, problem: failure.problem)))
            } else {
                printError("verify failed: \(failure)")
            }
            throw ExitCode.failure
        }
    }
}
