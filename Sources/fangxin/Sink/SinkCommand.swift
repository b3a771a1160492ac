import ArgumentParser

struct SinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sink",
        abstract: "Keep the log in another engine's tables, for what outgrows one machine.",
        subcommands: [SinkPostgres.self])
}
