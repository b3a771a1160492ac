import Foundation
import Testing

/// The failover drill (tools/failover-test), small: a primary acknowledging after one standby, two standbys, a load
/// of commands, the primary killed or cut off at a random moment, the most advanced standby promoted; every
/// acknowledged command must be on it with its name readable, every acknowledged erasure unreadable, the other
/// standby must follow it, and the old primary, restarted, must acknowledge nothing. On test hosts of their own
/// (network namespaces) when run as root, as CI does; on loopback otherwise.
@Suite struct FailoverDrillTests {
    static let drill = CLITests.fangxinExecutable.deletingLastPathComponent().appendingPathComponent("failover-drill")

    @Test func everyAcknowledgedCommandOutlivesItsPrimary() throws {
        let seed = UInt64.random(in: 1...1_000_000_000)
        let result = try CLITests.run(Self.drill, ["--runs", "2", "--seed", String(seed), "--fangxin", CLITests.fangxinExecutable.path])
        #expect(result.status == 0, "seed \(seed) (tools/failover-test --runs 1 --seed \(seed)): \(result.output)\(result.error)")
        let summary = try #require(result.output.split(separator: "\n").last { $0.hasPrefix("failover-drill: 2 runs") }, "\(result.output)")
        let checked = Int(summary.split(separator: " ")[3]) ?? 0
        #expect(checked > 0, "\(summary)")
    }
}
