import ArgumentParser
import Foundation
import Ledger

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record a few demonstration events in the ledger, verify it and show its head.",
        discussion: """
            Safe to run again: each demonstration command carries a command id, so a second run records nothing new.

            Example:
              fangxin demo && fangxin events
            """)

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let ledger = try global.openForWriting()
        let regulator = Actor(id: "changxing-amr-01", role: "regulator")
        let consumer = Actor(id: "12315-hotline", role: "system")
        let day: Int64 = 86_400_000_000
        let start: Int64 = 1_767_225_600_000_000   // 2026-01-01T00:00:00Z
        func event(_ type: String, _ json: String, day offset: Int64) -> NewEvent {
            NewEvent(type: type, occurredAt: Timestamp(rawValue: start + offset * day), payload: Array(json.utf8))
        }
        let script: [Append] = [
            Append(stream: "merchant-91330522MA2B3C4D57", expecting: .noStream, commandID: "demo-1", actor: regulator, events: [
                event("demo.merchant.applied", #"{"name":"长兴放心超市","region":"330522"}"#, day: 0),
                event("demo.merchant.pledged", #"{"pledge":"线下无理由退货","windowDays":7}"#, day: 1),
            ]),
            Append(stream: "complaint-2026-000001", expecting: .noStream, commandID: "demo-2", actor: consumer, events: [
                event("demo.complaint.received", #"{"channel":"12315-hotline","amountFen":19900}"#, day: 10),
            ]),
            Append(stream: "complaint-2026-000001", expecting: .exactly(1), commandID: "demo-3", actor: regulator,
                   correlationID: "complaint-2026-000001", events: [
                event("demo.complaint.accepted", #"{"workingDaysUsed":2}"#, day: 12),
                event("demo.complaint.closed", #"{"outcome":"refunded","amountFen":19900}"#, day: 20),
            ]),
        ]
        var recorded = 0
        for append in script {
            let result: AppendResult
            do {
                result = try await ledger.append(append)
            } catch {
                printError("fangxin demo: \(error)")
                throw ledgerUnavailable
            }
            if !result.alreadyRecorded { recorded += result.positions.count }
        }
        let report = try failing { try ledger.verify() }
        print("recorded \(recorded) new events in \(ledger.directory)")
        print("verified \(report.records) records in \(report.streams) streams")
        print("head \(report.head.position) \(report.head.hash.hex)")
        print("next: fangxin events --data \(global.data)")
    }
}
