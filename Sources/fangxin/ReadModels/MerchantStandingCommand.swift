import ArgumentParser
import Domain
import Projections
import Queries

struct MerchantStandingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merchant",
        abstract: "Show one merchant: its library, every change of library with the events that caused it, its credit.",
        discussion: """
            With --as-of, the standing, library, history and credit are those the log held at that position, folded \
            afresh from the log: changes recorded later, even about earlier business days, are left out.

            Examples:
              fangxin merchant 91330421MA28JJY015
              fangxin merchant 91330421MA28JJY015 --as-of 120 --json
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var asOf: AsOfOptions
    @Argument(help: ArgumentHelp("The merchant's unified social credit code.", valueName: "code")) var code: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        do { _ = try QueryParameter.merchant("code", code) } catch { throw ValidationError(error.reason) }
        let queries = try ReadModelQueries(global)
        let merchant = try answering { () throws(QueryError) in try queries.merchant(code, asOf: asOf.value) }
        if json { return print(jsonLine(merchant)) }
        let standing = merchant.merchant
        print("\(standing.code)  \(standing.name)  region \(standing.region)  \(standing.industry)")
        print("library   \(merchant.tier.flatMap(Tier.init(name:)).map { "\($0.chineseName) \($0.name)" } ?? "none")   as of position \(merchant.position)")
        print("stars     \(standing.stars.map(String.init) ?? "–")   pledges \(standing.pledges.joined(separator: ", "))")
        if let deposit = standing.depositFen, let balance = standing.depositBalanceFen {
            print("deposit   \(yuan(deposit)) yuan pledged, \(yuan(balance)) yuan left\(balance <= 0 ? "   ALERT: the prior-compensation deposit has run out" : "")")
        }
        print("")
        for line in table(["position", "on", "from", "to", "reason", "caused by"], merchant.history.map {
            [String($0.position), $0.on, $0.from ?? "–", $0.to, $0.reason, $0.causes.map(String.init).joined(separator: " ")]
        }) { print(line) }
        if !merchant.credit.isEmpty {
            print("")
            for line in table(["bank", "product", "amount (yuan)", "status"], merchant.credit.map {
                [$0.bank, $0.product, yuan($0.amountFen), $0.status]
            }) { print(line) }
        }
    }
}
