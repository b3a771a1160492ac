public import Domain

/// Builds row keys that sort as their parts do: a table tag, then text ended by a zero byte, integers and days
/// big-endian (days offset so that earlier days sort first), and a closed list's member as one byte.
///
/// Each zero byte of a key costs one more in every version of its row (`VersionKey` escapes it), so a key holds
/// no wider integer than its values need: a member of a closed list (a case's kind, a limit, a tier, a category,
/// a channel) is its number in one byte, not eight.
public struct RowKey: Sendable {
    public private(set) var bytes: [UInt8]

    public init(table: UInt8) { bytes = [table] }

    public func adding(_ text: String) -> RowKey {
        var key = self
        key.bytes.append(contentsOf: text.utf8)
        key.bytes.append(0)
        return key
    }

    /// Text given as bytes, which hold no zero byte; ended by a zero byte as text is.
    func adding(bytes: [UInt8]) -> RowKey {
        var key = self
        key.bytes.append(contentsOf: bytes)
        key.bytes.append(0)
        return key
    }

    public func adding(_ number: UInt64) -> RowKey {
        var key = self
        withUnsafeBytes(of: number.bigEndian) { key.bytes.append(contentsOf: $0) }
        return key
    }

    public func adding(_ number: UInt32) -> RowKey {
        var key = self
        withUnsafeBytes(of: number.bigEndian) { key.bytes.append(contentsOf: $0) }
        return key
    }

    public func adding(_ number: UInt16) -> RowKey {
        var key = self
        withUnsafeBytes(of: number.bigEndian) { key.bytes.append(contentsOf: $0) }
        return key
    }

    /// A member of a closed list, as its number in one byte: every list a key holds has fewer than 256 members.
    public func adding<Choice: RawRepresentable>(choice: Choice) -> RowKey where Choice.RawValue == UInt64 {
        var key = self
        key.bytes.append(UInt8(truncatingIfNeeded: choice.rawValue))
        return key
    }

    public func adding(_ day: CivilDate) -> RowKey { adding(UInt32(bitPattern: Int32(day.daysSinceEpoch)) ^ 0x8000_0000) }
}

/// Reads the parts of a key built by `RowKey`, in order.
public struct RowKeyReader {
    private let bytes: [UInt8]
    private var offset: Int

    /// Starts after the table tag.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        offset = 1
    }

    public mutating func text() throws(RowError) -> String {
        guard let end = bytes[offset...].firstIndex(of: 0) else { throw RowError("a key's text part has no end") }
        defer { offset = end + 1 }
        return String(decoding: bytes[offset..<end], as: UTF8.self)
    }

    public mutating func uint64() throws(RowError) -> UInt64 {
        guard offset + 8 <= bytes.count else { throw RowError("a key ends inside an integer") }
        defer { offset += 8 }
        return bytes[offset..<(offset + 8)].reduce(0) { $0 << 8 | UInt64($1) }
    }

    public mutating func uint32() throws(RowError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw RowError("a key ends inside an integer") }
        defer { offset += 4 }
        return bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }

    public mutating func uint16() throws(RowError) -> UInt16 {
        guard offset + 2 <= bytes.count else { throw RowError("a key ends inside an integer") }
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    /// A member of a closed list written by `adding(choice:)`; nil when the byte names none.
    public mutating func choice<Choice: RawRepresentable>(_ type: Choice.Type) throws(RowError) -> Choice? where Choice.RawValue == UInt64 {
        guard offset < bytes.count else { throw RowError("a key ends before a closed list's member") }
        defer { offset += 1 }
        return Choice(rawValue: UInt64(bytes[offset]))
    }

    public mutating func day() throws(RowError) -> CivilDate {
        CivilDate(daysSinceEpoch: Int(Int32(bitPattern: try uint32() ^ 0x8000_0000)))
    }
}

extension PayloadError {
    /// This payload error as a row error, naming the read model and row kind.
    func row(_ what: String) -> RowError { RowError("\(what): \(self)") }
}
