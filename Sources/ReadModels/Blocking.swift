import Dispatch

/// Runs blocking work (LMDB reads and writes, folds) on a Dispatch thread, so that it never holds one of the
/// few threads Swift's concurrency pool has for every connection.
public func blocking<R: Sendable, E: Error>(_ body: @escaping @Sendable () throws(E) -> R) async throws(E) -> R {
    let result: Result<R, E> = await withCheckedContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(returning: Result { () throws(E) -> R in try body() })
        }
    }
    return try result.get()
}
