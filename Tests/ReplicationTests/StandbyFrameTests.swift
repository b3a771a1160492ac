import Foundation
@testable import Replication
import Testing
import Vault

/// The standby stream's frame: read as written, and anything cut short, past a bound or left over refused,
/// naming where; docs/REPLICAS.md's example reads as it says.
@Suite struct StandbyFrameTests {
    static let example = StandbyFrame(
        first: 5, records: [Array("record five".utf8)], firstSlot: 2,
        keys: [MirroredKey(slot: 2, subject: "p-1", key: Array(repeating: 0x11, count: 32)), MirroredKey(slot: 3, subject: "p-2", key: nil)],
        primarySize: 5)

    @Test func aFrameReadsAsWrittenAndNothingElseDoes() throws {
        let bytes = Self.example.encoded
        #expect(try StandbyFrame(parsing: bytes) == Self.example)
        // Every prefix ends inside something, and one byte more is left over.
        for count in 0..<bytes.count {
            #expect(throws: ReplicationError.self) { try StandbyFrame(parsing: Array(bytes[..<count])) }
        }
        #expect(throws: ReplicationError.malformed("a standby frame has 1 bytes after its end")) { try StandbyFrame(parsing: bytes + [0]) }
        // A record beyond the primary's size, a key without a subject, a kind that is neither.
        var beyond = Self.example
        beyond.primarySize = 4
        #expect(throws: ReplicationError.self) { try StandbyFrame(parsing: beyond.encoded) }
        var nameless = Self.example
        nameless.keys[0].subject = ""
        #expect(throws: ReplicationError.malformed("slot 0 holds a key but names no subject")) { try StandbyFrame(parsing: nameless.encoded) }
        var kind = bytes
        let kindOffset = bytes.count - 8 - 1 - 3 - 2 - 32 - 1
        #expect(kind[kindOffset] == 1)
        kind[kindOffset] = 2
        #expect(throws: ReplicationError.malformed("slot 0's kind is 2, neither 0 (no key) nor 1 (a key)")) { try StandbyFrame(parsing: kind) }
    }

    @Test func lengthsPastTheBoundsAreRefusedBeforeTheyAreRead() throws {
        var header = StandbyFrame.magic
        header += [0, 0, 0, 0, 0, 0, 0, 1] + [0, 0, 0, 1] + [0xFF, 0xFF, 0xFF, 0xFF]
        #expect(throws: ReplicationError.malformed("record 0 of a standby frame is 4294967295 bytes, more than \(StandbyFrame.recordBytesMax)")) {
            try StandbyFrame(parsing: header)
        }
        var subject = StandbyFrame.magic + [0, 0, 0, 0, 0, 0, 0, 1] + [0, 0, 0, 0]
        subject += [0, 0, 0, 0, 0, 0, 0, 0] + [0, 0, 0, 1] + [0, 201]
        #expect(throws: ReplicationError.malformed("slot 0's subject is 201 bytes, more than 200")) { try StandbyFrame(parsing: subject) }
        #expect(throws: ReplicationError.self) { try StandbyFrame(parsing: Array("fangxin-standby/2\n".utf8) + Array(repeating: 0, count: 24)) }
    }

    @Test func theDocumentsExampleIsThisFrame() throws {
        let text = try ReplicaDocumentTests.document
        let marker = try #require(text.range(of: "<!-- replicas:frame -->\n```\n"))
        let dump = String(text[marker.upperBound...].prefix { $0 != "`" })
        let hex = dump.split(separator: "\n").map { line in line.split(separator: "#").first.map(String.init) ?? "" }.joined()
            .filter { !$0.isWhitespace }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(try #require(UInt8(hex[index..<next], radix: 16)))
            index = next
        }
        #expect(bytes == Self.example.encoded)
    }
}
