import Foundation
import LMDB
import Testing
import TestSupport
@testable import Ledger
#if canImport(Glibc)
import Glibc
#endif

/// What the disk refuses, injected at the commit: a failed fsync (EIO) is never followed by an acknowledgement;
/// a full disk (ENOSPC) and a full map refuse the append with a clear error, lose nothing acknowledged, and
/// appends resume once there is room.
@Suite struct FailureTests {
    @Test func afterAFailedFsyncNothingIsAcknowledgedUntilTheLedgerIsReopened() async throws {
        let directory = try TemporaryDirectory()
        var ledger: Ledger? = try Ledger(directory: directory.path)
        let kept = try await ledger!.append(append("s", 1, command: "before"))
        ledger!.store.environment.injectCommitFailureForTesting(EIO)
        await #expect(throws: LedgerError.self) { try await ledger!.append(append("s", 1, command: "during")) }
        do {
            _ = try await ledger!.append(append("s", 1, command: "during"))
        } catch {
            guard case .syncFailed = error else { Issue.record("\(error)"); return }
            #expect(error.description.contains("reopened"))
        }
        // The disk works again, but this writer no longer trusts what it holds: still refused.
        ledger!.store.environment.injectCommitFailureForTesting(nil)
        await #expect(throws: LedgerError.self) { try await ledger!.append(append("s", 1, command: "after")) }
        ledger!.close()
        ledger = nil
        let reopened = try Ledger(directory: directory.path)
        defer { reopened.close() }
        #expect(try reopened.recordedCommand("before")?.positions == kept.positions)
        #expect(try reopened.recordedCommand("during") == nil)
        let resumed = try await reopened.append(append("s", 1, command: "after"))
        #expect(resumed.positions == 2...2 && resumed.streamVersions == 2...2)
        #expect(try reopened.verify().records == 2)
    }

    @Test func aFullDiskRefusesTheAppendAndAppendsResumeOnceThereIsRoom() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        defer { ledger.close() }
        _ = try await ledger.append(append("s", 2, command: "one"))
        ledger.store.environment.injectCommitFailureForTesting(ENOSPC)
        do {
            _ = try await ledger.append(append("s", 1, command: "two"))
            Issue.record("an append was acknowledged on a full disk")
        } catch {
            #expect(error.description.contains("the disk is full") && error.description.contains("resume once space is freed"))
        }
        ledger.store.environment.injectCommitFailureForTesting(nil)
        let two = try await ledger.append(append("s", 1, command: "two"))
        #expect(two.positions == 3...3 && two.streamVersions == 3...3)
        #expect(try ledger.verify().records == 3)
    }

    @Test func aFullMapRefusesTheAppendClearlyAndKeepsWhatWasAcknowledged() async throws {
        let directory = try TemporaryDirectory()
        var options = Ledger.Options()
        options.initialMapSizeBytes = 1 << 20
        options.mapSizeMaxBytes = 2 << 20
        let ledger = try Ledger(directory: directory.path, options: options)
        defer { ledger.close() }
        var acknowledged = 0
        var refusal: LedgerError?
        for number in 0..<2_000 {
            do {
                _ = try await ledger.append(Append(stream: "big-\(number)", commandID: "c-\(number)", actor: Actor(id: "a", role: "r"), events: [
                    NewEvent(type: "t", schemaVersion: 1, occurredAt: Timestamp(rawValue: 0), payload: Array(repeating: UInt8(number % 251), count: 4_000))]))
                acknowledged += 1
            } catch {
                refusal = error
                break
            }
        }
        let error = try #require(refusal, "2,000 records of 4 kB fitted in a 2 MiB map")
        #expect(error.description.contains("the map is full at its largest") && error.description.contains("nothing of this write was kept"))
        let report = try ledger.verify()
        #expect(report.records == UInt64(acknowledged) && acknowledged > 100)
    }
}
