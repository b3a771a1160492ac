import Application
import ArgumentParser
import Domain
import Ledger
import Queries

struct Overdue: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The supervision list: complaints and reports past a statutory limit, or due soon, on a business day.",
        discussion: """
            Lists every case whose limit runs on the day: the decision to accept a complaint (受理), its mediation \
            (调解), and a report's verification and filing decision (核查、立案), under the limits of the regime it was \
            received under (Order 20 or Order 121) as recorded on the case. Overdue: past its last day, and the act it \
            waits for had not happened by the day. Due soon: its last day is the day itself or within --due-within \
            working days after it. A limit's last day is still in time. Only what happened by the day counts, \
            whenever it was recorded; --as-of chooses what the log knew (docs/SUPERVISION.md).

            Examples:
              fangxin overdue
              fangxin overdue --on 2025-10-14 --due-within 3 --region 330500
              fangxin overdue --on 2025-10-14 --as-of 2025-10-20 --json
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var asOf: AsOfOptions
    @Option(name: .customLong("on"), help: ArgumentHelp(
        "Business time: the day the list is for (default: today in China Standard Time).", valueName: "YYYY-MM-DD")) var onText: String?
    @Option(name: .customLong("due-within"), help: ArgumentHelp(
        "Also list cases due within this many working days after the day (0 to \(SupervisionParameters.maximumWindow)).", valueName: "N"))
    var dueWithin: Int = SupervisionParameters.defaultWindow
    @Option(help: ArgumentHelp("Cases received within this region (GB/T 2260): a city sees its counties.", valueName: "code")) var region: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let queries = try ReadModelQueries(global)
        let parameters: SupervisionParameters
        do {
            // Today is the ledger's day (China Standard Time, or the story's clock), as everything it records is dated.
            parameters = try SupervisionParameters(on: onText, dueWithin: String(dueWithin), region: region, today: queries.ledger.clock().businessDay,
                                                   names: { $0 == "dueWithin" ? "--due-within" : "--" + $0 })
        } catch {
            throw ValidationError("\(error.name) \(error.reason)")
        }
        let list = try answering { () throws(QueryError) in
            try queries.supervision(on: parameters.day, dueWithin: parameters.dueWithin, region: parameters.region, asOf: asOf.value)
        }
        if json { return print(jsonLine(list)) }
        print("on \(list.on)\(list.region.map { " in \($0)" } ?? ""), as of position \(list.position): \(list.overdue) overdue, "
              + "\(list.dueSoon) due by \(list.windowEnds) (\(list.dueWithin) working days)")
        for line in table(["status", "case", "limit", "due", "days past", "region", "regime", "merchant"], list.cases.map { item in
            [item.status, "\(item.kind) \(item.id)", item.limit, item.due + (item.dueIsProvisional ? " (provisional)" : ""), String(item.daysPastDue),
             item.region, item.regime, item.merchantName]
        }) { print(line) }
    }
}
