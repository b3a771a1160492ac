import Foundation
import Testing
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
