import Synchronization

/// Takes the commands on one stream in turn, within this process: a command is decided on the stream as it is
/// when its turn comes, so commands that arrive together on one stream queue instead of conflicting. (One
/// process writes a ledger at a time — `Ledger` holds a writer lock — so no other writer can slip in between.)
///
/// A command on a stream nobody else is writing takes its turn at once, under a lock held for a dictionary
/// update; only one that finds the stream busy waits, and is woken when its turn comes.
final class StreamTurns: Sendable {
    /// Shared by every handler, whatever ledger it writes: keys name the ledger's directory and the stream.
    static let shared = StreamTurns()

    /// For each stream with a command under way, the commands waiting for their turn, in arrival order.
    private let waiting = Mutex<[String: [CheckedContinuation<Void, Never>]]>([:])

    /// Runs `body` once every command that came before it on `key` has finished.
    func inTurn<R: Sendable, Failure: Error>(_ key: String, _ body: () async throws(Failure) -> R) async throws(Failure) -> R {
        let free = waiting.withLock { waiting in
            guard waiting[key] == nil else { return false }
            waiting[key] = []
            return true
        }
        if !free {
            await withCheckedContinuation { continuation in
                // The stream may have come free since: then this command's turn is now.
                let queued = waiting.withLock { waiting in
                    guard waiting[key] != nil else {
                        waiting[key] = []
                        return false
                    }
                    waiting[key]!.append(continuation)
                    return true
                }
                if !queued { continuation.resume() }
            }
        }
        defer { end(key) }
        return try await body()
    }

    /// Hands the stream to the next command waiting for it, or frees it.
    private func end(_ key: String) {
        let next = waiting.withLock { waiting -> CheckedContinuation<Void, Never>? in
            guard var queue = waiting[key], !queue.isEmpty else {
                waiting[key] = nil
                return nil
            }
            let next = queue.removeFirst()
            waiting[key] = queue
            return next
        }
        next?.resume()
    }
}
