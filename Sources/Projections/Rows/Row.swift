#if canImport(Glibc)
import Glibc   // memcmp
#else
import Darwin
#endif

/// One stored row of a read model. Keys sort byte by byte, as LMDB sorts them, so a read model's rows in key
/// order are its canonical bytes: what `rebuild --check` digests.
public struct Row: Hashable, Sendable {
    public var key: [UInt8]
    public var value: [UInt8]

    public init(key: [UInt8], value: [UInt8]) {
        self.key = key
        self.value = value
    }
}

/// Where a query reads rows from: the live store, or rows folded in memory for an earlier position.
public protocol RowReader {
    func value(for key: [UInt8]) throws -> [UInt8]?
    /// Visits the rows whose key starts with `prefix`, from the first key ≥ `start` (default: the prefix) in
    /// key order, until `body` returns false.
    func scan(prefix: [UInt8], from start: [UInt8]?, _ body: (_ key: [UInt8], _ value: [UInt8]) throws -> Bool) throws
}

extension RowReader {
    public func scan(prefix: [UInt8], _ body: (_ key: [UInt8], _ value: [UInt8]) throws -> Bool) throws {
        try scan(prefix: prefix, from: nil, body)
    }
}

/// Rows held in memory, sorted by key: a read model folded for a past position, or one rebuilt aside.
public struct SortedRows: RowReader, Sendable {
    public let rows: [Row]

    /// Sorts `rows`; a key given twice keeps its last value.
    public init(_ rows: [Row]) {
        let order = KeyOrder.sortedIndices(rows.map(\.key))
        var sorted: [Row] = []
        sorted.reserveCapacity(rows.count)
        for (offset, index) in order.enumerated() where offset + 1 == order.count || rows[order[offset + 1]].key != rows[index].key {
            sorted.append(rows[index])
        }
        self.rows = sorted
    }

    /// Byte order, as LMDB keeps its keys: negative when `a` comes first.
    public static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        let common = min(a.count, b.count)
        let order = common == 0 ? 0 : a.withUnsafeBytes { a in b.withUnsafeBytes { b in memcmp(a.baseAddress!, b.baseAddress!, common) } }
        return order != 0 ? Int(order) : a.count - b.count
    }

    public func value(for key: [UInt8]) -> [UInt8]? {
        let index = firstIndex(notBefore: key)
        return index < rows.count && rows[index].key == key ? rows[index].value : nil
    }

    public func scan(prefix: [UInt8], from start: [UInt8]?, _ body: ([UInt8], [UInt8]) throws -> Bool) throws {
        var index = firstIndex(notBefore: start ?? prefix)
        while index < rows.count, rows[index].key.starts(with: prefix) {
            guard try body(rows[index].key, rows[index].value) else { return }
            index += 1
        }
    }

    private func firstIndex(notBefore key: [UInt8]) -> Int {
        var low = 0, high = rows.count
        while low < high {
            let middle = (low + high) / 2
            if Self.compare(rows[middle].key, key) < 0 { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// A stored row that its projection cannot read back.
public struct RowError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
