import ArgumentParser

struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "China's official working days: when statutory limits fall due.",
        subcommands: [CalendarDue.self])
}

/// Where the working calendar comes from.
struct CalendarOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "A calendar file, or a directory whose *.json files are merged. Also $FANGXIN_CALENDAR. Default: the calendar built in (Fixtures/calendar).",
        valueName: "path"))
    var calendar: String? = CalendarFiles.defaultPath
}

