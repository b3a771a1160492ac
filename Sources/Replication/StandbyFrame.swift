public import Vault

/// One answer of a primary's standby stream (`GET /v1/standby/stream`, docs/REPLICAS.md): the records after the
/// standby's head, as stored, and the vault's slots after the standby's, with the primary's size when it answered.
///
/// On the wire, every integer big-endian:
///
///     "fangxin-standby/1\n"
///     u64 first position, u32 record count, each record: u32 length ‖ bytes
///     u64 first slot, u32 slot count, each slot: u16 subject length ‖ subject ‖ u8 kind (1: a key follows; 0: none) ‖ [32 bytes]
///     u64 the primary's size
///
/// A record is at most 16 MiB, a subject 1 to 200 bytes (0: a slot whose subject is not known any more), and the
/// whole frame at most `bytesMax`; anything else is refused by `init(parsing:)`, naming where.
public struct StandbyFrame: Sendable, Equatable {
    /// The position of the first record: the standby's head, plus one.
    public var first: UInt64
    public var records: [[UInt8]]
    /// The slot of the first key.
    public var firstSlot: UInt64
    public var keys: [MirroredKey]
    /// How many records the primary held when it answered.
    public var primarySize: UInt64

    public static let magic = Array("fangxin-standby/1\n".utf8)
    public static let recordBytesMax = 16 << 20
    public static let bytesMax = 32 << 20

    public init(first: UInt64, records: [[UInt8]], firstSlot: UInt64, keys: [MirroredKey], primarySize: UInt64) {
        self.first = first
        self.records = records
        self.firstSlot = firstSlot
        self.keys = keys
        self.primarySize = primarySize
    }

    public var encoded: [UInt8] {
        var bytes = Self.magic
        bytes.reserveCapacity(records.reduce(64) { $0 + 4 + $1.count } + keys.count * 48)
        BinaryLayout.append(first, to: &bytes)
        BinaryLayout.append(UInt32(records.count), to: &bytes)
        for record in records {
            BinaryLayout.append(UInt32(record.count), to: &bytes)
            bytes += record
        }
        BinaryLayout.append(firstSlot, to: &bytes)
        BinaryLayout.append(UInt32(keys.count), to: &bytes)
        for key in keys { BinaryLayout.append(key, to: &bytes) }
        BinaryLayout.append(primarySize, to: &bytes)
        return bytes
    }

    /// Reads a frame, every length checked against what remains and against the bounds above.
    public init(parsing bytes: [UInt8]) throws(ReplicationError) {
        guard bytes.count <= Self.bytesMax else { throw .malformed("a standby frame of \(bytes.count) bytes, more than \(Self.bytesMax)") }
        guard bytes.starts(with: Self.magic) else { throw .malformed("a standby frame does not begin with \"fangxin-standby/1\\n\"") }
        var reader = BinaryLayout.Reader<ReplicationError>(
            bytes: bytes, offset: Self.magic.count, cutShort: { .malformed("a standby frame ends inside \($0) (at byte \($1))") }, refused: { .malformed($0) })
        first = try reader.integer(UInt64.self, "the first position")
        guard first >= 1 else { throw .malformed("a standby frame's first position is 0") }
        let recordCount = try reader.integer(UInt32.self, "the record count")
        records = []
        for index in 0..<recordCount {
            let length = Int(try reader.integer(UInt32.self, "record \(index)'s length"))
            guard length <= Self.recordBytesMax else { throw .malformed("record \(index) of a standby frame is \(length) bytes, more than \(Self.recordBytesMax)") }
            records.append(try reader.bytes(length, "record \(index)"))
        }
        firstSlot = try reader.integer(UInt64.self, "the first slot")
        let keyCount = try reader.integer(UInt32.self, "the slot count")
        keys = []
        for index in 0..<UInt64(keyCount) {
            let (slot, overflow) = firstSlot.addingReportingOverflow(index)
            guard !overflow else { throw .malformed("slot \(index) lies beyond the last slot there can be") }
            keys.append(try reader.key(slot: slot, index: index))
        }
        primarySize = try reader.integer(UInt64.self, "the primary's size")
        guard reader.atEnd else { throw .malformed("a standby frame has \(bytes.count - reader.offset) bytes after its end") }
        let (last, overflow) = first.addingReportingOverflow(UInt64(records.count))
        guard !overflow, last - 1 <= primarySize else {
            throw .malformed("a standby frame carries records to position \(first) + \(records.count) − 1, beyond the primary's size \(primarySize)")
        }
    }
}
