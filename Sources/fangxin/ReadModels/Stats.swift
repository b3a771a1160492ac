import ArgumentParser
import Domain
import Projections

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Complaint statistics: received, accepted, closed and their rates, by region, category, channel, merchant or period.",
        discussion: """
            Every indicator is defined in docs/STATISTICS.md. A complaint counts in the period it was received.
            Two separate axes of time: --from/--to choose complaints by the business day they were received;
            --as-of chooses what the log knew (a position or recorded time). With both --from and --to, each row
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
    @Option(name: .customLong("from"), help: ArgumentHelp("Received on or after this day.", valueName: "YYYY-MM-DD")) var fromText: String?
    @Option(name: .customLong("to"), help: ArgumentHelp("Received on or before this day.", valueName: "YYYY-MM-DD")) var toText: String?

    var from: CivilDate? { fromText.flatMap { CivilDate($0) } }
    var to: CivilDate? { toText.flatMap { CivilDate($0) } }
    @Option(help: ArgumentHelp("Received within this region (GB/T 2260).", valueName: "code")) var region: String?
    @Option(help: ArgumentHelp("goods or service.", valueName: "category")) var category: String?
    @Option(help: ArgumentHelp("A channel, e.g. 12315-hotline.", valueName: "channel")) var channel: String?
    @Option(help: ArgumentHelp("One merchant's credit code.", valueName: "code")) var merchant: String?
    @Option(help: ArgumentHelp("Group rows by this.", valueName: "grouping")) var by: String = "none"
    @Option(help: ArgumentHelp("Keep the N groups that received most.", valueName: "N")) var top: Int?
    @Flag(help: "Print JSON.") var json = false

    func query() throws -> StatisticsQuery {
        guard let grouping = StatisticsQuery.Grouping(rawValue: by) else {
            throw ValidationError("--by \(by): group by one of \(StatisticsQuery.Grouping.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        for (name, text) in [("--from", fromText), ("--to", toText)] {
            if let text, CivilDate(text) == nil { throw ValidationError("\(name) \"\(text)\" is not a date written YYYY-MM-DD") }
        }
        if let from, let to, from > to { throw ValidationError("--from \(from) is after --to \(to)") }
        if let top, top < 1 { throw ValidationError("--top must be at least 1") }
        return StatisticsQuery(
            from: from, to: to,
            region: try region.map { code in do { return try RegionCode(code) } catch { throw ValidationError("--region: \(error)") } },
            category: try category.map { name in
                guard let value = ComplaintCategory.byImportName[name] else { throw ValidationError("--category \(name): goods or service") }
                return value
            },
            channel: try channel.map { name in
                guard let value = ComplaintChannel.byImportName[name] else {
                    throw ValidationError("--channel \(name): one of \(ComplaintChannel.allCases.map(\.name).joined(separator: ", "))")
                }
                return value
            },
            merchant: merchant, groupBy: grouping, top: top)
    }

    func run() throws {
        let query = try query()
        let session = try ReadModelSession(global)
        let position = try asOf.position(in: session.ledger)
        try session.withRows(["stats"], asOf: position) { rows, reached in
            let groups = try query.run(rows["stats"]!)
            if json {
                print(jsonLine(StatsJSON(position: reached, from: from?.description, to: to?.description, groupBy: by, groups: groups.map(GroupJSON.init))))
                return
            }
            print("complaints received \(from?.description ?? "from the first") to \(to?.description ?? "the last"), as of position \(reached)")
            for line in table(
                ["group", "received", "accepted", "refused", "closed", "closure", "on-time accept", "on-time close", "mediation ok",
                 "recovered (yuan)", "feedback", "satisfied", "cross-region", "YoY"],
                groups.map { group in
                    let figures = group.indicators
                    return [group.label.map { "\(group.group) \($0)" } ?? group.group, String(figures.received), String(figures.accepted),
                            String(figures.notAccepted), String(figures.closed), figures.closureRate.description,
                            figures.onTimeAcceptanceRate.description, figures.onTimeClosureRate.description,
                            figures.mediationSuccessRate.description, yuan(figures.recoveredFen), figures.feedbackRate.description,
                            figures.satisfactionRate.description, String(figures.crossRegion), group.growth.map { $0 + "%" } ?? "–"]
                }) { print(line) }
        }
    }
}

struct StatsJSON: Encodable {
    let position: UInt64
    let from: String?, to: String?, groupBy: String
    let groups: [GroupJSON]
}

/// One group's indicators; rates are percent strings with two decimals, null when nothing to divide by.
struct GroupJSON: Encodable {
    let group: String, label: String?
    let received: Int, accepted: Int, notAccepted: Int, decidedOnTime: Int, closed: Int, closedOnTime: Int
    let mediationAgreements: Int, recoveredFen: Int64, feedbackGiven: Int, rated: Int, satisfied: Int, crossRegion: Int
    let closureRate: String?, onTimeAcceptanceRate: String?, onTimeClosureRate: String?, mediationSuccessRate: String?
    let feedbackRate: String?, satisfactionRate: String?
    let receivedYearBefore: Int?, growth: String?

    init(_ group: StatisticsGroup) {
        let figures = group.indicators
        self.group = group.group
        label = group.label
        received = figures.received
        accepted = figures.accepted
        notAccepted = figures.notAccepted
        decidedOnTime = figures.decidedOnTime
        closed = figures.closed
        closedOnTime = figures.closedOnTime
        mediationAgreements = figures.mediationAgreements
        recoveredFen = figures.recoveredFen
        feedbackGiven = figures.feedbackGiven
        rated = figures.rated
        satisfied = figures.satisfied
        crossRegion = figures.crossRegion
        closureRate = figures.closureRate.percent
        onTimeAcceptanceRate = figures.onTimeAcceptanceRate.percent
        onTimeClosureRate = figures.onTimeClosureRate.percent
        mediationSuccessRate = figures.mediationSuccessRate.percent
        feedbackRate = figures.feedbackRate.percent
        satisfactionRate = figures.satisfactionRate.percent
        receivedYearBefore = group.receivedYearBefore
        growth = group.growth
    }
}
