import Foundation
import Testing
import TestSupport
@testable import Ledger

/// A crash while a ledger is being created, or a data file cut short, is met with a clear answer, never a trap.
@Suite struct CreationTests {
    @Test func aNewLedgerLeavesNoCreationMarker() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path + "/new")
        _ = try await ledger.append(append("a"))
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/new/" + LedgerCreation.markerName))
        #expect(!LedgerCreation.isUnfinished(directory.path + "/new"))
    }

    @Test func aCreationThatDidNotFinishIsRefusedForReadingAndStartedAgainForWriting() async throws {
        let directory = try TemporaryDirectory()
        // As a crash during creation leaves it: the marker, and a data file LMDB never committed (here, garbage).
        FileManager.default.createFile(atPath: directory.path + "/" + LedgerCreation.markerName, contents: Data())
        FileManager.default.createFile(atPath: directory.path + "/data.mdb", contents: Data(repeating: 0xA5, count: 8_192))

        #expect {
            try Ledger(directory: directory.path, options: Ledger.Options(readOnly: true))
        } throws: { error in
            "\(error)".contains("its creation did not finish") && "\(error)".contains("opening it for writing creates it again")
        }
        let ledger = try Ledger(directory: directory.path)
        #expect(try ledger.head().position == 0)
        #expect(!LedgerCreation.isUnfinished(directory.path))
        let written = try await ledger.append(append("after", 2))
        #expect(written.positions == 1...2)
        #expect(try ledger.verify().records == 2)
    }

    @Test func aDataFileShorterThanItsLastCommitIsRefusedAsDamaged() async throws {
        let directory = try TemporaryDirectory()
        var ledger: Ledger? = try Ledger(directory: directory.path)
        for index in 0..<50 { _ = try await ledger!.append(append("stream-\(index)", 20)) }
        ledger!.close()
        ledger = nil
        let file = directory.path + "/data.mdb"
        let size = try #require(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)
        #expect(truncate(file, off_t(size / 2)) == 0)

        // LMDB would read the missing pages through its map and die of SIGBUS; the open refuses, naming the sizes.
        for readOnly in [true, false] {
            #expect {
                try Ledger(directory: directory.path, options: Ledger.Options(readOnly: readOnly))
            } throws: { error in
                "\(error)".contains("data.mdb is \(size / 2) bytes, but its last commit uses") && "\(error)".contains("damaged")
            }
        }
    }
}
