import ArgumentParser
import Domain
import Foundation

struct BenchDecode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode stored complaint payloads, as a rebuild does.",
        discussion: """
            Encodes a realistic mix of complaint events off the clock (received, accepted, mediation, compensation, \
            closing, feedback), then times decoding every one into its typed event. Rebuilds need 1,000,000 events/s.

            Example:
              fangxin bench decode --events 1000000 --json
            """)

    @Option(help: "Events to decode.") var events = 1_000_000
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        guard events > 0 else { throw ValidationError("--events must be positive") }
    }

    func run() throws {
        let day = CivilDate("2025-09-26")!
        let sample: [ComplaintEvent] = [
            .received(.init(channel: .hotline12315, consumer: "consumer-2025-000123", consumerName: SealedPersonalData(subject: "consumer-2025-000123", box: Array(repeating: 7, count: 40)),
                            consumerPhone: nil, merchant: try UnifiedSocialCreditCode("91330522MA2B3C4D57"), merchantName: "长兴放心超市",
                            category: .goods, subcategory: "家用电器", amountInDisputeFen: 29_900, receivedRegion: try RegionCode("330522"),
                            merchantRegion: try RegionCode("330522"), receivedOn: day, regime: .order20, acceptanceDue: Deadline(date: day, isProvisional: false))),
            .accepted(.init(acceptedOn: day, mediationDue: Deadline(date: day, isProvisional: false))),
            .mediationStarted(.init(startedOn: day, mode: .administrative)),
            .mediationEnded(.init(endedOn: day, outcome: .agreement, reason: nil)),
            .compensated(.init(paidOn: day, amountFen: 29_900, payer: .merchant, kind: .refund)),
            .closed(.init(closedOn: day)),
            .feedbackGiven(on: day),
        ]
        let stored = sample.map { (type: $0.type, bytes: $0.encoded()) }
        var decoded = 0
        let start = monotonicSeconds()
        for index in 0..<events {
            let event = stored[index % stored.count]
            if try ComplaintEvent.decode(type: event.type, schemaVersion: 1, event.bytes) != nil { decoded += 1 }
        }
        let seconds = monotonicSeconds() - start
        struct Report: Encodable { let events: Int, seconds: Double, eventsPerSecond: Double }
        let report = Report(events: decoded, seconds: seconds, eventsPerSecond: Double(decoded) / seconds)
        if json { print(jsonLine(report)) } else { print("decoded \(decoded) complaint events in \(String(format: "%.3f", seconds)) s: \(Int(report.eventsPerSecond)) events/s") }
    }
}
