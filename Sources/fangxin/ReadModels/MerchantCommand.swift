import ArgumentParser
import Domain
import Projections

struct MerchantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merchant",
        abstract: "Show one merchant: its library, every change of library with the events that caused it, its credit.",
        discussion: """
            With --as-of, the library and history are those the log held at that position: changes recorded later,
            even about earlier business days, are left out.

            Examples:
              fangxin merchant 91330421MA28JJY015
              fangxin merchant 91330421MA28JJY015 --as-of 120 --json
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var asOf: AsOfOptions
    @Argument(help: ArgumentHelp("The merchant's unified social credit code.", valueName: "code")) var code: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        do { _ = try UnifiedSocialCreditCode(code) } catch { throw ValidationError("\(error)") }
        let session = try ReadModelSession(global)
        let position = try asOf.position(in: session.ledger)
        // The history is kept for ever, by position: a past position needs no refold.
        try session.withRows(["tiers", "credit"], asOf: nil) { rows, live in
            let through = min(position ?? live, live)
            guard let standing = try TierQueries.standing(rows["tiers"]!, merchant: code) else {
                printError("fangxin: no merchant \(code) in the read models (as of position \(live))")
                throw ExitCode(1)
            }
            let history = try TierQueries.history(rows["tiers"]!, merchant: code, through: through)
            let credit = try CreditQueries.report(credit: rows["credit"]!, tiers: rows["tiers"]!, merchant: code)
                .lines.filter { $0.line.grantedAt <= through }
            let tier = history.last?.to
            if json {
                struct Change: Encodable { let position: UInt64; let from: String?; let to: String; let on: String; let reason: String; let causes: [UInt64]; let policy: String }
                struct Line: Encodable { let position: UInt64; let merchant: MerchantLine; let tier: String?; let history: [Change]; let credit: [CreditLineJSON] }
                print(jsonLine(Line(position: through, merchant: MerchantLine(standing), tier: tier?.name,
                                    history: history.map { Change(position: $0.position, from: $0.from?.name, to: $0.to.name, on: $0.on.description, reason: $0.reason, causes: $0.causes, policy: $0.policy) },
                                    credit: credit.map { CreditLineJSON($0, through: through) })))
                return
            }
            print("\(standing.code)  \(standing.name)  region \(standing.region)  \(standing.industry)")
            print("library   \(tier.map { "\($0.chineseName) \($0.name)" } ?? "none")   as of position \(through)")
            print("stars     \(standing.stars.map(String.init) ?? "–")   pledges \(standing.pledges.map(\.importName).joined(separator: ", "))")
            print("")
            for line in table(["position", "on", "from", "to", "reason", "caused by"], history.map {
                [String($0.position), $0.on.description, $0.from?.name ?? "–", $0.to.name, $0.reason, $0.causes.map(String.init).joined(separator: " ")]
            }) { print(line) }
            if !credit.isEmpty {
                print("")
                for line in table(["bank", "product", "amount (yuan)", "status"], credit.map {
                    [$0.line.bank, $0.line.product, yuan($0.line.amountFen), $0.line.statusAt <= through ? $0.line.status.name : "active"]
                }) { print(line) }
            }
        }
    }
}

/// A credit line, for JSON.
struct CreditLineJSON: Encodable {
    let merchant: String, merchantName: String?, tier: String?, bank: String, product: String
    let amountFen: Int64, termMonths: Int, grantedOn: String?, grantedAt: UInt64, status: String, statusAt: UInt64

    init(_ entry: CreditReport.Line, through: UInt64 = .max) {
        merchant = entry.line.merchant
        merchantName = entry.merchantName
        tier = entry.tier?.name
        bank = entry.line.bank
        product = entry.line.product
        amountFen = entry.line.amountFen
        termMonths = entry.line.termMonths
        grantedOn = entry.line.grantedOn?.description
        grantedAt = entry.line.grantedAt
        status = entry.line.statusAt <= through ? entry.line.status.name : "active"
        statusAt = entry.line.statusAt <= through ? entry.line.statusAt : entry.line.grantedAt
    }
}
