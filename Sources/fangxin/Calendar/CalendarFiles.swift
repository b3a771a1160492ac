import ArgumentParser
import Commands
import Domain
import Foundation

/// Reads working calendars from JSON files (the format of Fixtures/calendar/*.json).
enum CalendarFiles {
    /// `--calendar`, else `$FANGXIN_CALENDAR`, else nil: the calendar built into the binary.
    static var defaultPath: String? { ProcessInfo.processInfo.environment["FANGXIN_CALENDAR"] }

    /// The calendar at `path`, or with none, the one built in (Fixtures/calendar as this build was made).
    static func load(_ path: String?) throws -> WorkingCalendar {
        guard let path else { return try merge(BundledFixtures.calendar.map { ($0.path, $0.data) }) }
        return try load(path)
    }

    /// Loads one file, or merges every `*.json` file of a directory in name order.
    static func load(_ path: String) throws -> WorkingCalendar {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            printError("fangxin: no working calendar at \(path); name one with --calendar or $FANGXIN_CALENDAR")
            throw ExitCode(.ledgerUnavailable)
        }
        let files = isDirectory.boolValue
            ? try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".json") }.sorted().map { path + "/" + $0 }
            : [path]
        var contents: [(String, Data)] = []
        for file in files {
            do { contents.append((file, try OutsideFile.read(file, atMost: OutsideFile.configurationBytesMax, what: "a calendar file"))) } catch {
                printError("fangxin: \(error)")
                throw ExitCode(.ledgerUnavailable)
            }
        }
        return try merge(contents)
    }

    private static func merge(_ files: [(name: String, data: Data)]) throws -> WorkingCalendar {
        var merged = try WorkingCalendar(years: [])
        for (file, data) in files {
            do {
                let calendar = try JSONDecoder().decode(WorkingCalendar.self, from: data)
                merged = try merged.merging(calendar)
            } catch {
                printError("fangxin: \(file): \(describeDecodingError(error))")
                throw ExitCode(.ledgerUnavailable)
            }
        }
        return merged
    }
}
