import JSONText
import Ledger

/// Events already written as JSON (`EventJSON`), one after another, with where each ends and its positions: a
/// page or a stretch of the feed, made without building a document per event.
public struct EventBatch: Sendable {
    private var writer: JSONWriter
    /// Where each event's JSON ends in `bytes`.
    public private(set) var ends: [Int] = []
    public private(set) var positions: [UInt64] = []
    public private(set) var streamVersions: [UInt64] = []

    init(capacity: Int) { writer = JSONWriter(reservingCapacity: capacity * 1_024) }

    /// Documents already built (a stream's or an actor's events), written the same way.
    public init(_ documents: [EventDocument]) {
        self.init(capacity: documents.count)
        for document in documents {
            document.write(to: &writer)
            noteEnd(position: document.position, streamVersion: document.streamVersion)
        }
    }

    public var count: Int { ends.count }
    /// Every event's JSON, back to back.
    public var bytes: [UInt8] { writer.bytes }

    /// The JSON of event `index`.
    public func json(_ index: Int) -> ArraySlice<UInt8> { writer.bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]] }

    mutating func append(_ view: RecordView) {
        EventJSON.write(view, to: &writer)
        noteEnd(position: view.position, streamVersion: view.streamVersion)
    }

    private mutating func noteEnd(position: UInt64, streamVersion: UInt64) {
        ends.append(writer.bytes.count)
        positions.append(position)
        streamVersions.append(streamVersion)
    }
}
