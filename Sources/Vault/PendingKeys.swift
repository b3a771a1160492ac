/// Keys made for subjects that no recorded command names yet: held in memory until `keep` writes them, and
/// forgotten oldest first beyond `capacity`, so that commands refused after sealing grow nothing without bound.
struct PendingKeys {
    let capacity: Int
    private var keys: [String: (key: [UInt8], serial: UInt64)] = [:]
    /// Subjects in the order their keys were made; an entry whose serial no longer matches is stale.
    private var order: [(subject: String, serial: UInt64)] = []
    private var head = 0
    private var serial: UInt64 = 0

    init(capacity: Int) { self.capacity = capacity }

    subscript(subject: String) -> [UInt8]? { keys[subject]?.key }

    mutating func add(_ key: [UInt8], for subject: String) {
        serial += 1
        keys[subject] = (key, serial)
        order.append((subject, serial))
        while keys.count > capacity, head < order.count {
            let oldest = order[head]
            head += 1
            if keys[oldest.subject]?.serial == oldest.serial { keys[oldest.subject] = nil }
        }
        compact()
    }

    mutating func remove(_ subject: String) {
        keys[subject] = nil
        compact()
    }

    /// Drops the stale entries of `order` once they outnumber the live ones: amortised, never quadratic.
    private mutating func compact() {
        guard order.count - head > 2 * keys.count + 1_024 || head > 1_024 && head > order.count / 2 else { return }
        order = order[head...].filter { keys[$0.subject]?.serial == $0.serial }
        head = 0
    }
}
