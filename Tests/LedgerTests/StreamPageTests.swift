import Foundation
import Testing
import TestSupport
@testable import Ledger

/// A page of one stream after a global position (an audit trail's page): the same events as reading the whole
/// stream and dropping those at or before the position, at any position and page size.
@Suite struct StreamPageTests {
    @Test func aPageAfterAPositionIsTheStreamFromThere() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        var generator = SystemRandomNumberGenerator()
        let streams = ["merchant-a", "complaint-1", "complaint-2"]
        for _ in 0..<40 {
            _ = try await ledger.append(append(streams.randomElement(using: &generator)!, Int.random(in: 1...3, using: &generator)))
        }
        let head = try ledger.head().position
        for stream in streams + ["nobody"] {
            let whole = try ledger.readStream(stream)
            for after in 0...(head + 1) {
                for limit in [1, 2, 5, 1_000] {
                    let expected = Array(whole.filter { $0.position > after }.prefix(limit))
                    let page = try ledger.readStream(stream, afterPosition: after, limit: limit)
                    #expect(page.map(\.position) == expected.map(\.position), "\(stream) after \(after), limit \(limit)")
                }
            }
        }
        #expect(try ledger.readStream("merchant-a", afterPosition: 0, limit: 0).isEmpty)
    }

    /// Whatever a caller asks, a page answers: the last position there can be, a name no stream has, empty or
    /// of 4 MiB, and a page as large as can be.
    @Test func anyRequestGetsAPage() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        _ = try await ledger.append(append("merchant-a", 3))
        #expect(try ledger.readStream("merchant-a", afterPosition: .max, limit: .max).isEmpty)
        #expect(try ledger.readStream("merchant-a", afterPosition: 0, limit: .max).map(\.position) == [1, 2, 3])
        #expect(try ledger.readStream("", afterPosition: 0, limit: 10).isEmpty)
        #expect(try ledger.readStream(String(repeating: "x", count: 4 << 20), afterPosition: 0, limit: 10).isEmpty)
        #expect(try ledger.readStream(String(repeating: "x", count: 4 << 20)).isEmpty)
    }
}
