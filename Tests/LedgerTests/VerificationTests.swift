import Foundation
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

    private func failure(_ ledger: Ledger) throws -> VerificationFailure? {
        do {
            _ = try ledger.verify()
            return nil
        } catch let failure as VerificationFailure {
            return failure
        }
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

extension StreamHead {
    var bytes: [UInt8] { withUnsafeBytes(of: encoded) { Array($0) } }
}
