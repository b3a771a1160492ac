import Foundation

/// Which streams a projection reads, matched on the stored name's bytes so that the events it skips cost no
/// decoding at all.
struct StreamFilter: Sendable {
    private let prefixes: [[UInt8]]

    /// An empty list reads every stream.
    init(prefixes: [String]) {
        self.prefixes = prefixes.map { Array($0.utf8) }
    }

    func matches(_ stream: UnsafeRawBufferPointer) -> Bool {
        if prefixes.isEmpty { return true }
        for prefix in prefixes where prefix.count <= stream.count {
            let equal = prefix.withUnsafeBytes { prefix in
                prefix.isEmpty || memcmp(prefix.baseAddress!, stream.baseAddress!, prefix.count) == 0
            }
            if equal { return true }
        }
        return false
    }
}
