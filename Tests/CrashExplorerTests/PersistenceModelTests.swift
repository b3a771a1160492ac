import Testing
@testable import crash_explorer

/// The crash explorer's model of what a crash may leave, on traces small enough to reason about by hand.
@Suite struct PersistenceModelTests {
    /// A trace as the recorder writes it.
    struct TraceBuilder {
        var bytes: [UInt8] = []
        let directory = "/ledger"

        mutating func record(_ kind: UInt8, file: Int, offset: UInt64 = 0, _ body: [UInt8] = []) {
            var header = [UInt8](repeating: 0, count: 24)
            header[0] = kind
            for i in 0..<4 { header[4 + i] = UInt8(truncatingIfNeeded: file >> (8 * i)) }
            for i in 0..<8 { header[8 + i] = UInt8(truncatingIfNeeded: offset >> (8 * UInt64(i))) }
            for i in 0..<8 { header[16 + i] = UInt8(truncatingIfNeeded: UInt64(body.count) >> (8 * UInt64(i))) }
            bytes += header + body
        }
        mutating func open(_ file: Int, _ name: String, created: Bool = true, directory isDirectory: Bool = false) {
            record(1, file: file, offset: (created ? 1 : 0) | (isDirectory ? 4 : 0), Array((name.isEmpty ? directory : directory + "/" + name).utf8))
        }
        mutating func write(_ file: Int, at offset: UInt64, _ body: [UInt8], synchronous: Bool = false) {
            record(synchronous ? 6 : 2, file: file, offset: offset, body)
        }
        mutating func sync(_ file: Int) { record(3, file: file) }
        mutating func output(_ text: String) { record(5, file: 0, Array(text.utf8)) }
        mutating func unlink(_ file: Int) { record(7, file: file) }

        func trace() throws -> Trace { try Trace(bytes: bytes, directory: directory) }
    }

    func states(_ trace: Trace, at point: Int) -> [[String: [UInt8]]] {
        var builder = StateFiles(trace: trace, ignoring: [])
        return PersistenceModel(trace: trace, ignored: [], subsetsMax: 6, tearsMax: 8).states(at: point).map { builder.files(of: $0) }
    }

    let a = [UInt8](repeating: 0xAA, count: 1_024), b = [UInt8](repeating: 0xBB, count: 512)

    @Test func anUnsyncedWriteMayBeLostOrTornAtASectorAndASyncedOneNeverIs() throws {
        var builder = TraceBuilder()
        builder.open(0, "", created: false, directory: true)
        builder.open(1, "data.mdb")
        builder.sync(0)                      // the file's name is durable
        builder.write(1, at: 0, a)           // operation 3
        builder.sync(1)                      // operation 4
        builder.write(1, at: 1_024, b)       // operation 5
        let trace = try builder.trace()

        let beforeSync = states(trace, at: 4)
        #expect(beforeSync.contains { $0["data.mdb"] == [] }, "the unsynced write may be lost")
        #expect(beforeSync.contains { $0["data.mdb"] == a }, "or kept")
        #expect(beforeSync.contains { $0["data.mdb"] == Array(a[..<512]) }, "or torn after its first sector")
        #expect(beforeSync.contains { $0["data.mdb"] == [UInt8](repeating: 0, count: 512) + a[512...] }, "or with only its second sector")
        #expect(beforeSync.allSatisfy { $0["data.mdb"] != nil }, "its name was synced")

        let afterSync = states(trace, at: 6)
        #expect(afterSync.allSatisfy { $0["data.mdb"]!.starts(with: a) }, "a synced write is in every state after the sync")
        #expect(afterSync.contains { $0["data.mdb"] == a } && afterSync.contains { $0["data.mdb"] == a + b })
    }

    @Test func unsyncedWritesMayReachTheDiskInAnyOrder() throws {
        var builder = TraceBuilder()
        builder.open(0, "", created: false, directory: true)
        builder.open(1, "data.mdb")
        builder.sync(0)
        builder.write(1, at: 0, b)
        builder.write(1, at: 512, b.map { _ in 0xCC })
        let trace = try builder.trace()
        let after = states(trace, at: 5)
        // The second kept without the first: the first's sector reads as zeros.
        #expect(after.contains { $0["data.mdb"] == [UInt8](repeating: 0, count: 512) + [UInt8](repeating: 0xCC, count: 512) })
        #expect(after.contains { $0["data.mdb"] == b })
    }

    @Test func anODSyncWriteIsDurableOnceItReturns() throws {
        var builder = TraceBuilder()
        builder.open(0, "", created: false, directory: true)
        builder.open(1, "data.mdb")
        builder.sync(0)
        builder.write(1, at: 0, b, synchronous: true)
        builder.output("ack 1 s 1\n")
        let trace = try builder.trace()
        #expect(states(trace, at: 5).allSatisfy { $0["data.mdb"] == b })
    }

    @Test func aLaterDurableWriteCoversAnEarlierUnsyncedOneItOverlaps() throws {
        var builder = TraceBuilder()
        builder.open(0, "", created: false, directory: true)
        builder.open(1, "data.mdb")
        builder.sync(0)
        builder.write(1, at: 0, a)                                   // unsynced
        builder.write(1, at: 0, b, synchronous: true)                // durable, over the first sector of the first
        let trace = try builder.trace()
        let after = states(trace, at: 5)
        #expect(after.allSatisfy { $0["data.mdb"]!.starts(with: b) }, "whatever of the first write is kept lies under the second")
        #expect(after.contains { $0["data.mdb"] == b + a[512...] })
    }

    @Test func aNameIsDurableOnlyOnceItsDirectoryIsSynced() throws {
        var builder = TraceBuilder()
        builder.open(0, "", created: false, directory: true)
        builder.open(1, "being-created")
        builder.sync(1)
        builder.unlink(1)                    // operation 3
        builder.sync(0)                      // operation 4
        let trace = try builder.trace()
        #expect(states(trace, at: 3).contains { $0["being-created"] == nil }, "created, its directory not yet synced: it may be missing")
        #expect(states(trace, at: 4).contains { $0["being-created"] != nil }, "unlinked, its directory not yet synced: it may still be there")
        #expect(states(trace, at: 5).allSatisfy { $0["being-created"] == nil }, "unlinked and synced: gone")
    }

    @Test func acknowledgementsCountFromTheOutputBeforeEachPoint() throws {
        var builder = TraceBuilder()
        builder.output("ack 1 s 1\nack 2 s")    // a line split across two writes counts once whole
        builder.output(" 2\n")
        let trace = try builder.trace()
        let (lines, counts) = CrashExplorer.acknowledgements(trace)
        #expect(lines.map(\.position) == [1, 2])
        #expect(counts == [0, 1, 2])
    }

    @Test func aMalformedTraceIsRefusedNamingWhere() throws {
        var builder = TraceBuilder()
        builder.open(0, "", created: false, directory: true)
        builder.bytes += [2, 0, 0, 0]         // a header cut short
        #expect(throws: Trace.Malformed.self) { try builder.trace() }
        var unopened = TraceBuilder()
        unopened.write(3, at: 0, b)
        #expect { try unopened.trace() } throws: { "\($0)".contains("file 3 was never opened") }
    }
}
