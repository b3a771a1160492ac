import Foundation
import Testing
import TestSupport
import Transparency
@testable import Ledger

/// `Ledger.copy`: another ledger's records appended byte for byte, each checked to follow the head, and the tree
/// checked against the source's before anything is kept.
@Suite struct CopyTests {
    /// A source with single appends, commands of three events, and a bulk load.
    static func source(_ directory: String) async throws -> Ledger {
        let ledger = try Ledger(directory: directory)
        for index in 0..<300 {
            _ = try await ledger.append(append("stream-\(index % 17)", index % 3 == 0 ? 3 : 1, command: index % 2 == 0 ? "command-\(index)" : nil))
        }
        for result in await ledger.append((0..<500).map { append("bulk-\($0 % 41)", 2, command: "bulk-\($0)") }, durability: .deferred) {
            _ = try result.get()
        }
        try ledger.flush()
        return ledger
    }

    /// The check a copy up to `size` passes against the source's whole tree.
    static func check(_ source: Ledger, from size: UInt64) throws -> CopyCheck {
        let whole = try source.treeRoot()
        return CopyCheck(size: whole.size, root: whole.root, proof: try source.consistencyProof(from: size, to: whole.size).hashes)
    }

    /// Cuts `records` (positions 1…) into copies of about `size` records that each end at a command's last record.
    static func copies(_ records: [[UInt8]], about size: Int) throws -> [ArraySlice<[UInt8]>] {
        func command(_ index: Int) throws -> [UInt8] {
            try records[index].withUnsafeBytes { Array(try RecordView(parsing: $0).commandIDBytes) }
        }
        var result: [ArraySlice<[UInt8]>] = []
        var start = 0
        while start < records.count {
            var end = min(start + size, records.count)
            while end < records.count, try !command(end - 1).isEmpty, try command(end) == command(end - 1) { end += 1 }
            result.append(records[start..<end])
            start = end
        }
        return result
    }

    /// The chain hashes of `records` computed again from `index` on, after a test changed one.
    static func rechained(_ records: [[UInt8]], from index: Int) -> [[UInt8]] {
        var records = records
        var previous = index == 0 ? ChainHash.genesis : records[index - 1].withUnsafeBytes { try! RecordView(parsing: $0).chainHash }
        for current in index..<records.count {
            let body = records[current].dropLast(32)
            previous = body.withUnsafeBytes { ChainHash.next(after: previous, body: $0) }
            records[current] = Array(body) + withUnsafeBytes(of: previous.bytes) { Array($0) }
        }
        return records
    }

    /// What a refused copy said; nil when it was taken, or refused for another reason than the copy.
    static func refusal(_ body: () async throws(LedgerError) -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch {
            if case .copyRefused = error { return error.description }
            return nil
        }
    }

    @Test func aCopyIsItsSourceByteForByteWithItsIndexesAndTree() async throws {
        let (a, b) = (try TemporaryDirectory(), try TemporaryDirectory())
        let source = try await Self.source(a.path)
        let records = try TreeTests.records(source)
        let copy = try Ledger(directory: b.path)
        let pieces = try Self.copies(records, about: 97)
        #expect(pieces.count > 10)
        for piece in pieces {
            let head = try await copy.copy(Array(piece), check: try Self.check(source, from: UInt64(piece.endIndex)))
            #expect(head.position == UInt64(piece.endIndex))
        }
        #expect(try copy.head() == (try source.head()))
        #expect(try TreeTests.records(copy) == records)
        #expect(try copy.treeRoot() == (try source.treeRoot()))
        let report = try copy.verify()
        let sourceCommands = try source.verify().commands
        #expect(report.records == UInt64(records.count) && report.commands == sourceCommands)
        for id in ["command-0", "command-298", "bulk-0", "bulk-499"] {
            #expect(try copy.recordedCommand(id) == (try source.recordedCommand(id)), "\(id)")
        }
        #expect(try copy.readStream("stream-3").map(\.position) == (try source.readStream("stream-3").map(\.position)))
        // Reopened, the writer rebuilds its state from the copy, and appends of its own follow it.
        copy.close()
        let reopened = try Ledger(directory: b.path)
        _ = try await reopened.append(append("stream-3", 1))
        #expect(try reopened.verify().records == UInt64(records.count) + 1)
    }

    @Test func aRecordThatDoesNotFollowTheHeadRefusesTheCopyAndNothingIsWritten() async throws {
        let (a, b) = (try TemporaryDirectory(), try TemporaryDirectory())
        let source = try await Self.source(a.path)
        let records = try TreeTests.records(source)
        let copy = try Ledger(directory: b.path)
        let pieces = try Self.copies(records, about: 200)
        let first = Array(pieces[0]), second = Array(pieces[1])
        _ = try await copy.copy(first, check: try Self.check(source, from: UInt64(first.count)))
        let start = first.count
        let fullCheck = try Self.check(source, from: UInt64(start + second.count))
        func refused(_ changed: [[UInt8]], check: CopyCheck? = nil, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
            let refusal = await Self.refusal { () async throws(LedgerError) in _ = try await copy.copy(changed, check: check ?? fullCheck) }
            #expect(refusal?.contains(expected) == true, "\(refusal ?? "taken")", sourceLocation: sourceLocation)
            #expect(try copy.head().position == UInt64(start), sourceLocation: sourceLocation)
            #expect(try copy.verify().records == UInt64(start), sourceLocation: sourceLocation)
        }
        // A byte altered: the chain breaks at that record.
        var altered = second
        altered[5][altered[5].count - 40] ^= 1
        try await refused(altered, "copy refused at position \(start + 6): its chain hash")
        // A record left out.
        try await refused(Array(second.dropFirst()), "copy refused at position \(start + 1): the record says position \(start + 2)")
        // Re-chained, so that only the rule each breaks is at fault.
        var control = second
        control[3][37] = 0x01                                  // the event type's first byte
        try await refused(Self.rechained(records[..<start] + control, from: start + 3).suffix(second.count).map { $0 },
                          "position \(start + 4): the event type holds a control character")
        var early = second
        withUnsafeBytes(of: UInt64(0).bigEndian) { early[2].replaceSubrange(17..<25, with: $0) }
        try await refused(Self.rechained(records[..<start] + early, from: start + 2).suffix(second.count).map { $0 },
                          "position \(start + 3): recorded at 0 µs, before the record before it")
        var version = second
        let stated: UInt64 = version[1].withUnsafeBytes { $0.loadBigEndian(at: 9) }
        withUnsafeBytes(of: (stated + 1).bigEndian) { version[1].replaceSubrange(9..<17, with: $0) }
        try await refused(Self.rechained(records[..<start] + version, from: start + 1).suffix(second.count).map { $0 },
                          "version \(stated + 1) follows version \(stated - 1)")
        // Records that follow, but whose tree the source never signed.
        var wrong = fullCheck
        wrong.root = .leaf([1, 2, 3])
        try await refused(second, check: wrong, "is not shown by the proof to be a prefix")
        try await refused(second, check: CopyCheck(size: UInt64(start + second.count), root: fullCheck.root, proof: []), "not the")
        // Then the untouched records are taken: the refusals left the writer's state as the disk has it.
        _ = try await copy.copy(second, check: fullCheck)
        #expect(try copy.verify().records == UInt64(start + second.count))
    }

    @Test func aCommandIsNeitherSplitAcrossCopiesNorCopiedTwice() async throws {
        let (a, b) = (try TemporaryDirectory(), try TemporaryDirectory())
        let source = try await Self.source(a.path)
        let records = try TreeTests.records(source)
        let copy = try Ledger(directory: b.path)
        // Record 1 to 3 are command-0's three events: a copy ending after record 2 leaves it straddling.
        #expect(try records[0..<3].allSatisfy { try $0.withUnsafeBytes { try RecordView(parsing: $0).commandID } == "command-0" })
        _ = try await copy.copy(Array(records[0..<2]), check: try Self.check(source, from: 2))
        let straddling = try Self.check(source, from: 4)
        let continuing = await Self.refusal { () async throws(LedgerError) in _ = try await copy.copy(Array(records[2..<4]), check: straddling) }
        #expect(continuing?.contains("position 3: it continues the command \"command-0\"") == true, "\(continuing ?? "taken")")
        #expect(try copy.head().position == 2)
        // A command's records again, after the command was copied whole, re-chained and renumbered to follow.
        let c = try TemporaryDirectory()
        let whole = try Ledger(directory: c.path)
        _ = try await whole.copy(Array(records[0..<4]), check: try Self.check(source, from: 4))
        var repeated = Array(records[0..<3])
        for index in repeated.indices {
            withUnsafeBytes(of: UInt64(5 + index).bigEndian) { repeated[index].replaceSubrange(1..<9, with: $0) }
            let version: UInt64 = repeated[index].withUnsafeBytes { $0.loadBigEndian(at: 9) }
            withUnsafeBytes(of: (version + 3).bigEndian) { repeated[index].replaceSubrange(9..<17, with: $0) }
            repeated[index].replaceSubrange(17..<25, with: records[3][17..<25])
        }
        let chained = Self.rechained(Array(records[0..<4]) + repeated, from: 4).suffix(3).map { $0 }
        let twice = try Self.check(source, from: 7)
        let again = await Self.refusal { () async throws(LedgerError) in _ = try await whole.copy(chained, check: twice) }
        #expect(again?.contains("position 5: command \"command-0\" was recorded already, at 1") == true, "\(again ?? "taken")")
        #expect(try whole.verify().records == 4)
    }
}
