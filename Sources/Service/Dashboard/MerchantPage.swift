import Domain
import Projections
import Queries

/// A merchant's public page: where it stands, and its library over time, each change with the events that
/// caused it. Business facts of a business only: no credit lines, no consumer.
struct MerchantPage {
    let merchant: MerchantDocument
    let moment: PageMoment

    var html: String {
        let summary = merchant.merchant
        return """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escaped(summary.name)) · 放心消费 Fangxin</title>
        <style>\(DashboardPage.style)</style>
        </head>
        <body>
        <header><h1>\(escaped(summary.name))</h1><p><code>\(escaped(summary.code))</code> · \(escaped(summary.region)) · \(escaped(summary.industry)) · \
        as of log position \(merchant.position) · 截至日志位置 \(merchant.position)</p></header>
        <nav>\(moment.form("/merchants/" + summary.code)) <a href="\(escaped(moment.link("/")))">← dashboard 总览</a></nav>
        <main>
        <section class="wide"><h2>Where it stands · 当前分库</h2>\(standing)</section>
        <section class="wide"><h2>Library over time · 分库变化</h2>\(timeline)\(changes)</section>
        </main>
        <footer>Each change names the log positions of the events that caused it. An auditor reads each record, with its \
        inclusion proof, at <code>/v1/records/POSITION</code> (with a token; docs/PROOFS.md).</footer>
        </body>
        </html>
        """
    }

    private var standing: String {
        let summary = merchant.merchant
        guard let name = summary.tier, let tier = Tier(name: name) else { return "<p>Not in a library. 未入库。</p>" }
        let stars = summary.stars.map { " · \($0) ★" } ?? ""
        // A class, not a style attribute: the page's policy allows its one stylesheet and nothing inline.
        return "<p class=\"tier\"><span class=\"tier-\(tier.rawValue)\">\(tier.chineseName) \(tier.name)</span>"
            + "\(stars) since \(escaped(summary.since)) (position \(summary.sincePosition)): \(escaped(summary.reason))</p>"
    }

    /// One band per library the merchant was in, as long as it stayed there (in business days), the last to
    /// the day of the last change and a little beyond, open-ended.
    private var timeline: String {
        let history = merchant.history.compactMap { change in CivilDate(change.on).map { (change, $0) } }
        guard let first = history.first?.1, let last = history.last?.1 else { return "" }
        let width = 900, height = 56, open = 90
        let span = max(last.daysSinceEpoch - first.daysSinceEpoch, 1)
        func x(_ day: CivilDate) -> Int { (width - open) * (day.daysSinceEpoch - first.daysSinceEpoch) / span }
        var svg = #"<svg viewBox="0 0 \#(width) \#(height)" width="\#(width)" height="\#(height)" role="img" aria-label="Library over time">"#
        var labelled = -1_000
        for (index, (change, day)) in history.enumerated() {
            let start = x(day), end = index + 1 < history.count ? x(history[index + 1].1) : width
            let colour = Tier(name: change.to).flatMap { DashboardPage.tierColours[$0] } ?? "#ccc"
            svg += #"<rect x="\#(start)" y="4" width="\#(max(end - start, 2))" height="28" fill="\#(colour)"><title>\#(escaped(change.to)) from \#(change.on)</title></rect>"#
            // A day's label needs room: changes close together share the first one's.
            if start - labelled >= 80 {
                svg += #"<text x="\#(start)" y="48" class="tick">\#(change.on)</text>"#
                labelled = start
            }
        }
        return svg + "</svg>"
    }

    private var changes: String {
        let rows = merchant.history.reversed().map { change in
            // Positions, not links: a record is read with a token, and the public page links only to what the public
            // may read. The footer says where an auditor reads them.
            let causes = change.causes.map { "<code>\($0)</code>" }.joined(separator: " ")
            let from = change.from.flatMap { Tier(name: $0) }.map { "\($0.chineseName) \($0.name)" } ?? "–"
            let to = Tier(name: change.to).map { "\($0.chineseName) \($0.name)" } ?? change.to
            return "<tr><td>\(escaped(change.on))</td><td class=\"n\">\(change.position)</td><td>\(escaped(from)) → \(escaped(to))</td>"
                + "<td>\(escaped(change.reason))</td><td>\(causes)</td></tr>"
        }
        return "<table><thead><tr><th>Day 日期</th><th>Position 位置</th><th>Change 变化</th><th>Reason 原因</th>"
            + "<th>Caused by 依据 (positions)</th></tr></thead><tbody>\(rows.joined())</tbody></table>"
    }
}
