import Foundation
import LMDB

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
    /// "format" → "fangxin-ledger" ‖ format version (u32)
    let meta: Database

    init(environment: Environment) throws(LMDBError) {
        self.environment = environment
        records = try environment.openDatabase(named: "records")
        streams = try environment.openDatabase(named: "streams")
        streamIndex = try environment.openDatabase(named: "stream-index")
        commands = try environment.openDatabase(named: "commands")
        meta = try environment.openDatabase(named: "meta")
    }

    static var formatValue: [UInt8] {
        Array(formatName.utf8) + withUnsafeBytes(of: formatVersion.bigEndian, Array.init)
    }
}

/// Fixed-width big-endian keys, so that LMDB's byte order is numeric order.
enum Key {
    static func position(_ position: UInt64) -> UInt64 { position.bigEndian }

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
