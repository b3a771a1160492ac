#if canImport(Glibc)
import Glibc   // memcmp
#else
import Darwin
#endif

/// Sorts many byte keys, as LMDB orders them, without touching an array per comparison: the keys are copied
/// once into one buffer, and compared there. Sorting a rebuild's rows by their own arrays spent most of its time
/// retaining and releasing them.
public enum KeyOrder {
    /// The indices of `keys` in key order; equal keys keep the order they were given in.
    public static func sortedIndices(_ keys: [[UInt8]]) -> [Int] {
        sortedIndices(count: keys.count) { keys[$0] }
    }

    /// The same, for `count` keys handed over one by one by `key`, without an array of them.
    public static func sortedIndices(count: Int, _ key: (Int) -> [UInt8]) -> [Int] {
        let keys = 0..<count
        var offsets: [Int] = []
        offsets.reserveCapacity(count + 1)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * 48)
        for index in keys {
            offsets.append(bytes.count)
            bytes.append(contentsOf: key(index))
        }
        offsets.append(bytes.count)
        // A key's first 16 bytes as two big-endian integers, zero-padded: most keys differ there.
        var prefixes: [(UInt64, UInt64)] = []
        prefixes.reserveCapacity(count)
        for index in keys {
            var high: UInt64 = 0, low: UInt64 = 0
            let start = offsets[index], count = offsets[index + 1] - start
            for byte in 0..<8 { high = high << 8 | UInt64(byte < count ? bytes[start + byte] : 0) }
            for byte in 8..<16 { low = low << 8 | UInt64(byte < count ? bytes[start + byte] : 0) }
            prefixes.append((high, low))
        }
        return bytes.withUnsafeBufferPointer { buffer in
            offsets.withUnsafeBufferPointer { offsets in
                prefixes.withUnsafeBufferPointer { prefixes in
                    Array(keys).sorted { lhs, rhs in
                        if prefixes[lhs] != prefixes[rhs] { return prefixes[lhs] < prefixes[rhs] }
                        let a = offsets[lhs], b = offsets[rhs]
                        let aCount = offsets[lhs + 1] - a, bCount = offsets[rhs + 1] - b
                        let common = min(aCount, bCount)
                        let order = common == 0 ? 0 : Int(memcmp(buffer.baseAddress! + a, buffer.baseAddress! + b, common))
                        if order != 0 { return order < 0 }
                        return aCount != bCount ? aCount < bCount : lhs < rhs
                    }
                }
            }
        }
    }
}
