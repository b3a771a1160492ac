public import Domain
public import Foundation

/// The repository's Fixtures folder, found from this file, whatever the working directory.
public let fixturesDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

/// The working calendar the fixtures hold, as the CLI reads it.
public let fixtureCalendar: WorkingCalendar = {
    let file = fixturesDirectory.appendingPathComponent("calendar/cn-2023-2026.json")
    return try! JSONDecoder().decode(WorkingCalendar.self, from: Data(contentsOf: file))
}()
