// A child process for the crash tests: appends to a ledger until it is killed, and prints a line for every
// append the ledger acknowledged. Usage: ledger-crash-writer DIRECTORY synced|deferred
import Foundation
import Ledger

let arguments = CommandLine.arguments
guard arguments.count == 3, let durability = ["synced": Durability.synced, "deferred": .deferred][arguments[2]] else {
    FileHandle.standardError.write(Data("usage: ledger-crash-writer DIRECTORY synced|deferred\n".utf8))
    exit(2)
}
let ledger: Ledger
do { ledger = try Ledger(directory: arguments[1]) } catch {
    FileHandle.standardError.write(Data("ledger-crash-writer: \(error)\n".utf8))
    exit(1)
}
let output = NSLock()

/// "ack POSITION STREAM VERSION", one line each, written straight to the pipe.
func acknowledge(_ result: AppendResult, stream: String) {
    var lines = ""
    for (position, version) in zip(result.positions, result.streamVersions) {
        lines += "ack \(position) \(stream) \(version)\n"
    }
    output.withLock { FileHandle.standardOutput.write(Data(lines.utf8)) }
}

func payload(_ stream: String, _ index: Int) -> [UInt8] {
    Array("\(stream) event \(index) ".utf8) + Array(repeating: UInt8(ascii: "."), count: 200)
}

let writers = 8
await withTaskGroup(of: Void.self) { group in
    for writer in 0..<writers {
        group.addTask {
            var index = 0
            while true {
                index += 1
                let streams = (0..<(durability == .synced ? 1 : 200)).map { "crash-\(writer)-\(($0 + index) % 50)" }
                let appends = streams.map { stream in
                    Append(stream: stream, actor: Actor(id: "crash-writer", role: "test"), events: [
                        NewEvent(type: "crash.tick", occurredAt: Timestamp(rawValue: Int64(index)), payload: payload(stream, index)),
                        NewEvent(type: "crash.tock", occurredAt: Timestamp(rawValue: Int64(index)), payload: payload(stream, index)),
                    ])
                }
                for (stream, result) in zip(streams, await ledger.append(appends, durability: durability)) {
                    guard case .success(let written) = result else { fatalError("append failed: \(result)") }
                    acknowledge(written, stream: stream)
                }
            }
        }
    }
}
