import ArgumentParser
import Foundation
import Queries
import ReadModels

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a read model's canonical export: JSON Lines, one row per line, in key order.",
        discussion: """
            The export is what a model's digest is defined over (docs/READMODELS.md, "Export"): anyone holding the \
            events, docs/TIERS.md and docs/STATISTICS.md can fold the log with their own code, write the same lines, \
            and compare SHA-256 digests. The digest, the position and the number of rows go to standard error. \
            Models: \(ProjectionRunner.projectionNames.joined(separator: ", ")).

            Examples:
              fangxin export tiers > tiers.jsonl
              fangxin export stats --as-of 2025-01-01 | sha256sum
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var asOf: AsOfOptions
    @Argument(help: ArgumentHelp("The read model.", valueName: "model")) var model: String

    func validate() throws {
        guard ProjectionRunner.projectionNames.contains(model) else {
            throw ValidationError("no read model is called \"\(model)\" (known: \(ProjectionRunner.projectionNames.joined(separator: ", ")))")
        }
    }

    func run() throws {
        let queries = try ReadModelQueries(global)
        var output = Output()
        let summary = try answering { () throws(QueryError) in try queries.export(model, asOf: asOf.value) { output.line($0) } }
        output.flush()
        printError("\(model) version \(summary.version), position \(summary.position): \(summary.rows) rows, sha256 \(summary.digest)")
    }
}
