/// Takes the commands on one stream in turn, within this process: a command is decided on the stream as it is
/// when its turn comes, so commands that arrive together on one stream queue instead of conflicting. (One
/// process writes a ledger at a time — `Ledger` holds a writer lock — so no other writer can slip in between.)
actor StreamTurns {
    /// Shared by every handler, whatever ledger it writes: keys name the ledger's directory and the stream.
    static let shared = StreamTurns()

    /// For each stream with a command under way, the commands waiting for their turn, in arrival order.
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// Runs `body` once every command that came before it on `key` has finished.
    nonisolated func inTurn<R: Sendable, Failure: Error>(_ key: String, _ body: () async throws(Failure) -> R) async throws(Failure) -> R {
        await begin(key)
        do {
            let result = try await body()
            await end(key)
            return result
        } catch {
            await end(key)
            throw error
        }
    }

    private func begin(_ key: String) async {
        guard waiting[key] != nil else {
            waiting[key] = []
            return
        }
        await withCheckedContinuation { waiting[key]!.append($0) }
    }

    private func end(_ key: String) {
        guard var queue = waiting[key], !queue.isEmpty else {
            waiting[key] = nil
            return
        }
        let next = queue.removeFirst()
        waiting[key] = queue
        next.resume()
    }
}
