/// Fen as yuan with two decimals and thousands separators: 123456 → "1,234.56". Money is fen everywhere;
/// this is only how it is shown.
public func yuan(_ fen: Int64) -> String {
    let sign = fen < 0 ? "-" : ""
    let magnitude = fen.magnitude
    var whole = String(magnitude / 100)
    var grouped = ""
    while whole.count > 3 {
        grouped = "," + whole.suffix(3) + grouped
        whole.removeLast(3)
    }
    let cents = magnitude % 100
    return "\(sign)\(whole)\(grouped).\(cents < 10 ? "0" : "")\(cents)"
}
