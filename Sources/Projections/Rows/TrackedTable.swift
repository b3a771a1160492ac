/// A projection's state by key, remembering which entries changed since the rows were last taken.
///
/// Each key gets a slot, a small integer, when first seen: an event costs one hash lookup, and the values sit
/// in one array, changed in place without copying what they hold. A rebuild folds millions of events through
/// such a table; a dictionary of values and a set of changed keys cost two lookups and a copy each.
struct TrackedTable<Value> {
    private var slots: [String: Int] = [:]
    private(set) var keys = SlotArray<String>()
    private(set) var values = SlotArray<Value>()
    private var isChanged: [Bool] = []
    private var changed: [Int] = []

    init() {}

    func slot(of key: String) -> Int? { slots[key] }

    /// Stores `value` under `key`, in a new slot or over the old value, and marks it changed.
    @discardableResult
    mutating func set(_ key: String, _ value: Value) -> Int {
        let slot = store(key, value)
        markChanged(slot)
        return slot
    }

    /// Changes a value in place; `body` says whether it changed anything, and so whether to mark it.
    mutating func modify(_ slot: Int, _ body: (inout Value) -> Bool) {
        if body(&values[slot]) { markChanged(slot) }
    }

    /// Loads a stored value: it is not a change.
    @discardableResult
    mutating func restore(_ key: String, _ value: Value) -> Int {
        store(key, value)
    }

    /// The slots changed since the last call, each once, in the order they first changed.
    @discardableResult
    mutating func takeChanged() -> [Int] {
        for slot in changed { isChanged[slot] = false }
        defer { changed = [] }
        return changed
    }

    /// The slots changed since they were last taken or forgotten, each once, in the order they first changed.
    var changedSlots: [Int] { changed }

    /// Forgets the changed slots, keeping the list's storage: a fold that takes its changes after every event
    /// then allocates nothing here.
    mutating func forgetChanged() {
        for slot in changed { isChanged[slot] = false }
        changed.removeAll(keepingCapacity: true)
    }

    @discardableResult
    private mutating func store(_ key: String, _ value: Value) -> Int {
        if let slot = slots[key] {
            values[slot] = value
            return slot
        }
        let slot = values.count
        slots[key] = slot
        keys.append(key)
        values.append(value)
        isChanged.append(false)
        return slot
    }

    private mutating func markChanged(_ slot: Int) {
        guard !isChanged[slot] else { return }
        isChanged[slot] = true
        changed.append(slot)
    }
}

extension TrackedTable: Sendable where Value: Sendable {}
