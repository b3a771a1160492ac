import Ledger

/// Following the log as this process appends to it.
extension ProjectionRunner {
    /// Catches up, then waits for appends of this process and catches up again, until the task is cancelled
    /// or the ledger closes. After each catch-up, `reached` gets the position every model has reached. Each
    /// catch-up runs on a Dispatch thread: the first may fold the whole log.
    public func follow(reached: @Sendable (UInt64) -> Void = { _ in }) async throws(ReadModelError) {
        while !Task.isCancelled {
            let position = try await blocking { () throws(ReadModelError) in try self.catchUp().map(\.position).min() ?? 0 }
            reached(position)
            guard await ledger.waitForAppend(beyond: position) != nil else { return }
        }
    }
}
