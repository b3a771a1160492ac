/// Entries laid end to end in one buffer: a key's byte count and its value's (u32 each, little-endian), the key,
/// the value. How a rebuild's sorted runs are written to their file, and how merged entries wait for a commit.
struct RunEntries {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    var isEmpty: Bool { bytes.isEmpty }

    mutating func append(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        header(key.count, value.count)
        bytes.append(contentsOf: key)
        bytes.append(contentsOf: value)
    }

    mutating func append(key: [UInt8], value: [UInt8]) {
        header(key.count, value.count)
        bytes.append(contentsOf: key)
        bytes.append(contentsOf: value)
    }

    /// Appends a live row of a model with history: its value stamped with its position (`LiveRow`).
    mutating func append(key: [UInt8], stamp position: UInt64, value: [UInt8]) {
        header(key.count, LiveRow.stampCount + value.count)
        bytes.append(contentsOf: key)
        LiveRow.appendStamp(position, to: &bytes)
        bytes.append(contentsOf: value)
    }

    /// Appends an entry whose key `writeKey` appends to the buffer it is given; returns the key's byte count.
    @discardableResult
    mutating func append(value: [UInt8], key writeKey: (inout [UInt8]) -> Void) -> Int {
        let start = bytes.count
        header(0, value.count)
        writeKey(&bytes)
        let keyCount = bytes.count - start - 8
        for byte in 0..<4 { bytes[start + byte] = UInt8(truncatingIfNeeded: keyCount >> (8 * byte)) }
        bytes.append(contentsOf: value)
        return keyCount
    }

    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    /// Each entry in order.
    func forEach(_ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void) rethrows {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let (keyCount, valueCount) = Self.counts(buffer, at: offset)
                let key = offset + 8, value = key + keyCount
                try body(UnsafeRawBufferPointer(rebasing: buffer[key..<value]), UnsafeRawBufferPointer(rebasing: buffer[value..<(value + valueCount)]))
                offset = value + valueCount
            }
        }
    }

    /// The key's and the value's byte counts in the header at `offset`.
    static func counts<Bytes: Collection<UInt8>>(_ buffer: Bytes, at offset: Int) -> (key: Int, value: Int) where Bytes.Index == Int {
        var key = 0, value = 0
        for byte in 0..<4 {
            key |= Int(buffer[offset + byte]) << (8 * byte)
            value |= Int(buffer[offset + 4 + byte]) << (8 * byte)
        }
        return (key, value)
    }

    private mutating func header(_ keyCount: Int, _ valueCount: Int) {
        for byte in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: keyCount >> (8 * byte))) }
        for byte in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: valueCount >> (8 * byte))) }
    }
}
