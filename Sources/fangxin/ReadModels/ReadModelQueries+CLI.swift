import ArgumentParser
import Foundation
import Ledger
import Projections
import Queries
import ReadModels

/// `--as-of`: a ledger position, or a recorded time.
struct AsOfOptions: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp(
        "Knowledge time: answer as the system did then, from what the log held at a position (1234) or at a time of recording (2026-03-01T09:30:00+08:00, or a date, meaning 00:00 Beijing time).",
        valueName: "position|time"))
    var text: String?

    func validate() throws {
        if let text, AsOf(text) == nil { throw ValidationError("--as-of \(text): give \(AsOf.expected)") }
    }

    var value: AsOf? { text.flatMap(AsOf.init) }
}

extension ReadModelQueries {
    /// The read models of the ledger in `--data`, opened read-only, each brought up to the head before it answers.
    init(_ global: GlobalOptions) throws {
        let ledger = try global.openForReading()
        self.init(runner: ProjectionRunner(ledger: ledger, store: try readModels { try ReadModelStore(ledgerDirectory: global.data) }), catchesUp: true)
    }
}

/// Runs a query, printing why it has no answer and exiting with code 2 (1 for a merchant that is not there).
func answering<R>(_ body: () throws(QueryError) -> R) throws -> R {
    do {
        return try body()
    } catch {
        printError("fangxin: \(error)")
        if case .noSuchMerchant = error { throw ExitCode(.failed) }
        throw ExitCode(.ledgerUnavailable)
    }
}

/// Prints a read-model error plainly and exits with code 2.
func readModels<R>(_ body: () throws -> R) throws -> R {
    do {
        return try body()
    } catch let error as ReadModelError {
        printError("fangxin: \(error)")
        throw ExitCode(.ledgerUnavailable)
    }
}
