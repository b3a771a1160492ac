import Foundation
import Testing
import TestSupport
import LMDB

@Suite struct EnvironmentTests {
    /// An environment in a directory of its own, removed when the test ends.
    final class Scratch {
        let directory: TemporaryDirectory
        let environment: Environment
        let things: Database

        init(mapSize: Int = 1 << 20) throws {
            directory = try TemporaryDirectory()
            var options = EnvironmentOptions()
            options.initialMapSizeBytes = mapSize
            environment = try Environment(directory: directory.path, options: options)
            things = try environment.openDatabase(named: "things")
        }
    }

    @Test func aMissingKeyReadsAsNil() throws {
        let scratch = try Scratch()
            let (environment, things) = (scratch.environment, scratch.things)
            do {
            #expect(try environment.read { try $0.value(forKey: [1], in: things) } == nil)
            #expect(try environment.read { try $0.last(in: things) { _, _ in true } } == nil)
        }
    }

    @Test func aThrowingWriteLeavesNothing() throws {
        struct Stop: Error {}
        let scratch = try Scratch()
            let (environment, things) = (scratch.environment, scratch.things)
            do {
            #expect(throws: Stop.self) {
                try environment.write { transaction in
                    try transaction.put([9], forKey: [1], in: things)
                    throw Stop()
                }
            }
            #expect(try environment.read { try $0.count(in: things) } == 0)
        }
    }

    @Test func appendingAKeyOutOfOrderIsRefused() throws {
        let scratch = try Scratch()
            let (environment, things) = (scratch.environment, scratch.things)
            do {
            try environment.write { try $0.put([1], forKey: [0, 5], in: things, options: .append) }
            #expect(throws: LMDBError.self) {
                try environment.write { try $0.put([1], forKey: [0, 4], in: things, options: .append) }
            }
            #expect(try environment.read { try $0.value(forKey: [0, 5], in: things) } == [1])
        }
    }

    @Test func aFullMapGrowsAndTheWriteIsRetriedUnseen() throws {
        let scratch = try Scratch(mapSize: 64 << 10)
            let (environment, things) = (scratch.environment, scratch.things)
            do {
            let value = [UInt8](repeating: 7, count: 3_000)
            var runs = 0
            try environment.write { transaction in
                runs += 1
                for key in 0..<2_000 as Range<UInt32> {
                    try transaction.put(value, forKey: withUnsafeBytes(of: key.bigEndian, Array.init), in: things)
                }
            }
            #expect(runs > 1)
            #expect(environment.mapSizeBytes >= 6 << 20)
            #expect(try environment.read { try $0.count(in: things) } == 2_000)
        }
    }

    @Test func entriesAreVisitedInKeyOrderFromAStartKey() throws {
        let scratch = try Scratch()
            let (environment, things) = (scratch.environment, scratch.things)
            do {
            try environment.write { transaction in
                for key: UInt8 in [5, 1, 3, 9] { try transaction.put([key], forKey: [key], in: things) }
            }
            var seen: [UInt8] = []
            try environment.read { transaction in
                try [UInt8(2)].withUnsafeBytes { start in
                    try transaction.forEach(in: things, from: start) { key, _ in
                        seen.append(key[0])
                        return true
                    }
                }
            }
            #expect(seen == [3, 5, 9])
        }
    }
}
