import Commands
import Domain
import Foundation
import Ledger
import Notary
import Transparency
import Vault

/// What the targets share, made once per process: keys, a small ledger, a witness's and a vault's folders in a
/// temporary directory, the working calendar and rules of Fixtures/, and domain states to decide commands on.
final class FuzzContext: Sendable {
    static let shared = FuzzContext()
    static let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fangxin-fuzz-\(getpid())").path

    let log = try! NoteSigner(name: "fangxin.example/fuzz", kind: .ed25519, seed: Array(repeating: 1, count: 32))
    let witness = try! NoteSigner(name: "witness.example/fuzz", kind: .cosignature, seed: Array(repeating: 2, count: 32))
    let ledger: Ledger
    let witnessState: Witness
    let vault: PersonalDataVault
    let calendar: WorkingCalendar
    let rules: ComplaintRules
    let today = CivilDate("2026-06-01")!
    /// Every command the service takes, by target.
    let commands: [(CommandTarget, String)] = CommandTarget.allCases.flatMap { target in target.commands.map { (target, $0) } }
    /// A complaint received and accepted, a merchant approved, a report received: states later commands decide on.
    private let complaint: Complaint.State
    private let merchant: Merchant.State
    private let report: Report.State

    private init() {
        let directory = FuzzContext.directory
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Removed when the process ends, as libFuzzer ends it (exit, or a finding).
        atexit { try? FileManager.default.removeItem(atPath: FuzzContext.directory) }
        ledger = try! Ledger(directory: directory + "/ledger")
        witnessState = try! Witness(signer: witness, logs: [log.verifier], directory: directory + "/witness", clock: { 1_795_000_000 })
        vault = try! PersonalDataVault(directory: directory + "/vault")
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let data = try! Data(contentsOf: fixtures.appendingPathComponent("Fixtures/calendar/cn-2023-2026.json"))
        calendar = try! JSONDecoder().decode(WorkingCalendar.self, from: data)
        rules = .standard(calendar: calendar)
        let code = try! UnifiedSocialCreditCode("91330421MA28JJY015")
        merchant = [MerchantEvent.applied(on: CivilDate("2025-01-02")!, code: code, name: "商户", region: try! RegionCode("330421"), industry: "零售",
                                          address: "嘉善", route: .selfDeclared),
                    .regulatorReviewed(on: CivilDate("2025-01-10")!, passed: true, reasons: [])].reduce(Merchant.initial, Merchant.evolve)
        let receive = try! ParsedCommand(parsing: Array(#"{"id": "c-1", "actor": {"id": "a", "role": "regulator"}, "complaint": "fuzz-1", "receive": {"channel": "12315-online", "consumer": "c-1", "merchant": "91330421MA28JJY015", "merchantName": "商户", "category": "goods", "subcategory": "食品", "amountInDisputeFen": 9900, "receivedRegion": "330421", "merchantRegion": "330421", "receivedOn": "2025-06-02"}}"#.utf8), vault: vault)
        guard case .complaint(_, let command) = receive.action else { fatalError("a receipt parses as a complaint command") }
        let received = (try? Complaint.decide(command, Complaint.initial, rules).get()) ?? []
        complaint = (received + [.accepted(.init(acceptedOn: CivilDate("2025-06-03")!, mediationDue: Deadline(date: CivilDate("2025-07-03")!, isProvisional: false)))])
            .reduce(Complaint.initial, Complaint.evolve)
        let report = try! ParsedCommand(parsing: Array(#"{"id": "r-1", "actor": {"id": "a", "role": "regulator"}, "report": "fuzz-1", "receiveReport": {"channel": "12315-online", "reporter": "r-1", "merchantName": "商户", "allegation": "无证经营", "receivedRegion": "330421", "receivedOn": "2025-06-02"}}"#.utf8), vault: vault)
        guard case .report(_, let reportCommand) = report.action else { fatalError("a report parses as a report command") }
        self.report = ((try? Report.decide(reportCommand, Report.initial, rules).get()) ?? []).reduce(Report.initial, Report.evolve)
    }

    /// Decides a parsed command by the domain alone, on a new stream and on one that has begun: no I/O.
    func decide(_ command: ParsedCommand) {
        switch command.action {
        case .complaint(_, let action):
            _ = Complaint.decide(action, Complaint.initial, rules, returnWindowDays: 7)
            _ = Complaint.decide(action, complaint, rules, returnWindowDays: 365)
        case .merchant(let code, let action):
            _ = Merchant.decide(action, Merchant.initial, code: code)
            _ = Merchant.decide(action, merchant, code: code)
        case .credit(let code, let action):
            _ = Credit.decide(action, Credit.initial, code: code)
        case .report(_, let action):
            _ = Report.decide(action, Report.initial, rules)
            _ = Report.decide(action, report, rules)
        }
    }
}
