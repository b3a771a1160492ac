import NIOPosix

/// Runs blocking work (LMDB reads and writes, folds) on NIO's shared thread pool, one thread per core: never on
/// one of the few threads Swift's concurrency pool has for every connection, and never on a thread made for the
/// occasion (Dispatch's global queue makes more as each one blocks, without bound).
public func blocking<R: Sendable, E: Error>(_ body: @escaping @Sendable () throws(E) -> R) async throws(E) -> R {
    let result: Result<R, E>
    do {
        result = try await NIOThreadPool.singleton.runIfActive { Result { () throws(E) -> R in try body() } }
    } catch {
        // The shared pool is never shut down; were it, the work is done here rather than not at all.
        result = Result { () throws(E) -> R in try body() }
    }
    return try result.get()
}
