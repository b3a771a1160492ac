import Foundation
import TestSupport
@testable import Ledger
import Testing

/// The directory holding the built executables (beside the test bundle).
var productsDirectory: URL {
    URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
}

let clerk = Actor(id: "clerk-7", role: "regulator")

func event(_ type: String = "thing.happened", _ text: String = "payload", at micros: Int64 = 1_700_000_000_000_000) -> NewEvent {
    NewEvent(type: type, occurredAt: Timestamp(rawValue: micros), payload: Array(text.utf8))
}

func append(_ stream: String, _ count: Int = 1, expecting: ExpectedVersion = .any, command: String? = nil) -> Append {
    Append(stream: stream, expecting: expecting, commandID: command, actor: clerk,
           events: (0..<count).map { event("thing.happened", "\(stream) #\($0)") })
}

/// A clock that only moves when told to, so tests can make it run backwards.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var micros: Int64
    init(_ micros: Int64) { self.micros = micros }
    func set(_ value: Int64) { lock.withLock { micros = value } }
    func read() -> Timestamp { lock.withLock { Timestamp(rawValue: micros) } }
}

/// Expects `body` to fail with exactly `expected`.
///
/// Used instead of `await #expect(throws: someLedgerError) { … }`, whose expansion overran the task
/// allocator under Swift 6.3 (AddressSanitizer: heap-buffer-overflow in the macro's generated code).
func expectRefusal(
    _ expected: LedgerError, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async {
    do {
        try await body()
        Issue.record("expected \(expected), but nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as LedgerError {
        #expect(error == expected, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(expected), got \(error)", sourceLocation: sourceLocation)
    }
}
