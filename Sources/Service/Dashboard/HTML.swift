import Domain
import Foundation
import Queries

/// Text made safe for HTML and SVG, in content and in attributes alike.
func escaped(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(character)
        }
    }
    return out
}

/// Where the pages are as of: what the reader asked for (`asOf`, as typed), carried into every link so that
/// following one stays at the same moment.
struct PageMoment {
    /// The `asOf` the reader gave, nil for now.
    let asOf: String?

    /// `path` with this moment's `asOf` added, percent-encoded.
    func link(_ path: String) -> String {
        guard let asOf else { return path }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~:")
        return path + "?asOf=" + (asOf.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
    }

    /// A plain GET form (no script) to choose a day or a position, for `action`.
    func form(_ action: String) -> String {
        let day = asOf.flatMap { CivilDate($0) }?.description ?? ""
        let position = asOf.flatMap { QueryParameter.digits($0) }.map(String.init) ?? ""
        return #"<form method="get" action="\#(escaped(action))"><label>As of day 截至日期 <input type="date" name="asOf" value="\#(day)"></label> "#
            + #"<button>Show</button></form><form method="get" action="\#(escaped(action))"><label>or log position 或日志位置 "#
            + #"<input type="number" name="asOf" min="0" value="\#(position)"></label> <button>Show</button></form>"#
            + (asOf == nil ? "" : #" <a href="\#(escaped(action))">now 当前</a>"#)
    }
}
