import Dispatch

/// `body(i)` for each i in 0..<count, on as many threads as there are cores (inline for one), and the
/// results in order of i. Each call must touch only what is its own; results are written to separate slots.
public func concurrently<Result>(_ count: Int, _ body: (Int) -> Result) -> [Result] {
    if count == 1 { return [body(0)] }
    return [Result](unsafeUninitializedCapacity: count) { buffer, initialized in
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let body = body, buffer = buffer
            DispatchQueue.concurrentPerform(iterations: count) { index in (buffer.baseAddress! + index).initialize(to: body(index)) }
        }
        initialized = count
    }
}
