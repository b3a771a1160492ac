import Foundation
import LMDB
import Testing
import TestSupport
import Transparency
@testable import Ledger

/// The Merkle tree the writer keeps: its tiles against the records, its proofs against a tree computed naively.
@Suite struct TreeTests {
    /// RFC 6962's MTH over the stored records, computed from the records alone.
    static func naiveRoot(_ records: ArraySlice<[UInt8]>) -> TreeHash {
        if records.isEmpty { return .emptyTree }
        if records.count == 1 { return .leaf(records.first!) }
        var split = 1
        while split * 2 < records.count { split *= 2 }
        let start = records.startIndex
        return .node(naiveRoot(records[start..<(start + split)]), naiveRoot(records[(start + split)...]))
    }

    static func records(_ ledger: Ledger) throws -> [[UInt8]] {
        let size = try ledger.treeSize()
        return try (1...max(size, 1)).prefix(Int(size)).map { try #require(try ledger.recordBytes(at: $0)) }
    }

    /// 1,000 records in single appends, then a bulk load that the writer hashes on every core.
    static func filledLedger(_ directory: String) async throws -> Ledger {
        let ledger = try Ledger(directory: directory)
        for index in 0..<1_000 { _ = try await ledger.append(append("stream-\(index % 37)", 1)) }
        let bulk = (0..<2_600).map { append("bulk-\($0 % 101)", 2) }
        for result in await ledger.append(bulk, durability: .deferred) { _ = try result.get() }
        try ledger.flush()
        return ledger
    }

    @Test func theTilesAreTheTreeOfTheRecordsAndVerify() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try await Self.filledLedger(directory.path)
        let report = try ledger.verify()
        let treeSize = try ledger.treeSize()
        #expect(report.records == 6_200 && treeSize == 6_200)
        let records = try Self.records(ledger)
        for size in [1, 2, 255, 256, 257, 1_000, 4_096, 6_199, 6_200] {
            #expect(try ledger.treeRoot(size: UInt64(size)).root == Self.naiveRoot(records[0..<size]), "size \(size)")
        }
        // Tile 0/0 holds the first 256 leaf hashes; the entry bundle the first 256 records behind their lengths.
        let tile = try #require(try ledger.tile(TileAddress(level: 0, index: 0), width: 256))
        #expect(tile == TreeHash.concatenated(records.prefix(256).map { TreeHash.leaf($0) }))
        let bundle = try #require(try ledger.entryBundle(index: 0, width: 3))
        var expected: [UInt8] = []
        for record in records.prefix(3) { expected += [UInt8(record.count >> 8), UInt8(record.count & 0xFF)] + record }
        #expect(bundle == expected)
        #expect(try ledger.tile(TileAddress(level: 0, index: 24), width: 256) == nil)   // 6,200 = 24 · 256 + 56
        #expect(try ledger.tile(TileAddress(level: 0, index: 24), width: 56) != nil)
        #expect(try ledger.tile(TileAddress(level: 0, index: 24), width: 57) == nil)
        #expect(try ledger.entryBundle(index: 24, width: 57) == nil)
    }

    @Test func everyInclusionProofOfAThousandRecordsVerifiesAtSizesAcrossTileEdges() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try await Self.filledLedger(directory.path)
        let records = try Self.records(ledger)
        for size in [1, 255, 256, 257, 512, 1_000] {
            let root = Self.naiveRoot(records[0..<size])
            for position in 1...UInt64(size) {
                let proof = try ledger.inclusionProof(position: position, size: UInt64(size))
                #expect(proof.record == records[Int(position) - 1])
                #expect(proof.root == root, "position \(position) in \(size)")
            }
        }
        #expect(throws: LedgerError.notInTree("position 7 is not in the tree of 6 records (positions 1…6)")) {
            try ledger.inclusionProof(position: 7, size: 6)
        }
        #expect(throws: LedgerError.notInTree("the tree has 6200 records, not 6201")) { try ledger.treeRoot(size: 6_201) }
    }

    @Test func consistencyProofsFromTheLedgerVerifyAgainstNaiveRoots() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try await Self.filledLedger(directory.path)
        let records = try Self.records(ledger)
        for (from, to) in [(1, 2), (3, 7), (255, 256), (256, 257), (300, 1_000), (1_000, 6_200), (4_096, 6_200), (6_200, 6_200), (0, 10)] {
            let proof = try ledger.consistencyProof(from: UInt64(from), to: UInt64(to))
            #expect(ProofVerification.verifyConsistency(proof.hashes, from: UInt64(from), to: UInt64(to),
                                                        fromRoot: Self.naiveRoot(records[0..<from]), toRoot: Self.naiveRoot(records[0..<to])), "\(from) → \(to)")
        }
    }

    @Test func anAlteredTileIsFoundNamingItsFirstRecord() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try await Self.filledLedger(directory.path)
        let address = TileAddress(level: 0, index: 3)
        var tile = try #require(try ledger.tile(address, width: 256))
        tile[40] ^= 1
        try ledger.store.environment.write { transaction in
            try transaction.put(tile, forKey: Key.tile(address), in: ledger.store.tiles)
        }
        let failure = try #require(try failureOf(ledger))
        #expect(failure.database == "tiles" && failure.position == 769)
        #expect(failure.problem.hasPrefix("hash 1 of tile 0/3 is "))
    }

    @Test func aMissingOrExtraTileIsFound() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try await Self.filledLedger(directory.path)
        try ledger.store.environment.write { transaction in
            try transaction.put(TreeHash.concatenated([.emptyTree]), forKey: Key.tile(TileAddress(level: 5, index: 0)), in: ledger.store.tiles)
        }
        #expect(try failureOf(ledger)?.problem == "27 tiles are stored, the tree of 6200 records has 26")
    }

    @Test func aLedgerWrittenWithoutTheTreeGetsItWhenAWriterOpensIt() async throws {
        let directory = try TemporaryDirectory()
        var options = Ledger.Options()
        options.keepsTree = false
        var ledger: Ledger? = try Ledger(directory: directory.path, options: options)
        for index in 0..<300 { _ = try await ledger!.append(append("s-\(index % 7)", 1)) }
        #expect(try failureOf(ledger!)?.problem == "tile 0/0 is missing")
        ledger!.close()
        ledger = try Ledger(directory: directory.path)
        #expect(try ledger!.verify().records == 300)
        #expect(try ledger!.treeRoot().root == Self.naiveRoot(Self.records(ledger!)[...]))
    }

    @Test func anEventTooLargeForAnEntryBundleIsRefusedNamingIt() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        let big = NewEvent(type: "thing.happened", occurredAt: Timestamp(rawValue: 0), payload: Array(repeating: 7, count: 65_500))
        do {
            _ = try await ledger.append(Append(stream: "s", actor: clerk, events: [big]))
            Issue.record("a record of 65,616 bytes was appended")
        } catch {
            #expect("\(error)".contains("events[0] would be a record of 65616 bytes"))
            #expect("\(error)".contains("more than the 65535 a record may be"))
        }
        #expect(try ledger.head().position == 0)
    }

    private func failureOf(_ ledger: Ledger) throws -> VerificationFailure? {
        do {
            _ = try ledger.verify()
            return nil
        } catch let failure as VerificationFailure {
            return failure
        }
    }
}
