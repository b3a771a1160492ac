import Application
import ArgumentParser
import Domain
import Foundation
import Ledger

struct CloseDay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close-day",
        abstract: "Record that a business day is over (the clock stream's tick).",
        discussion: """
            Whatever depends on time — a deadline passed, a warning expired — is derived from these recorded days, not \
            from the wall clock, so that replaying the log later gives the same answers. Run it once a day; days close in \
            order, and closing a day again records nothing.

            Examples:
              fangxin close-day                 (yesterday, in China Standard Time)
              fangxin close-day 2026-04-14
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The day, YYYY-MM-DD (default: yesterday in China Standard Time).", valueName: "day")) var day: String?

    func validate() throws {
        if let day, CivilDate(day) == nil { throw ValidationError("\"\(day)\" is not a date written YYYY-MM-DD") }
    }

    func run() async throws {
        // The edge may read the clock; what is recorded is the day, and replays read only that.
        let yesterday = CivilDate(daysSinceEpoch: Int((Date().timeIntervalSince1970 + 8 * 3_600) / 86_400) - 1)
        let closing = day.flatMap(CivilDate.init) ?? yesterday
        let ledger = try global.openForWriting(as: "close-day")
        defer { ledger.close() }
        do {
            let result = try await ClockService(ledger: ledger).close(closing, actor: Actor(id: "fangxin-close-day", role: "system"))
            print(result.alreadyRecorded ? "\(closing) was already closed" : "closed \(closing) at position \(result.positions.lowerBound)")
        } catch {
            printError("fangxin: \(error)")
            throw ExitCode(.failed)
        }
    }
}
