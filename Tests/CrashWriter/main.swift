// A child process for the crash tests and the crash explorer (tools/crash-explore).
//
//   ledger-crash-writer DIRECTORY synced|deferred [APPENDS [INDEX_BATCH]]
//     appends from 8 concurrent writers until killed, or until APPENDS appends were acknowledged (then closes),
//     and prints "ack POSITION STREAM VERSION" for every event of every append the ledger acknowledged; with
//     INDEX_BATCH, a commit writes the indexes once that many events are unindexed (else the ledger's default);
//   ledger-crash-writer DIRECTORY sealed|sealed-key-last|import APPENDS
//     seals a new person's name and appends it, APPENDS times (the key kept first, or wrongly after), or records
//     the first APPENDS lines of the demo's complaint scenario as `fangxin import` does, with the vault in
//     DIRECTORY/vault; prints "ack …" as above;
//   ledger-crash-writer DIRECTORY resume [ACKNOWLEDGED]
//     opens the ledger for writing as after a crash (recovering its indexes), checks that every "ack" line of the
//     file ACKNOWLEDGED names the event at its position and that every sealed value opens with the vault, appends
//     one event, verifies the whole log and prints "resumed POSITION RECORDS"; exits 1, naming the fault, when any
//     of it fails.
import Foundation
import Ledger
import Synchronization

let usage = "usage: ledger-crash-writer DIRECTORY synced|deferred [APPENDS [INDEX_BATCH]] | DIRECTORY sealed|sealed-key-last|import APPENDS | DIRECTORY resume [ACKNOWLEDGED]"
let arguments = CommandLine.arguments
func fail(_ message: String, status: Int32) -> Never {
    FileHandle.standardError.write(Data("ledger-crash-writer: \(message)\n".utf8))
    exit(status)
}
guard arguments.count >= 3 else { fail(usage, status: 2) }
var options = Ledger.Options()
if arguments.count == 5 {
    guard let batch = Int(arguments[4]), batch > 0 else { fail(usage, status: 2) }
    options.pendingEventsMaxForTesting = (synced: batch, deferred: batch)
}
let ledger: Ledger
do { ledger = try Ledger(directory: arguments[1], options: options) } catch { fail("\(error)", status: 1) }

let actor = Actor(id: "crash-writer", role: "test")
func payload(_ stream: String, _ index: Int) -> [UInt8] {
    Array("\(stream) event \(index) ".utf8) + Array(repeating: UInt8(ascii: "."), count: 200)
}

let output = NSLock()
let acknowledgedAppends = Atomic<Int>(0)

/// "ack POSITION STREAM VERSION", one line each, written straight to the pipe.
func acknowledge(_ result: AppendResult, stream: String) {
    var lines = ""
    for (position, version) in zip(result.positions, result.streamVersions) {
        lines += "ack \(position) \(stream) \(version)\n"
    }
    output.withLock { FileHandle.standardOutput.write(Data(lines.utf8)) }
}

if ["sealed", "sealed-key-last", "import"].contains(arguments[2]) {
    guard arguments.count == 4, let count = Int(arguments[3]), count > 0 else { fail(usage, status: 2) }
    do {
        if arguments[2] == "import" {
            try await SealedWorkloads.importing(ledger: ledger, count: count, acknowledge: acknowledge)
        } else {
            try await SealedWorkloads.sealed(ledger: ledger, directory: arguments[1], count: count, keyLast: arguments[2] == "sealed-key-last",
                                             acknowledge: acknowledge)
        }
    } catch { fail("\(error)", status: 1) }
    ledger.close()
    exit(0)
}

if arguments[2] == "resume" {
    guard arguments.count <= 4 else { fail(usage, status: 2) }
    do {
        if arguments.count == 4 {
            let lines = try String(contentsOfFile: arguments[3], encoding: .utf8).split(separator: "\n")
            for line in lines {
                let fields = line.split(separator: " ")
                guard fields.count == 4, fields[0] == "ack", let position = UInt64(fields[1]), let version = UInt64(fields[3]) else {
                    fail("\(arguments[3]): not an acknowledgement: \(line)", status: 2)
                }
                guard let event = try ledger.read(from: position, limit: 1).first, event.position == position else {
                    fail("acknowledged position \(position) (\(fields[2]) version \(version)) is missing", status: 1)
                }
                guard event.stream == fields[2] && event.streamVersion == version else {
                    fail("position \(position) holds \(event.stream) version \(event.streamVersion), acknowledged as \(fields[2]) version \(version)", status: 1)
                }
            }
        }
        if let unopened = try SealedWorkloads.unopened(ledger: ledger, directory: arguments[1]) { fail(unopened, status: 1) }
        let written = try await ledger.append(Append(stream: "after-crash", actor: actor, events: [
            NewEvent(type: "crash.resumed", occurredAt: Timestamp(rawValue: 0), payload: payload("after-crash", 0)),
        ]))
        let report = try ledger.verify()
        guard report.records == written.positions.upperBound else {
            fail("the append after the crash took position \(written.positions.upperBound) of \(report.records)", status: 1)
        }
        print("resumed \(written.positions.upperBound) \(report.records)")
        ledger.close()
        exit(0)
    } catch { fail("\(error)", status: 1) }
}

guard arguments.count <= 5, let durability = ["synced": Durability.synced, "deferred": .deferred][arguments[2]] else { fail(usage, status: 2) }
let appendsMax: Int
if arguments.count >= 4 {
    guard let count = Int(arguments[3]), count > 0 else { fail(usage, status: 2) }
    appendsMax = count
} else {
    appendsMax = .max
}
let writers = 8
await withTaskGroup(of: Void.self) { group in
    for writer in 0..<writers {
        group.addTask {
            var index = 0
            while acknowledgedAppends.load(ordering: .relaxed) < appendsMax {
                index += 1
                // Deferred appends go 200 to a batch when killed (the SIGKILL test), one when counted (the explorer).
                let streams = (0..<(durability == .synced || appendsMax != .max ? 1 : 200)).map { "crash-\(writer)-\(($0 + index) % 50)" }
                let appends = streams.map { stream in
                    Append(stream: stream, actor: actor, events: [
                        NewEvent(type: "crash.tick", occurredAt: Timestamp(rawValue: Int64(index)), payload: payload(stream, index)),
                        NewEvent(type: "crash.tock", occurredAt: Timestamp(rawValue: Int64(index)), payload: payload(stream, index)),
                    ])
                }
                for (stream, result) in zip(streams, await ledger.append(appends, durability: durability)) {
                    guard case .success(let written) = result else { fatalError("append failed: \(result)") }
                    acknowledge(written, stream: stream)
                    acknowledgedAppends.add(1, ordering: .relaxed)
                }
            }
        }
    }
}
if durability == .deferred { try? ledger.flush() }
ledger.close()
