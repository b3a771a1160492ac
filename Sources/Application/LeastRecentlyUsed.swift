/// A dictionary that holds at most `capacity` keys: past it, it forgets the one least recently used, rather than
/// all at once, so that what is in use stays. Values `pinned` says must stay are passed over.
///
/// The order is a list linked through an array by index: a look-up, an insertion and a removal each cost one hash
/// and a few index updates.
struct LeastRecentlyUsed<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Node: Sendable {
        var key: Key
        var value: Value
        var older: Int
        var newer: Int
    }

    private static var none: Int { -1 }
    private var slots: [Key: Int] = [:]
    private var nodes: [Node] = []
    private var free: [Int] = []
    private var newest = Self.none
    private var oldest = Self.none
    let capacity: Int

    init(capacity: Int) {
        precondition(capacity > 0, "a cache holds at least one key")
        self.capacity = capacity
    }

    var count: Int { slots.count }

    /// The value for `key`, which becomes the most recently used.
    mutating func value(for key: Key) -> Value? {
        guard let slot = slots[key] else { return nil }
        touch(slot)
        return nodes[slot].value
    }

    /// Changes the value for `key` in place; nil when it is not kept.
    mutating func update<R, E: Error>(_ key: Key, _ body: (inout Value) throws(E) -> R) throws(E) -> R? {
        guard let slot = slots[key] else { return nil }
        touch(slot)
        return try body(&nodes[slot].value)
    }

    /// Keeps `value` for `key`, the most recently used; then, while more than `capacity` are kept, forgets the least
    /// recently used that `pinned` does not hold.
    mutating func set(_ value: Value, for key: Key, pinned: (Value) -> Bool) {
        if let slot = slots[key] {
            nodes[slot].value = value
            touch(slot)
        } else {
            let node = Node(key: key, value: value, older: newest, newer: Self.none)
            let slot: Int
            if let reused = free.popLast() {
                slot = reused
                nodes[slot] = node
            } else {
                slot = nodes.count
                nodes.append(node)
            }
            if newest != Self.none { nodes[newest].newer = slot }
            newest = slot
            if oldest == Self.none { oldest = slot }
            slots[key] = slot
        }
        // Each pinned value passed over becomes the newest: after `count` of them, every one is pinned.
        var passedOver = 0
        while slots.count > capacity, passedOver < slots.count {
            let slot = oldest
            if pinned(nodes[slot].value) {
                touch(slot)
                passedOver += 1
            } else {
                remove(nodes[slot].key)
            }
        }
    }

    /// Forgets `key`.
    mutating func remove(_ key: Key) {
        guard let slot = slots.removeValue(forKey: key) else { return }
        unlink(slot)
        free.append(slot)
    }

    /// Makes the node at `slot` the most recently used.
    private mutating func touch(_ slot: Int) {
        guard slot != newest else { return }
        unlink(slot)
        nodes[slot].older = newest
        nodes[slot].newer = Self.none
        if newest != Self.none { nodes[newest].newer = slot }
        newest = slot
        if oldest == Self.none { oldest = slot }
    }

    private mutating func unlink(_ slot: Int) {
        let (older, newer) = (nodes[slot].older, nodes[slot].newer)
        if older != Self.none { nodes[older].newer = newer } else { oldest = newer }
        if newer != Self.none { nodes[newer].older = older } else { newest = older }
    }
}
