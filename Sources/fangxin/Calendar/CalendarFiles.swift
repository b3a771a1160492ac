import ArgumentParser
import Commands
import Domain
import Foundation

/// Reads working calendars from JSON files (the format of Fixtures/calendar/*.json).
enum CalendarFiles {
    static var defaultPath: String {
        ProcessInfo.processInfo.environment["FANGXIN_CALENDAR"] ?? "Fixtures/calendar"
    }

    /// Loads one file, or merges every `*.json` file of a directory in name order.
    static func load(_ path: String) throws -> WorkingCalendar {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            printError("fangxin: no working calendar at \(path); name one with --calendar or $FANGXIN_CALENDAR")
            throw ledgerUnavailable
        }
        let files = isDirectory.boolValue
            ? try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".json") }.sorted().map { path + "/" + $0 }
            : [path]
        var merged = try WorkingCalendar(years: [])
        for file in files {
            do {
                let calendar = try JSONDecoder().decode(WorkingCalendar.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
                merged = try merged.merging(calendar)
            } catch {
                printError("fangxin: \(file): \(describeDecodingError(error))")
                throw ledgerUnavailable
            }
        }
        return merged
    }
}
