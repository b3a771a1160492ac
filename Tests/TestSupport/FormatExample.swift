import Foundation
import Ledger
import Synchronization

/// The worked example of docs/FORMAT.md and docs/PROOFS.md: two events of one complaint, at fixed times.
public enum FormatExample {
    public static func write(in directory: String) async throws {
        let now = Mutex<Int64>(1_776_241_800_000_000)   // 2026-04-15T08:30:00Z
        var options = Ledger.Options()
        options.clock = { Timestamp(rawValue: now.withLock { $0 }) }
        let ledger = try Ledger(directory: directory, options: options)
        _ = try await ledger.append(Append(
            stream: "complaint-1", expecting: .noStream, commandID: "cmd-1", actor: Actor(id: "hotline-12315", role: "system"),
            events: [NewEvent(type: "complaint.received", occurredAt: Timestamp(rawValue: 1_776_240_000_000_000), payload: Array(#"{"amountFen":19900}"#.utf8))]))
        now.withLock { $0 = 1_776_330_005_000_000 }   // 2026-04-16T09:00:05Z
        _ = try await ledger.append(Append(
            stream: "complaint-1", expecting: .exactly(1), commandID: "cmd-2", actor: Actor(id: "amr-330522-07", role: "regulator"),
            correlationID: "complaint-1", causationID: "cmd-1",
            events: [NewEvent(type: "complaint.accepted", occurredAt: Timestamp(rawValue: 1_776_330_000_000_000), payload: Array("{}".utf8))]))
        ledger.close()
    }
}
