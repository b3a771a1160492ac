import Application
import Commands
import Domain
import Foundation
import Ledger
import Testing
import TestSupport
import Vault

/// `fangxin import` is the ledger's only writer, so it knows where each event it decides will land: a correction
/// may name an event of its own batch, or of the batch still being committed, as it could once that was recorded.
/// The service, deciding one command at a time, takes the same lines the same way (`SameDecisionsTests`).
@Suite struct BatchPositionsTests {
    let code = "91330522MA2B3C4D57"

    func line(_ id: String, _ command: String, _ body: String) throws -> ParsedCommand {
        let text = #"{"id": "\#(id)", "actor": {"id": "changxing-amr-01", "role": "regulator"}, "merchant": "\#(code)", "\#(command)": \#(body)}"#
        return try ParsedCommand(parsing: Data(text.utf8), vault: vault)
    }

    let directory: TemporaryDirectory
    let ledger: Ledger
    let vault: PersonalDataVault
    let recorder: CommandRecorder

    init() async throws {
        directory = try TemporaryDirectory()
        ledger = try Ledger(directory: directory.path)
        recorder = try await CommandRecorder.open(ledger: ledger, calendar: fixtureCalendar, deadlines: .standard, tiers: .standard,
                                                  actor: Actor(id: "import", role: "system"))
        vault = recorder.vault
    }

    @Test func aCorrectionNamesAnEventOfItsOwnBatch() async throws {
        let start = try ledger.head().position
        var batch = BatchRecorder(recorder: recorder)
        let outcomes = await batch.record([
            try line("m1", "apply", #"{"on": "2025-03-03", "name": "长兴放心超市", "region": "330522", "industry": "零售", "address": "长兴县", "route": "self-declared"}"#),
            try line("m2", "recordViolation", #"{"on": "2025-05-12", "kind": "violation", "description": "未明码标价", "penaltyFen": 200000}"#),
            try line("m3", "correctMerchant", #"{"on": "2025-05-13", "corrects": \#(start + 2), "reason": "误录他户", "void": true}"#),
        ])
        #expect(try outcomes.map { try $0.get().positions } == [start + 1...start + 1, start + 2...start + 2, start + 3...start + 3])
        let state = Merchant.fold(try ledger.readStream("merchant-\(code)").map { recorded in
            Recorded(position: recorded.position, event: try #require(try MerchantEvent.decode(type: recorded.type, schemaVersion: recorded.schemaVersion, recorded.payload)))
        })
        #expect(state.openIssues == 0 && state.history.map(\.position) == [start + 1])
    }

    /// A batch decided while the one before it is committed: its correction names an event of that one.
    @Test func aCorrectionNamesAnEventOfTheBatchInFlight() async throws {
        let start = try ledger.head().position
        var batch = BatchRecorder(recorder: recorder)
        let first = batch.submit([
            try line("m1", "apply", #"{"on": "2025-03-03", "name": "长兴放心超市", "region": "330522", "industry": "零售", "address": "长兴县", "route": "self-declared"}"#),
            try line("m2", "recordViolation", #"{"on": "2025-05-12", "kind": "violation", "description": "未明码标价", "penaltyFen": 200000}"#),
        ])
        let second = batch.submit([
            try line("m3", "correctMerchant", #"{"on": "2025-05-13", "corrects": \#(start + 2), "reason": "金额有误", "penaltyFen": 20000}"#),
            // Position start + 1 is the application: not a correctable event, refused as it would be after the commit.
            try line("m4", "correctMerchant", #"{"on": "2025-05-13", "corrects": \#(start + 1), "reason": "x", "void": true}"#),
        ])
        #expect(await batch.finish(first).allSatisfy { (try? $0.get()) != nil })
        let outcomes = await batch.finish(second)
        #expect(try outcomes[0].get().positions == start + 3...start + 3)
        guard case .failure(.rejected(.merchant(.notVoidable(type: "merchant.applied")))) = outcomes[1] else { Issue.record("\(outcomes[1])"); return }
    }
}
