/// How a row's versions are keyed in a read model's history: the row's key escaped, ended, then the position of
/// the event that wrote the version, so that all versions of one row sit together, oldest first, and rows sort
/// as their keys do (docs/READMODELS.md, "History").
///
/// Escaping turns each zero byte of the key into 00 FF and ends the key with 00 00. No escaped key is then a
/// prefix of another's versions, and escaping keeps the order of keys.
enum VersionKey {
    /// The escaped key and its end, without a position: every version of `key` starts with it.
    static func group(_ key: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(key.count + 12)
        appendGroup(of: key, to: &bytes)
        return bytes
    }

    /// The escaped bytes of `prefix`, unended: every version of every key that starts with `prefix` starts with these.
    static func escaped(_ prefix: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(prefix.count + 12)
        for byte in prefix {
            bytes.append(byte)
            if byte == 0 { bytes.append(0xFF) }
        }
        return bytes
    }

    /// The version of `key` written at `position`.
    static func version(_ key: [UInt8], at position: UInt64) -> [UInt8] {
        appending(position, to: group(key))
    }

    /// Appends the version key of `key` at `position` to `bytes`: the same bytes as `version(_:at:)`, written
    /// in place (a rebuild builds one per version).
    static func appendVersion(of key: [UInt8], at position: UInt64, to bytes: inout [UInt8]) {
        key.withUnsafeBufferPointer { key in
            var zeros = 0
            for byte in key where byte == 0 { zeros += 1 }
            let start = bytes.count, count = key.count + zeros + 10
            bytes.append(contentsOf: repeatElement(0, count: count))
            bytes.withUnsafeMutableBufferPointer { buffer in
                var offset = start
                for byte in key {
                    buffer[offset] = byte
                    offset += 1
                    if byte == 0 {
                        buffer[offset] = 0xFF
                        offset += 1
                    }
                }
                // The end marker 00 00 is already there; then the position, big-endian.
                offset += 2
                for shift in stride(from: 56, through: 0, by: -8) {
                    buffer[offset] = UInt8(truncatingIfNeeded: position >> UInt64(shift))
                    offset += 1
                }
            }
        }
    }

    /// Appends the group of `key` (its escaped bytes and end) to `bytes`, without an array of its own.
    static func appendGroup(of key: [UInt8], to bytes: inout [UInt8]) {
        for byte in key {
            bytes.append(byte)
            if byte == 0 { bytes.append(0xFF) }
        }
        bytes.append(0)
        bytes.append(0)
    }

    /// Appends a position, big-endian, to `bytes`: in a version key, and as a live row's stamp (`LiveRow`).
    static func appendPosition(_ position: UInt64, to bytes: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: position >> UInt64(shift))) }
    }

    static func appending(_ position: UInt64, to group: [UInt8]) -> [UInt8] {
        var bytes = group
        appendPosition(position, to: &bytes)
        return bytes
    }

    /// A key just past every version of the group: where the next row's versions begin, or later.
    static func after(_ group: [UInt8]) -> [UInt8] {
        var bytes = group
        bytes[bytes.count - 1] = 1
        return bytes
    }

    /// Splits a stored version key into its group and position; nil when it is not one.
    static func split(_ stored: [UInt8]) -> (group: ArraySlice<UInt8>, position: UInt64)? {
        guard stored.count >= 10, stored[stored.count - 10] == 0, stored[stored.count - 9] == 0 else { return nil }
        let position = stored[(stored.count - 8)...].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return (stored[..<(stored.count - 8)], position)
    }

    /// The row key a group escapes; nil when the bytes are not an escaped, ended key.
    static func key(of group: ArraySlice<UInt8>) -> [UInt8]? {
        var key: [UInt8] = []
        key.reserveCapacity(group.count)
        var index = group.startIndex
        while index < group.endIndex {
            let byte = group[index]
            if byte == 0 {
                guard index + 1 < group.endIndex else { return nil }
                if group[index + 1] == 0 { return index + 2 == group.endIndex ? key : nil }
                guard group[index + 1] == 0xFF else { return nil }
                index += 1
            }
            key.append(byte)
            index += 1
        }
        return nil
    }
}
