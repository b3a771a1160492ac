import Foundation
import LMDB
import Transparency

/// The ledger's named databases and their keys. See docs/FORMAT.md.
struct LedgerStore: Sendable {
    static let formatName = "fangxin-ledger"
    static let formatVersion: UInt32 = 1

    let environment: Environment
    /// position (u64) → record envelope
    let records: Database
    /// stream (UTF-8) → stream number (u64) ‖ last version (u64)
    let streams: Database
    /// stream number (u64) ‖ version (u64) → position (u64)
    let streamIndex: Database
    /// command id (UTF-8) → first position (u64) ‖ event count (u32)
    let commands: Database
    /// "format" → "fangxin-ledger" ‖ format version (u32); "indexed-through" → position (u64);
    /// "tree-size" → the records the tiles cover (u64)
    let meta: Database
    /// level (u8) ‖ tile index (u64) → the tile's hashes, 32 bytes each (C2SP tlog-tiles, height 8)
    let tiles: Database

    static let indexedThroughKey = Array("indexed-through".utf8)
    static let treeSizeKey = Array("tree-size".utf8)

    /// The number of records the stored tiles cover: the head, except in a ledger written before the tree
    /// existed, which the next writer brings up to date.
    static func treeSize(_ transaction: borrowing ReadTransaction, _ store: LedgerStore) throws -> UInt64 {
        try marker(treeSizeKey, transaction, store)
    }

    /// A stored tile's hashes, or nil when it is not stored.
    static func tile(_ address: TileAddress, _ transaction: borrowing ReadTransaction, _ store: LedgerStore) throws -> [TreeHash]? {
        try Key.tile(address).withUnsafeBytes { key in
            try transaction.value(forKey: key, in: store.tiles) { value in
                guard let hashes = TreeHash.split(value), !hashes.isEmpty, hashes.count <= TileAddress.fullWidth else {
                    throw LedgerError.damaged(position: 0, problem: "\(address) is \(value.count) bytes, not 32 to 8,192 in steps of 32")
                }
                return hashes
            }
        }
    }

    /// The last position that `streams`, `stream-index` and `commands` cover; records after it are the
    /// unindexed tail, which readers scan.
    static func indexedThrough(_ transaction: borrowing ReadTransaction, _ store: LedgerStore) throws -> UInt64 {
        try marker(indexedThroughKey, transaction, store)
    }

    /// A u64 marker in `meta`; 0 when absent.
    private static func marker(_ name: [UInt8], _ transaction: borrowing ReadTransaction, _ store: LedgerStore) throws -> UInt64 {
        try name.withUnsafeBytes { key in
            try transaction.value(forKey: key, in: store.meta) { value -> UInt64 in
                guard value.count == 8 else {
                    throw LedgerError.damaged(position: 0, problem: "the \(String(decoding: name, as: UTF8.self)) marker is \(value.count) bytes, not 8")
                }
                return value.loadBigEndian(at: 0)
            }
        } ?? 0
    }

    /// A stream's head as the indexes hold it; nil when the indexes do not know the stream.
    static func streamHead(_ stream: StreamKey, _ transaction: borrowing ReadTransaction, _ store: LedgerStore) throws -> StreamHead? {
        // A name no append accepts (empty, or longer than a text field may be) is no stream's; asked as a key,
        // LMDB would refuse it past 511 bytes.
        guard !stream.isEmpty, stream.bytes.count <= PreparedAppend.Limits.textBytesMax else { return nil }
        return try stream.withUnsafeBytes { name in
            try transaction.value(forKey: name, in: store.streams) { value in
                guard let head = StreamHead(value) else {
                    throw LedgerError.damaged(position: 0, problem: "the streams entry of \"\(String(decoding: name, as: UTF8.self))\" is \(value.count) bytes, not 16")
                }
                return head
            }
        }
    }

    init(environment: Environment) throws(LMDBError) {
        self.environment = environment
        records = try environment.openDatabase(named: "records")
        streams = try environment.openDatabase(named: "streams")
        streamIndex = try environment.openDatabase(named: "stream-index")
        commands = try environment.openDatabase(named: "commands")
        meta = try environment.openDatabase(named: "meta")
        tiles = try environment.openDatabase(named: "tiles")
    }

    static var formatValue: [UInt8] {
        Array(formatName.utf8) + withUnsafeBytes(of: formatVersion.bigEndian, Array.init)
    }
}

/// Fixed-width big-endian keys, so that LMDB's byte order is numeric order.
enum Key {
    static func position(_ position: UInt64) -> UInt64 { position.bigEndian }

    /// level (u8) ‖ index (u64)
    static func tile(_ address: TileAddress) -> [UInt8] {
        [UInt8(address.level)] + withUnsafeBytes(of: address.index.bigEndian, Array.init)
    }

    static func streamVersion(number: UInt64, version: UInt64) -> (UInt64, UInt64) {
        (number.bigEndian, version.bigEndian)
    }
}

/// The per-stream entry in `streams`.
struct StreamHead: Hashable, Sendable {
    var number: UInt64
    var version: UInt64

    init(number: UInt64, version: UInt64) {
        self.number = number
        self.version = version
    }

    init?(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 16 else { return nil }
        number = bytes.loadBigEndian(at: 0)
        version = bytes.loadBigEndian(at: 8)
    }

    var encoded: (UInt64, UInt64) { (number.bigEndian, version.bigEndian) }
}

/// The entry in `commands`: the positions a command's events landed at.
struct CommandEntry: Hashable, Sendable {
    var firstPosition: UInt64
    var count: UInt32

    init(firstPosition: UInt64, count: UInt32) {
        self.firstPosition = firstPosition
        self.count = count
    }

    init?(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 12 else { return nil }
        firstPosition = bytes.loadBigEndian(at: 0)
        count = bytes.loadBigEndian(at: 8)
    }

    var encoded: [UInt8] {
        withUnsafeBytes(of: firstPosition.bigEndian, Array.init) + withUnsafeBytes(of: count.bigEndian, Array.init)
    }
}
