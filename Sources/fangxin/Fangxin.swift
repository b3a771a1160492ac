import ArgumentParser

@main
struct Fangxin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fangxin",
        abstract: "Fangxin (放心): the append-only ledger behind the 放心消费 platform.",
        discussion: """
            Every command works on the ledger named by --data (default ./fangxin-data, or $FANGXIN_DATA).

            Exit codes:
            \(ExitStatus.summary)
            """,
        subcommands: [Demo.self, Serve.self, Import.self, CloseDay.self, Rebuild.self, Tiers.self, MerchantStandingCommand.self, Stats.self, Overdue.self, CreditLinesCommand.self,
                      Trail.self, Export.self, Erase.self, Generate.self, Head.self, Events.self, Verify.self, SinkCommand.self, Replicate.self, Promote.self, BackupCommand.self, RestoreCommand.self, Keys.self, CheckpointCommand.self, Prove.self, WitnessCommand.self, Evidence.self, CalendarCommand.self, Bench.self])
}
