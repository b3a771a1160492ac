import ArgumentParser

@main
struct Fangxin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fangxin", abstract: "Fangxin ledger admin")
}
