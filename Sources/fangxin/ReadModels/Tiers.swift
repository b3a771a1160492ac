import ArgumentParser
import Domain
import Projections
import Queries

struct Tiers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Count the merchants in each library, or list one library's merchants.",
        discussion: """
            Libraries (docs/TIERS.md): selection-pool 选育池, cultivation 培育库, star-rated 星级库, warning 预警库, and delisted.

            Examples:
              fangxin tiers
              fangxin tiers --tier warning --region 330400
              fangxin tiers --tier cultivation --limit 100 --after 91330522MA2B3C4D57
              fangxin tiers --as-of 2025-01-01 --json
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var asOf: AsOfOptions
    @Option(help: ArgumentHelp("List this library's merchants (a name above, or its Chinese name).", valueName: "tier"))
    var tier: String?
    @Option(help: ArgumentHelp("Only merchants within this region (GB/T 2260: a province or city holds its counties).", valueName: "code"))
    var region: String?
    @Option(help: ArgumentHelp("With --tier: list the merchants after this credit code (the `next` of a page before).", valueName: "code"))
    var after: String?
    @Option(help: ArgumentHelp("With --tier: list at most this many merchants (default: all).", valueName: "n"))
    var limit: Int?
    @Flag(help: "List the merchants whose prior-compensation deposit (先行赔付保证金) has run out instead.") var depositAlerts = false
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let tier: Tier?, region: RegionCode?, after: String?
        do throws(InvalidParameter) {
            tier = try self.tier.map { name throws(InvalidParameter) in try QueryParameter.tier("--tier", name) }
            region = try QueryParameter.region("--region", self.region)
            after = try QueryParameter.merchantCursor("--after", self.after)
            if let limit, limit < 1 { throw InvalidParameter("--limit", "must be at least 1, not \(limit)") }
        } catch {
            throw ValidationError("\(error.name) \(error.reason)")
        }
        let queries = try ReadModelQueries(global)
        if depositAlerts {
            let alerts = try answering { () throws(QueryError) in try queries.depositAlerts(asOf: asOf.value) }
            if json { return print(jsonLine(alerts)) }
            print("deposits run out: \(alerts.merchants.count) merchants, as of position \(alerts.position)")
            for line in table(["merchant", "name", "region", "deposit (yuan)", "left (yuan)"], alerts.merchants.map {
                [$0.code, $0.name, $0.region, yuan($0.depositFen ?? 0), yuan($0.depositBalanceFen ?? 0)]
            }) { print(line) }
            return
        }
        if let tier {
            let list = try answering { () throws(QueryError) in
                try queries.tierList(tier, region: region, after: after, limit: limit ?? .max, asOf: asOf.value)
            }
            if json { return print(jsonLine(list)) }
            print("\(tier.chineseName) \(tier.name): \(list.merchants.count) merchants, as of position \(list.position)")
            if let next = list.next { print("more follow: --after \(next)") }
            for line in table(["merchant", "name", "region", "stars", "since", "reason"], list.merchants.map {
                [$0.code, $0.name, $0.region, $0.stars.map(String.init) ?? "–", $0.since, $0.reason]
            }) { print(line) }
        } else {
            let counts = try answering { () throws(QueryError) in try queries.tierCounts(region: region, asOf: asOf.value) }
            if json { return print(jsonLine(counts)) }
            print("as of position \(counts.position)")
            for line in table(["library", "", "merchants"], Tier.allCases.map { [$0.name, $0.chineseName, String(counts.counts[$0.name] ?? 0)] }) { print(line) }
        }
    }
}
