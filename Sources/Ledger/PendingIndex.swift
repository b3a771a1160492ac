/// What the writer has appended since the indexes were last written.
struct PendingIndex {
    struct Entry {
        var number: UInt64
        var version: UInt64
        var position: UInt64
    }

    var entries: [Entry] = []
    /// Every stream appended to since, at its latest version.
    var streams: [StreamKey: StreamHead] = [:]
    var commands: [CommandKey: CommandEntry] = [:]

    var isEmpty: Bool { entries.isEmpty }
    var eventCount: Int { entries.count }
}
