import Foundation
import LMDB
import Testing
import TestSupport
@testable import Ledger

@Suite struct VerificationTests {
    @Test func anIntactLogVerifies() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        _ = try await ledger.append(append("a", 3, command: "c1"))
        _ = try await ledger.append(append("b", 2))
        let report = try ledger.verify()
        #expect(report.records == 5 && report.streams == 2 && report.commands == 1)
        #expect(report.head == (try ledger.head()))
    }

    @Test func aFlippedByteInsideARecordIsFoundAtItsPosition() async throws {
        let directory = try TemporaryDirectory()
        do {
            let ledger = try Ledger(directory: directory.sub("original"))
            for index in 1...40 {
                _ = try await ledger.append(append("merchant-\(index % 5)", 1))
            }
            _ = try await ledger.append(Append(stream: "merchant-x", actor: clerk, events: [event("t", "MARKER-PAYLOAD-41" + String(repeating: ".", count: 3_000))]))
            _ = try await ledger.append(append("merchant-y", 3))
            ledger.close()
        }
        try FileManager.default.createDirectory(atPath: directory.sub("copy"), withIntermediateDirectories: true)
        var data = try Data(contentsOf: URL(fileURLWithPath: directory.sub("original/data.mdb")))
        // LMDB leaves stale copies of pages in its free space, so the record may occur more than once in the
        // file: alter it everywhere, and the live copy is surely among them.
        var altered = 0
        var searchFrom = data.startIndex
        while let marker = data[searchFrom...].range(of: Data("MARKER-PAYLOAD-41".utf8)) {
            data[marker.lowerBound + 3] ^= 0x01
            altered += 1
            searchFrom = marker.upperBound
        }
        #expect(altered >= 1)
        try data.write(to: URL(fileURLWithPath: directory.sub("copy/data.mdb")))

        let copy = try Ledger(directory: directory.sub("copy"), options: Ledger.Options(readOnly: true))
        #expect(throws: VerificationFailure.self) { try copy.verify() }
        do {
            _ = try copy.verify()
        } catch let failure as VerificationFailure {
            #expect(failure.position == 41)
            #expect(failure.database == "records")
            #expect(failure.problem.hasPrefix("chain hash mismatch"))
        }
    }

    @Test func aChainHashDependsOnEveryEarlierRecord() throws {
        let body = Array("record".utf8)
        let fromGenesis = body.withUnsafeBytes { ChainHash.next(after: .genesis, body: $0) }
        let fromOther = body.withUnsafeBytes { ChainHash.next(after: fromGenesis, body: $0) }
        #expect(fromGenesis != fromOther)
        // SHA-256 of 32 zero bytes followed by "record", computed independently (Python's hashlib).
        #expect(fromGenesis.hex == "2649b170b9318ebf420320914d9c836a4672ca61fd978542cd16ed5782ab9be2")
    }
}

/// The indexes are derived data, but a verifier must still catch them disagreeing with the records.
@Suite struct IndexVerificationTests {
    private func indexedLedger(_ directory: TemporaryDirectory) async throws -> Ledger {
        var ledger: Ledger? = try Ledger(directory: directory.path)
        _ = try await ledger!.append(append("a", 2, command: "c1"))
        _ = try await ledger!.append(append("b", 1))
        ledger!.close()   // writes the indexes
        ledger = nil
        return try Ledger(directory: directory.path)
    }

    @Test func aStreamIndexEntryPointingAtTheWrongRecordIsFound() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try await indexedLedger(directory)
        try ledger.store.environment.write { transaction in
            // (stream 1, version 2) now claims position 3, which belongs to stream "b".
            let key: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2]
            try transaction.put([0, 0, 0, 0, 0, 0, 0, 3], forKey: key, in: ledger.store.streamIndex)
        }
        let found = try #require(try failure(ledger))
        #expect(found.database == "stream-index" && found.position == 3)
    }

    @Test func aStreamHeadThatDisagreesWithItsRecordsIsFound() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try await indexedLedger(directory)
        try ledger.store.environment.write { transaction in
            try transaction.put(StreamHead(number: 1, version: 7).bytes, forKey: Array("a".utf8), in: ledger.store.streams)
        }
        let found = try #require(try failure(ledger))
        #expect(found.database == "streams")
        #expect(found.problem == "\"a\" is recorded at version 7, its records reach 2")
    }

    @Test func aMissingCommandEntryIsFound() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try await indexedLedger(directory)
        try ledger.store.environment.write { transaction in
            // Replace the command's span with one that misses its second record.
            try transaction.put(CommandEntry(firstPosition: 1, count: 1).encoded, forKey: Array("c1".utf8), in: ledger.store.commands)
        }
        let found = try #require(try failure(ledger))
        #expect(found.database == "commands" && found.position == 2)
    }
}

/// `verify` holds each record to every rule docs/FORMAT.md states, not only to the chain.
@Suite struct FormatRuleVerificationTests {
    /// Writes a record after the head as the writer would, chain hash and all, but with an actor id the
    /// writer refuses.
    private func appendRaw(actorID: String, payload: Int = 1, to ledger: Ledger) throws {
        let head = try ledger.head()
        let metadata = EncodedMetadata(stream: "raw".utf8, actorID: actorID.utf8, actorRole: "clerk".utf8, correlationID: "".utf8,
                                       causationID: "".utf8, commandID: "".utf8)
        let event = NewEvent(type: "raw.tick", occurredAt: Timestamp(rawValue: 0), payload: Array(repeating: 0x2E, count: payload))
        var buffer = [UInt8](repeating: 0, count: RecordWriter.size(of: metadata, event))
        buffer.withUnsafeMutableBytes { buffer in
            let body = RecordWriter.encode(position: head.position + 1, streamVersion: 1, recordedAt: Int64.max / 2, metadata: metadata,
                                           event: event, into: buffer)
            ChainHash.next(after: head.hash, body: body).write(to: UnsafeMutableRawBufferPointer(rebasing: buffer[body.count...]))
        }
        try ledger.store.environment.write { transaction in
            try transaction.put(buffer, forKey: withUnsafeBytes(of: (head.position + 1).bigEndian) { Array($0) }, in: ledger.store.records)
        }
    }

    @Test(arguments: [("a\u{1}b", "the actor id holds a control character"), ("a\u{85}b", "the actor id holds a control character"),
                      ("", "the actor id is empty"), (String(repeating: "x", count: 201), "the actor id is 201 bytes, more than 200")])
    func aRecordBreakingATextRuleIsFound(actorID: String, problem: String) async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        _ = try await ledger.append(append("a", 2))
        try appendRaw(actorID: actorID, to: ledger)
        let found = try #require(try failure(ledger))
        #expect(found.database == "records" && found.position == 3 && found.problem == problem)
    }

    @Test func aPayloadOverFourMebibytesIsFound() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        try appendRaw(actorID: "clerk", payload: (4 << 20) + 1, to: ledger)
        let found = try #require(try failure(ledger))
        #expect(found.position == 1 && found.problem == "the payload is 4194305 bytes, more than 4194304")
    }

    /// The log keeps what an earlier version accepted: a record over 65,535 bytes (appended before that bound)
    /// still verifies and is proven; only an entry bundle cannot carry it, and says so.
    @Test func aRecordOverTheEntryBundleBoundFromAnEarlierVersionStillVerifiesAndIsProven() async throws {
        let directory = try TemporaryDirectory()
        var ledger: Ledger? = try Ledger(directory: directory.path)
        _ = try await ledger!.append(append("a", 2))
        try appendRaw(actorID: "clerk", payload: 70_000, to: ledger!)
        ledger!.close()
        ledger = try Ledger(directory: directory.path)   // the writer adds the raw record to the tree
        #expect(try ledger!.verify().records == 3)
        let proof = try ledger!.inclusionProof(position: 3)
        let root = try ledger!.treeRoot().root
        #expect(proof.record.count > 70_000 && proof.root == root)
        #expect(throws: LedgerError.entryTooLarge(position: 3, bytes: proof.record.count)) { try ledger!.entryBundle(index: 0, width: 3) }
        #expect(try ledger!.entryBundle(index: 0, width: 2) != nil)
    }

    @Test func streamNumbersOutOfFirstRecordOrderAreFound() async throws {
        let directory = try TemporaryDirectory()
        var ledger: Ledger? = try Ledger(directory: directory.path)
        _ = try await ledger!.append(append("a", 2))
        _ = try await ledger!.append(append("b", 1))
        ledger!.close()
        ledger = try Ledger(directory: directory.path)
        try ledger!.store.environment.write { transaction in
            // "b" takes number 1 and "a" number 2, consistently in both indexes.
            try transaction.removeAll(in: ledger!.store.streamIndex)
            try transaction.put(StreamHead(number: 2, version: 2).bytes, forKey: Array("a".utf8), in: ledger!.store.streams)
            try transaction.put(StreamHead(number: 1, version: 1).bytes, forKey: Array("b".utf8), in: ledger!.store.streams)
            for (number, version, position) in [(UInt64(2), UInt64(1), UInt64(1)), (2, 2, 2), (1, 1, 3)] {
                let key = withUnsafeBytes(of: number.bigEndian) { Array($0) } + withUnsafeBytes(of: version.bigEndian) { Array($0) }
                try transaction.put(withUnsafeBytes(of: position.bigEndian) { Array($0) }, forKey: key, in: ledger!.store.streamIndex)
            }
        }
        let found = try #require(try failure(ledger!))
        #expect(found.database == "streams" && found.problem.contains("its first record makes it stream"), "\(found)")
    }

    @Test func anUnknownKeyInMetaIsFound() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        _ = try await ledger.append(append("a", 1))
        try ledger.store.environment.write { transaction in try transaction.put([1], forKey: Array("extra".utf8), in: ledger.store.meta) }
        let found = try #require(try failure(ledger))
        #expect(found.database == "meta" && found.problem == "an unknown key \"extra\"")
    }

    @Test func anEmptyLedgerVerifiesWithTheZeroHead() throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        let report = try ledger.verify()
        #expect(report.records == 0 && report.head.position == 0 && report.head.hash == .genesis)
    }
}

/// What `verify` found wrong, nil when nothing.
private func failure(_ ledger: Ledger) throws -> VerificationFailure? {
    do {
        _ = try ledger.verify()
        return nil
    } catch let failure as VerificationFailure {
        return failure
    }
}

extension StreamHead {
    var bytes: [UInt8] { withUnsafeBytes(of: encoded) { Array($0) } }
}
