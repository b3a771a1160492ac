import ArgumentParser
import Projections

struct CreditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credit",
        abstract: "Credit lines (授信) by merchant, bank and library, and the alert list: credited merchants in 预警库.",
        discussion: """
            Lines are joined with the merchants' libraries as of the same position. An alert is an active line whose
            merchant sits in 预警库, with when and why it entered.

            Examples:
              fangxin credit
              fangxin credit --alerts
              fangxin credit --bank 岱山农商银行 --json
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var asOf: AsOfOptions
    @Option(help: ArgumentHelp("Only this merchant's lines.", valueName: "code")) var merchant: String?
    @Option(help: ArgumentHelp("Only this bank's lines.", valueName: "name")) var bank: String?
    @Flag(help: "Only the alert list.") var alerts = false
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let session = try ReadModelSession(global)
        let position = try asOf.position(in: session.ledger)
        try session.withRows(["credit", "tiers"], asOf: position) { rows, reached in
            let report = try CreditQueries.report(credit: rows["credit"]!, tiers: rows["tiers"]!, merchant: merchant, bank: bank)
            let alertLines = report.alerts.map { alert in
                AlertJSON(merchant: alert.line.merchant, merchantName: alert.merchantName, bank: alert.line.bank, product: alert.line.product,
                          amountFen: alert.line.amountFen, warningSince: alert.warningSince.description, warningAt: alert.warningAt,
                          reason: alert.reason, causes: alert.causes)
            }
            if json {
                struct Total: Encodable { let key: String; let activeLines: Int; let activeFen: Int64 }
                struct Line: Encodable {
                    let position: UInt64; let lines: [CreditLineJSON]?; let byBank: [Total]?; let byTier: [Total]?
                    let subsidyFen: Int64?; let alerts: [AlertJSON]
                }
                let totals = { (list: [CreditReport.Total]) in list.map { Total(key: $0.key, activeLines: $0.activeLines, activeFen: $0.activeFen) } }
                print(jsonLine(alerts ? Line(position: reached, lines: nil, byBank: nil, byTier: nil, subsidyFen: nil, alerts: alertLines)
                                      : Line(position: reached, lines: report.lines.map { CreditLineJSON($0) }, byBank: totals(report.byBank),
                                             byTier: totals(report.byTier), subsidyFen: report.subsidyFen, alerts: alertLines)))
                return
            }
            print("as of position \(reached)")
            if !alerts {
                for line in table(["merchant", "name", "library", "bank", "product", "amount (yuan)", "status"], report.lines.map {
                    [$0.line.merchant, $0.merchantName ?? "–", $0.tier?.name ?? "–", $0.line.bank, $0.line.product, yuan($0.line.amountFen), $0.line.status.name]
                }) { print(line) }
                print("")
                for line in table(["bank", "active lines", "active (yuan)"], report.byBank.map { [$0.key, String($0.activeLines), yuan($0.activeFen)] }) { print(line) }
                print("")
                for line in table(["library", "active lines", "active (yuan)"], report.byTier.map { [$0.key, String($0.activeLines), yuan($0.activeFen)] }) { print(line) }
                print("card-acquiring fee subsidies: \(yuan(report.subsidyFen)) yuan")
                print("")
            }
            print("alerts (credited merchants in 预警库): \(report.alerts.count)")
            for line in table(["merchant", "name", "bank", "amount (yuan)", "warning since", "at", "reason"], alertLines.map {
                [$0.merchant, $0.merchantName, $0.bank, yuan($0.amountFen), $0.warningSince, String($0.warningAt), $0.reason]
            }) { print(line) }
        }
    }
}

struct AlertJSON: Encodable {
    let merchant: String, merchantName: String, bank: String, product: String, amountFen: Int64
    let warningSince: String, warningAt: UInt64, reason: String, causes: [UInt64]
}
