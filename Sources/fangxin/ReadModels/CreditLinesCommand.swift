import ArgumentParser
import Projections
import Queries

struct CreditLinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credit",
        abstract: "Credit lines (授信) by merchant, bank and library, and the alert list: credited merchants in 预警库 or delisted.",
        discussion: """
            Lines are joined with the merchants' libraries as of the same position. An alert is an active line whose \
            merchant sits in 预警库 or was delisted (摘牌), with when and why it got there.

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
        let queries = try ReadModelQueries(global)
        let credit = try answering { () throws(QueryError) in try queries.credit(merchant: merchant, bank: bank, alertsOnly: alerts, asOf: asOf.value) }
        if json { return print(jsonLine(credit)) }
        print("as of position \(credit.position)")
        if let lines = credit.lines {
            for line in table(["merchant", "name", "library", "bank", "product", "amount (yuan)", "status"], lines.map {
                [$0.merchant, $0.merchantName ?? "–", $0.tier ?? "–", $0.bank, $0.product, yuan($0.amountFen), $0.status]
            }) { print(line) }
            print("")
            for line in table(["bank", "active lines", "active (yuan)"], (credit.byBank ?? []).map { [$0.key, String($0.activeLines), yuan($0.activeFen)] }) { print(line) }
            print("")
            for line in table(["library", "active lines", "active (yuan)"], (credit.byTier ?? []).map { [$0.key, String($0.activeLines), yuan($0.activeFen)] }) { print(line) }
            print("card-acquiring fee subsidies: \(yuan(credit.subsidyFen ?? 0)) yuan")
            print("")
        }
        print("alerts (credited merchants in 预警库 or delisted): \(credit.alerts.count)")
        for line in table(["merchant", "name", "bank", "amount (yuan)", "library", "since", "at", "reason"], credit.alerts.map {
            [$0.merchant, $0.merchantName, $0.bank, yuan($0.amountFen), $0.tier, $0.warningSince, String($0.warningAt), $0.reason]
        }) { print(line) }
    }
}
