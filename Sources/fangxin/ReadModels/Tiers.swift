import ArgumentParser
import Domain
import Projections

struct Tiers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Count the merchants in each library, or list one library's merchants.",
        discussion: """
            Libraries (docs/TIERS.md): selection-pool 选育池, cultivation 培育库, star-rated 星级库, warning 预警库, and delisted.

            Examples:
              fangxin tiers
              fangxin tiers --tier warning --region 330400
              fangxin tiers --as-of 2025-01-01 --json
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var asOf: AsOfOptions
    @Option(help: ArgumentHelp("List this library's merchants (a name above, or its Chinese name).", valueName: "tier"))
    var tier: String?
    @Option(help: ArgumentHelp("Only merchants within this region (GB/T 2260: a province or city holds its counties).", valueName: "code"))
    var region: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let tier = try self.tier.map { name -> Tier in
            guard let tier = Tier(name: name) else { throw ValidationError("--tier \(name): not a library (\(Tier.allCases.map(\.name).joined(separator: ", ")))") }
            return tier
        }
        let region = try self.region.map { code -> RegionCode in
            do { return try RegionCode(code) } catch { throw ValidationError("--region: \(error)") }
        }
        let session = try ReadModelSession(global)
        let position = try asOf.position(in: session.ledger)
        try session.withRows(["tiers"], asOf: position) { rows, reached in
            let tiers = rows["tiers"]!
            if let tier {
                let standings = try TierQueries.standings(tiers, tier: tier, region: region)
                if json {
                    print(jsonLine(TierList(position: reached, tier: tier.name, merchants: standings.map(MerchantLine.init))))
                } else {
                    print("\(tier.chineseName) \(tier.name): \(standings.count) merchants, as of position \(reached)")
                    for line in table(["merchant", "name", "region", "stars", "since", "reason"], standings.map {
                        [$0.code, $0.name, $0.region, $0.stars.map(String.init) ?? "–", $0.since.description, $0.reason]
                    }) { print(line) }
                }
            } else {
                let counts = try TierQueries.counts(tiers, region: region)
                if json {
                    print(jsonLine(TierCounts(position: reached, counts: Dictionary(uniqueKeysWithValues: counts.map { ($0.tier.name, $0.merchants) }))))
                } else {
                    print("as of position \(reached)")
                    for line in table(["library", "", "merchants"], counts.map { [$0.tier.name, $0.tier.chineseName, String($0.merchants)] }) { print(line) }
                }
            }
        }
    }
}

struct TierCounts: Encodable { let position: UInt64; let counts: [String: Int] }
struct TierList: Encodable { let position: UInt64; let tier: String; let merchants: [MerchantLine] }

/// A merchant's standing, for JSON.
struct MerchantLine: Encodable {
    let code: String, name: String, region: String, industry: String
    let tier: String?, library: String, stars: Int?, pledges: [String]
    let since: String, sincePosition: UInt64, reason: String, causes: [UInt64]

    init(_ standing: MerchantStanding) {
        code = standing.code
        name = standing.name
        region = standing.region
        industry = standing.industry
        tier = standing.tier?.name
        library = standing.library.name
        stars = standing.stars
        pledges = standing.pledges.map(\.importName)
        since = standing.since.description
        sincePosition = standing.sincePosition
        reason = standing.reason
        causes = standing.causes
    }
}
