import ArgumentParser
import Domain
import Projections
import Queries

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Complaint statistics: received, accepted, closed and their rates, by region, category, channel, merchant or period.",
        discussion: """
            Every indicator is defined in docs/STATISTICS.md. A complaint counts in the period it was received. \
            Two separate axes of time: --from/--to choose complaints by the business day they were received; \
            --as-of chooses what the log knew (a position or recorded time). With both --from and --to, each row \
            also shows the same period a year before (同比).

            Groupings: \(StatisticsQuery.Grouping.allCases.map(\.rawValue).joined(separator: ", ")).

            Examples:
              fangxin stats --from 2025-01-01 --to 2025-12-31
              fangxin stats --by city --region 330000
              fangxin stats --by merchant --top 10 --json
              fangxin stats --by month --from 2025-01-01 --to 2025-06-30 --as-of 2025-07-01
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var asOf: AsOfOptions
    @Option(name: .customLong("from"), help: ArgumentHelp("Business time: complaints received on or after this day.", valueName: "YYYY-MM-DD")) var fromText: String?
    @Option(name: .customLong("to"), help: ArgumentHelp("Business time: complaints received on or before this day.", valueName: "YYYY-MM-DD")) var toText: String?

    @Option(help: ArgumentHelp("Received within this region (GB/T 2260).", valueName: "code")) var region: String?
    @Option(help: ArgumentHelp("goods or service.", valueName: "category")) var category: String?
    @Option(help: ArgumentHelp("A channel, e.g. 12315-hotline.", valueName: "channel")) var channel: String?
    @Option(help: ArgumentHelp("One merchant's credit code.", valueName: "code")) var merchant: String?
    @Option(help: ArgumentHelp("Group rows by this.", valueName: "grouping")) var by: String = "none"
    @Option(help: ArgumentHelp("Keep the N groups that received most.", valueName: "N")) var top: Int?
    @Flag(help: "Print JSON.") var json = false

    func query() throws -> StatisticsQuery {
        do {
            return try QueryParameter.statistics(from: fromText, to: toText, by: by, region: region, category: category, channel: channel,
                                                 merchant: merchant, top: top.map(String.init), names: { "--" + $0 })
        } catch {
            throw ValidationError("\(error.name) \(error.reason)")
        }
    }

    func run() throws {
        let query = try query()
        let queries = try ReadModelQueries(global)
        let statistics = try answering { () throws(QueryError) in try queries.statistics(query, asOf: asOf.value) }
        if json { return print(jsonLine(statistics)) }
        print("complaints received \(statistics.from ?? "from the first") to \(statistics.to ?? "the last"), as of position \(statistics.position)")
        for line in table(
            ["group", "received", "reports", "accepted", "refused", "closed", "closure", "on-time accept", "on-time close", "mediation ok",
             "recovered (yuan)", "feedback", "satisfied", "cross-region", "YoY"],
            statistics.groups.map { group in
                [group.label.map { "\(group.group) \($0)" } ?? group.group, String(group.received), String(group.reportsReceived), String(group.accepted),
                 String(group.notAccepted), String(group.closed), percent(group.closureRate), percent(group.onTimeAcceptanceRate),
                 percent(group.onTimeClosureRate), percent(group.mediationSuccessRate), yuan(group.recoveredFen), percent(group.feedbackRate),
                 percent(group.satisfactionRate), String(group.crossRegion), group.growth.map { $0 + "%" } ?? "–"]
            }) { print(line) }
    }

    private func percent(_ rate: String?) -> String { rate.map { $0 + "%" } ?? "–" }
}
