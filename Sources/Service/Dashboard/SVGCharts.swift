/// Small charts drawn on the server as SVG: no script, readable without one, printable.
enum SVGCharts {
    /// One horizontal bar per item, its value at the end.
    static func bars(_ items: [(label: String, value: Int, colour: String)], title: String) -> String {
        let width = 520, barHeight = 30, gap = 10, labelWidth = 150
        let height = items.count * (barHeight + gap) + gap
        let largest = max(items.map(\.value).max() ?? 0, 1)
        var svg = #"<svg viewBox="0 0 \#(width) \#(height)" width="\#(width)" height="\#(height)" role="img" aria-label="\#(escaped(title))">"#
        for (index, item) in items.enumerated() {
            let y = gap + index * (barHeight + gap)
            let length = (width - labelWidth - 60) * item.value / largest
            svg += #"<text x="0" y="\#(y + 20)" class="label">\#(escaped(item.label))</text>"#
            svg += #"<rect x="\#(labelWidth)" y="\#(y)" width="\#(max(length, 1))" height="\#(barHeight)" rx="3" fill="\#(item.colour)"/>"#
            svg += #"<text x="\#(labelWidth + max(length, 1) + 8)" y="\#(y + 20)" class="value">\#(item.value)</text>"#
        }
        return svg + "</svg>"
    }

    /// Columns of one series over time, with a line for a second; a label under every `labelEvery`th column.
    static func trend(_ points: [(label: String, columns: Int, line: Int)], columnsName: String, lineName: String, labelEvery: Int = 3) -> String {
        let width = 720, height = 260, left = 40, bottom = 40, top = 24
        let plotHeight = height - bottom - top
        let largest = max(points.map { max($0.columns, $0.line) }.max() ?? 0, 1)
        let step = points.isEmpty ? 0 : Double(width - left - 10) / Double(points.count)
        func y(_ value: Int) -> Int { top + plotHeight - plotHeight * value / largest }
        var svg = #"<svg viewBox="0 0 \#(width) \#(height)" width="100%" role="img" aria-label="\#(escaped(columnsName))">"#
        svg += #"<line x1="\#(left)" y1="\#(top + plotHeight)" x2="\#(width - 10)" y2="\#(top + plotHeight)" class="axis"/>"#
        svg += #"<text x="\#(left - 6)" y="\#(top + 4)" class="tick" text-anchor="end">\#(largest)</text>"#
        svg += #"<text x="\#(left - 6)" y="\#(top + plotHeight)" class="tick" text-anchor="end">0</text>"#
        var line: [String] = []
        for (index, point) in points.enumerated() {
            let x = Double(left) + step * Double(index)
            let columnWidth = max(step * 0.7, 1)
            svg += #"<rect x="\#(format(x + step * 0.15))" y="\#(y(point.columns))" width="\#(format(columnWidth))" height="\#(top + plotHeight - y(point.columns))" class="column"><title>\#(escaped(point.label)): \#(point.columns)</title></rect>"#
            line.append("\(format(x + step / 2)),\(y(point.line))")
            if index % labelEvery == 0 {
                svg += #"<text x="\#(format(x + step / 2))" y="\#(height - bottom + 16)" class="tick" text-anchor="middle">\#(escaped(point.label))</text>"#
            }
        }
        if !line.isEmpty { svg += #"<polyline points="\#(line.joined(separator: " "))" class="line"/>"# }
        svg += #"<rect x="\#(left)" y="\#(height - 14)" width="12" height="10" class="column"/><text x="\#(left + 18)" y="\#(height - 5)" class="tick">\#(escaped(columnsName))</text>"#
        svg += #"<line x1="\#(left + 160)" y1="\#(height - 9)" x2="\#(left + 176)" y2="\#(height - 9)" class="line"/><text x="\#(left + 182)" y="\#(height - 5)" class="tick">\#(escaped(lineName))</text>"#
        return svg + "</svg>"
    }

    /// A rate (percent with two decimals, "87.50") as a filled meter; empty, with a dash, when there is nothing to
    /// divide by.
    static func meter(_ percent: String?, label: String) -> String {
        // Only the meter's length is approximate; the figure shown is the exact string.
        let value = percent.flatMap { Double($0) } ?? 0
        let width = 220
        let filled = Int(Double(width) * min(max(value, 0), 100) / 100)
        return #"<svg viewBox="0 0 \#(width) 46" width="\#(width)" height="46" role="img" aria-label="\#(escaped(label))">"#
            + #"<text x="0" y="14" class="label">\#(escaped(label))</text>"#
            + #"<rect x="0" y="22" width="\#(width)" height="16" rx="3" class="track"/>"#
            + #"<rect x="0" y="22" width="\#(filled)" height="16" rx="3" class="fill"/>"#
            + #"<text x="\#(width - 4)" y="35" class="meter-value" text-anchor="end">\#(escaped(percent.map { $0 + "%" } ?? "–"))</text></svg>"#
    }

    /// One decimal place, without Foundation's locale.
    private static func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }
}
