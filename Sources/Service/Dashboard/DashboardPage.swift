import Crypto
import Domain
import Foundation
import Projections
import Queries

/// The public dashboard: aggregates only, and the public complaint disclosure (投诉信息公示) of merchants, which
/// names businesses, never consumers. Everything is drawn on the server; the page needs no script.
struct DashboardPage {
    let tiers: TierCountsDocument
    /// Complaints received and closed, by month of receipt.
    let months: StatisticsDocument
    let overall: StatisticsGroupDocument?
    /// The most complained-of merchants.
    let disclosure: StatisticsDocument
    let alerts: [CreditAlertDocument]
    /// The supervision list of the page's day.
    let supervision: SupervisionDocument
    /// Merchants whose prior-compensation deposit has run out: a pledge consumers can no longer count on.
    let deposits: DepositAlertsDocument
    let moment: PageMoment

    /// How many months the trend shows, the most recent last.
    static let monthsShown = 24
    static let merchantsShown = 10

    /// The lowest position the parts reflect: the page shows the log as of at least this.
    var position: UInt64 { min(tiers.position, months.position, disclosure.position) }

    var html: String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>放心消费 · Fangxin dashboard</title>
        <style>\(Self.style)</style>
        </head>
        <body>
        <header><h1>放心消费 <span>Fangxin</span></h1><p>As of log position \(position) · 截至日志位置 \(position)</p></header>
        <nav>\(moment.form("/"))</nav>
        <main>
        <section><h2>Merchants by library · 商户分库</h2>\(tierChart)</section>
        <section><h2>Complaint handling · 投诉处理</h2><div class="meters">\(meters)</div></section>
        <section class="wide"><h2>Complaints by month · 月度投诉趋势</h2>\(trend)</section>
        <section class="wide"><h2>Public complaint disclosure · 投诉信息公示</h2>\(disclosureTable)</section>
        <section class="wide"><h2>Cases past their limits · 超期案件 (\(supervision.on))</h2>\(supervisionTable)</section>
        <section class="wide"><h2>Credit alerts · 授信预警</h2>\(alertTable)</section>
        <section class="wide"><h2>Prior-compensation deposits run out · 先行赔付保证金用尽</h2>\(depositTable)</section>
        </main>
        <footer>Aggregates of the 放心消费 ledger. No personal data is shown. API: <a href="/openapi.json">/openapi.json</a></footer>
        </body>
        </html>
        """
    }

    static let tierColours: [Tier: String] = [
        .selectionPool: "#8fb8de", .cultivation: "#4f8fc0", .starRated: "#2e9e6b", .warning: "#d9822b", .delisted: "#9a9a9a",
    ]

    private var tierChart: String {
        let shown = Tier.allCases.filter { $0 != .delisted || (tiers.counts[$0.name] ?? 0) > 0 }
        return SVGCharts.bars(shown.map { ("\($0.chineseName) \($0.name)", tiers.counts[$0.name] ?? 0, Self.tierColours[$0]!) },
                              title: "Merchants by library")
    }

    private var meters: String {
        guard let overall else { return "<p>No complaints recorded yet.</p>" }
        return [
            SVGCharts.meter(overall.closureRate, label: "Closed · 办结率"),
            SVGCharts.meter(overall.onTimeAcceptanceRate, label: "Accepted on time · 按时受理率"),
            SVGCharts.meter(overall.onTimeClosureRate, label: "Closed on time · 按时办结率"),
            SVGCharts.meter(overall.satisfactionRate, label: "Satisfied · 满意率"),
        ].joined() + "<p class=\"note\">\(overall.received) complaints received, \(overall.closed) closed, ¥\(yuan(overall.recoveredFen)) recovered for consumers.</p>"
    }

    private var trend: String {
        let recent = months.groups.suffix(Self.monthsShown)
        guard !recent.isEmpty else { return "<p>No complaints recorded yet.</p>" }
        return SVGCharts.trend(recent.map { ($0.group, $0.received, $0.closed) }, columnsName: "received 投诉", lineName: "closed 办结")
    }

    private var disclosureTable: String {
        let rows = disclosure.groups.prefix(Self.merchantsShown).map { group in
            "<tr><td>\(merchantLink(group.group, named: group.label ?? ""))</td><td><code>\(escaped(group.group))</code></td><td class=\"n\">\(group.received)</td>"
                + "<td class=\"n\">\(group.accepted)</td><td class=\"n\">\(group.closed)</td>"
                + "<td class=\"n\">\(escaped(group.closureRate.map { $0 + "%" } ?? "–"))</td></tr>"
        }
        guard !rows.isEmpty else { return "<p>No complaints recorded yet.</p>" }
        return "<table><thead><tr><th>Merchant 经营者</th><th>Credit code 统一社会信用代码</th><th>Received 投诉</th><th>Accepted 受理</th>"
            + "<th>Closed 办结</th><th>Closure rate 办结率</th></tr></thead><tbody>\(rows.joined())</tbody></table>"
    }

    private var alertTable: String {
        guard !alerts.isEmpty else { return "<p>No merchant with an active credit line is in the warning library or delisted. 暂无授信预警。</p>" }
        let rows = alerts.map { alert in
            let library = Tier(name: alert.tier).map { "\($0.chineseName) \($0.name)" } ?? alert.tier
            return "<tr><td>\(merchantLink(alert.merchant, named: alert.merchantName))</td><td>\(escaped(alert.bank))</td><td>\(escaped(alert.product))</td>"
                + "<td class=\"n\">¥\(yuan(alert.amountFen))</td><td>\(escaped(library))</td><td>\(escaped(alert.warningSince))</td><td>\(escaped(alert.reason))</td></tr>"
        }
        return "<table><thead><tr><th>Merchant 经营者</th><th>Bank 银行</th><th>Product 产品</th><th>Line 授信额度</th>"
            + "<th>Library 分库</th><th>Since 日期</th><th>Reason 原因</th></tr></thead><tbody>\(rows.joined())</tbody></table>"
    }

    /// Names businesses, as the public disclosure does: a pledge of prior compensation with nothing behind it.
    private var depositTable: String {
        guard !deposits.merchants.isEmpty else { return "<p>No merchant's prior-compensation deposit has run out. 暂无保证金用尽。</p>" }
        let rows = deposits.merchants.map { merchant in
            "<tr><td>\(merchantLink(merchant.code, named: merchant.name))</td><td><code>\(escaped(merchant.code))</code></td>"
                + "<td class=\"n\">¥\(yuan(merchant.depositFen ?? 0))</td><td class=\"n\">¥\(yuan(merchant.depositBalanceFen ?? 0))</td></tr>"
        }
        return "<table><thead><tr><th>Merchant 经营者</th><th>Credit code 统一社会信用代码</th><th>Deposit 保证金</th><th>Left 余额</th></tr></thead>"
            + "<tbody>\(rows.joined())</tbody></table>"
    }

    /// Counts only: the page is public, and a case's number is not (docs/SUPERVISION.md).
    private var supervisionTable: String {
        let limits: [(String, String)] = [("acceptance", "Decision to accept · 受理决定"), ("mediation", "Mediation · 调解"),
                                          ("odr-negotiation", "ODR negotiation · 在线和解"), ("parties-notice", "Termination notice · 终止调解告知"),
                                          ("report-verification", "Report verification · 举报核查"), ("reporter-notice", "Reporter notice · 举报人告知"),
                                          ("penalty-decision", "Case decision · 案件处理决定")]
        let rows = limits.map { limit, label in
            let cases = supervision.cases.filter { $0.limit == limit }
            let overdue = cases.filter { $0.status == "overdue" }
            let longest = overdue.map(\.daysPastDue).max().map { "\($0) days" } ?? "–"
            return "<tr><td>\(label)</td><td class=\"n\">\(overdue.count)</td><td class=\"n\">\(cases.count - overdue.count)</td><td class=\"n\">\(longest)</td></tr>"
        }
        return "<table><thead><tr><th>Limit 时限</th><th>Overdue 已超期</th><th>Due by \(escaped(supervision.windowEnds)) 即将到期</th>"
            + "<th>Longest overdue 最长超期</th></tr></thead><tbody>\(rows.joined())</tbody></table>"
            + "<p class=\"note\">Complaints and reports whose statutory limit has passed, or falls due within \(supervision.dueWithin) working days, "
            + "counting what happened by \(escaped(supervision.on)). Regulators see each case at /v1/overdue.</p>"
    }

    /// A merchant's name, linking to its page when the complaints named it by its credit code.
    private func merchantLink(_ code: String, named name: String) -> String {
        guard UnifiedSocialCreditCode.isWellFormed(code) else { return escaped(name) }
        return #"<a href="\#(escaped(moment.link("/merchants/" + code)))">\#(escaped(name))</a>"#
    }

    /// The CSP source that allows the stylesheet below, and only it: `sha256-` and its digest in base64.
    static let styleHash = "sha256-" + Data(SHA256.hash(data: Data(style.utf8))).base64EncodedString()

    static let style = """
        body{font-family:"Noto Sans CJK SC","Noto Sans SC","PingFang SC",sans-serif;margin:0;background:#f5f7fa;color:#1f2933}
        header{background:#b7262b;color:#fff;padding:16px 32px}header h1{margin:0;font-size:26px}header h1 span{font-weight:300}
        header p{margin:4px 0 0;opacity:.85}main{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:20px;padding:24px 32px}
        section{background:#fff;border-radius:8px;padding:16px 20px;box-shadow:0 1px 3px rgba(0,0,0,.08)}section.wide{grid-column:1/-1}
        h2{font-size:17px;margin:0 0 12px}table{border-collapse:collapse;width:100%;font-size:14px}
        th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e4e7eb}td.n{text-align:right;font-variant-numeric:tabular-nums}
        .meters{display:grid;grid-template-columns:repeat(2,220px);gap:12px 32px}.note{grid-column:1/-1;color:#52606d;font-size:14px}
        svg text{font-size:13px;fill:#1f2933}svg .value{font-weight:600}svg .tick{font-size:11px;fill:#52606d}
        svg .axis{stroke:#9aa5b1}svg .column{fill:#4f8fc0}svg .line{fill:none;stroke:#d9822b;stroke-width:2}
        svg .track{fill:#e4e7eb}svg .fill{fill:#2e9e6b}svg .meter-value{font-weight:600;fill:#fff;paint-order:stroke;stroke:#1f2933;stroke-width:2px}
        footer{padding:8px 32px 24px;color:#52606d;font-size:13px}
        nav{padding:12px 32px 0;display:flex;gap:16px;align-items:center;flex-wrap:wrap}nav form{margin:0}
        a{color:#1d5f99}.tier span{color:#fff;padding:2px 8px;border-radius:4px}
        .tier-1{background:#8fb8de}.tier-2{background:#4f8fc0}.tier-3{background:#2e9e6b}.tier-4{background:#d9822b}.tier-5{background:#9a9a9a}
        """
}
