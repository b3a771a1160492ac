import ArgumentParser
import Domain

struct CalendarDue: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "Print the date a limit of N working days falls due.",
        discussion: """
            The start day is not counted: the limit falls due on the Nth working day after it. Working days are \
            Monday to Friday, less public holidays, plus the weekend days the State Council's notices make \
            working days. A limit that reaches into a year whose notice has not been published is an error \
            (exit code 3), never a guess.

            Examples:
              fangxin calendar due 2025-09-26 --working-days 7     2025-10-13 (accept or refuse a complaint)
              fangxin calendar due 2026-04-15 --working-days 45    2026-06-22 (end mediation)
              fangxin calendar due 2025-12-25 --working-days 7 --json
            """)

    @Argument(help: ArgumentHelp("The day the clock starts, YYYY-MM-DD.", valueName: "from"))
    var from: String
    @Option(help: "The limit, in working days (at least 1).") var workingDays: Int
    @OptionGroup var source: CalendarOptions
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        guard CivilDate(from) != nil else { throw ValidationError("\"\(from)\" is not a date written YYYY-MM-DD") }
        guard workingDays >= 1 else { throw ValidationError("--working-days must be at least 1, not \(workingDays)") }
    }

    func run() throws {
        let calendar = try CalendarFiles.load(source.calendar)
        let start = CivilDate(from)!
        do {
            let due = try calendar.date(workingDays, workingDaysAfter: start)
            if json {
                struct Line: Encodable { let from: String; let workingDays: Int; let due: String }
                print(jsonLine(Line(from: start.description, workingDays: workingDays, due: due.description)))
            } else {
                print(due)
            }
        } catch {
            printError("fangxin: \(error) (published: \(calendar.publishedYears.map(String.init).joined(separator: ", ")))")
            if case .yearNotPublished = error {
                if let provisional = try? calendar.deadline(workingDays, workingDaysAfter: start) {
                    printError("counting Monday to Friday there, it would fall due on \(provisional.date) (provisional)")
                }
                throw ExitCode(.calendarNotPublished)
            }
            throw ExitCode(.failed)
        }
    }
}
