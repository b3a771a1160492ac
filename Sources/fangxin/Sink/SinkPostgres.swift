import ArgumentParser
import Foundation
import Ledger
import Sink

struct SinkPostgres: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postgres",
        abstract: "Follow the log into PostgreSQL tables (docs/SQL.md).",
        discussion: """
            Opens the ledger in --data for reading, makes the tables it needs in the database --url names (PostgreSQL \
            14 or later), and writes every record after the sink's checkpoint into `events`, a batch at a time by \
            COPY, with the rows of the read models each batch changed (folded in memory as `rebuild` folds them, \
            under 1 GiB at 10M events; --no-models leaves them out); each batch and the checkpoint commit in one \
            transaction, so that a sink stopped at any moment resumes without a gap or a row twice. A model whose \
            rows the database lacks, or holds as another version wrote them, is written afresh first, in one \
            transaction, with each stretch's changes sorted aside beside the ledger as `rebuild` does. Every row \
            carries --origin, so that several ledgers (one per province) can sink into one database. A checkpoint \
            naming a record this ledger does not hold as it is there (another ledger's history under the same \
            origin) is refused, and nothing is written.

            With --once it catches up and exits; without, it goes on following the log, looking for new records \
            every --interval seconds, until SIGINT or SIGTERM. It prints the position each batch reached on standard \
            error, and with --json a summary on standard output when it ends.

            Examples:
              fangxin sink postgres --url postgres://fangxin@127.0.0.1:5432/analytics --origin zj.fangxin.example/log --once
              fangxin sink postgres --url … --origin zj --once --no-models    # a province's history first, at COPY's speed
              fangxin sink postgres --url … --origin zj                       # then the models, and following
              fangxin sink postgres --url "postgres://sink:secret@db.example:5432/national?sslmode=require" --origin zj
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("The database: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|require].", valueName: "url"))
    var url: String
    @Option(help: ArgumentHelp("The name every row of this ledger carries, e.g. its log's checkpoint origin (1 to 100 characters).", valueName: "name"))
    var origin: String
    @Flag(help: "Catch up with the log, then exit.") var once = false
    @Option(help: ArgumentHelp("Records a transaction, \(PostgresSink.batchSizeRange.lowerBound) to \(PostgresSink.batchSizeRange.upperBound).", valueName: "n"))
    var batch = 100_000
    @Option(help: ArgumentHelp("Seconds between looks for new records when following, 0.1 to 3600.", valueName: "seconds"))
    var interval = 1.0
    @Flag(help: "Write the events only, removing this origin's read models from the database: a catch-up at COPY's speed. The next run without it writes the models afresh.")
    var noModels = false
    @Flag(help: "Print a JSON summary when done.") var json = false

    func validate() throws {
        guard PostgresSink.batchSizeRange.contains(batch) else {
            throw ValidationError("--batch \(batch): give \(PostgresSink.batchSizeRange.lowerBound) to \(PostgresSink.batchSizeRange.upperBound)")
        }
        guard interval.isFinite, (0.1...3600).contains(interval) else { throw ValidationError("--interval \(interval): give 0.1 to 3600 seconds") }
    }

    func run() async throws {
        let sink: PostgresSink
        do { sink = try PostgresSink(url: try PostgresURL(url), origin: origin, batchSize: batch, writesModels: !noModels) } catch {
            throw ValidationError(error.description)
        }
        let ledger = try global.openForReading()
        let progress: PostgresSink.Progress
        do {
            progress = try await sink.run(ledger, once: once, interval: .milliseconds(Int64(interval * 1000)), note: { printError("sink: \($0)") }) { progress in
                printError("sink: position \(progress.position), \(progress.rowsWritten) rows written")
            }
        } catch {
            printError("fangxin: \(error)")
            throw ExitCode(.sinkFailed)
        }
        if json {
            struct Summary: Encodable { let origin: String; let position: UInt64; let rowsWritten: Int }
            print(jsonLine(Summary(origin: origin, position: progress.position, rowsWritten: progress.rowsWritten)))
        }
    }
}

