import ArgumentParser
import Foundation
import Ledger
import Projections
import ReadModels

/// `--as-of`: a ledger position, or a recorded time.
struct AsOfOptions: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp(
        "Answer as the system did then: a log position (1234), or a recorded time (2026-03-01T09:30:00+08:00, or a date, meaning 00:00 Beijing time).",
        valueName: "position|time"))
    var asOf: String?

    /// The position the answer must reflect; nil for now.
    func position(in ledger: Ledger) throws -> UInt64? {
        guard let asOf else { return nil }
        if let position = UInt64(asOf) { return position }
        guard let time = Self.parseTime(asOf) else {
            throw ValidationError("--as-of \(asOf): give a position (digits) or a time such as 2026-03-01T09:30:00+08:00 or 2026-03-01")
        }
        return try failing { try ledger.position(recordedAtOrBefore: time) }
    }

    static func parseTime(_ text: String) -> Timestamp? {
        let formatter = ISO8601DateFormatter()
        var date = formatter.date(from: text)
        if date == nil, text.count == 10 { date = formatter.date(from: text + "T00:00:00+08:00") }
        guard let date else { return nil }
        return Timestamp(microsecondsSinceEpoch: Int64((date.timeIntervalSince1970 * 1_000_000).rounded()))
    }
}

/// The ledger (read only) and its read models, brought up to date before a query.
struct ReadModelSession {
    let ledger: Ledger
    let runner: ProjectionRunner

    init(_ global: GlobalOptions) throws {
        ledger = try global.openForReading()
        runner = ProjectionRunner(ledger: ledger, store: try readModels { try ReadModelStore(ledgerDirectory: global.data) })
    }

    /// Runs `body` with the rows of the named projections as of `position` (now when nil), and the position
    /// they reflect. Live models are caught up first; a past position is folded afresh from the log.
    func withRows<R>(_ names: [String], asOf position: UInt64?, _ body: ([String: any RowReader], UInt64) throws -> R) throws -> R {
        let outcomes = try readModels { try runner.catchUp(names) }
        let live = outcomes.map(\.position).min() ?? 0
        if let position, position != live {
            let rows = try readModels { try runner.rows(asOf: position, names) }
            return try body(rows.mapValues { $0 as any RowReader }, position)
        }
        return try nest(names[...], [:]) { try body($0, live) }
    }

    private func nest<R>(_ names: ArraySlice<String>, _ open: [String: any RowReader], _ body: ([String: any RowReader]) throws -> R) throws -> R {
        guard let name = names.first else { return try body(open) }
        return try runner.store.read(name) { _, rows in
            var open = open
            open[name] = rows
            return try nest(names.dropFirst(), open, body)
        }
    }
}

/// Prints a read-model error plainly and exits with code 2.
func readModels<R>(_ body: () throws -> R) throws -> R {
    do {
        return try body()
    } catch let error as ReadModelError {
        printError("fangxin: \(error)")
        throw ledgerUnavailable
    }
}

/// Fen as yuan with two decimals and thousands separators: 123456 → "1,234.56".
func yuan(_ fen: Int64) -> String {
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
