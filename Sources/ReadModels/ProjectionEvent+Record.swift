import Domain
import Ledger
import Projections

extension ProjectionEvent {
    /// The projection's view of a stored record, its payload decoded only when `decoding`.
    init(_ view: RecordView, decoding: Bool) throws(ReadModelError) {
        let type = view.type
        let stream = view.stream
        var fact = DomainFact.undecoded
        if decoding {
            do {
                fact = try Self.decode(type: type, stream: stream, schemaVersion: view.schemaVersion, Array(view.payload))
            } catch {
                throw .undecodable(position: view.position, type: type, reason: "\(error)")
            }
        }
        self.init(position: view.position, recordedAt: view.recordedAt.microsecondsSinceEpoch, stream: stream,
                  actorID: view.actor.id, type: type, fact: fact)
    }

    /// Decodes by the stream's aggregate; the id is the stream name after the aggregate's prefix.
    private static func decode(type: String, stream: String, schemaVersion: UInt16, _ bytes: [UInt8]) throws -> DomainFact {
        func id(_ prefix: String) -> String { String(stream.dropFirst(prefix.count)) }
        if stream.hasPrefix("complaint-"), let event = try ComplaintEvent.decode(type: type, schemaVersion: schemaVersion, bytes) {
            return .complaint(id: id("complaint-"), event)
        }
        if stream.hasPrefix("merchant-"), let event = try MerchantEvent.decode(type: type, schemaVersion: schemaVersion, bytes) {
            return .merchant(code: id("merchant-"), event)
        }
        if stream.hasPrefix("credit-"), let event = try CreditEvent.decode(type: type, schemaVersion: schemaVersion, bytes) {
            return .credit(code: id("credit-"), event)
        }
        if stream.hasPrefix("report-"), let event = try ReportEvent.decode(type: type, schemaVersion: schemaVersion, bytes) {
            return .report(id: id("report-"), event)
        }
        if stream == PolicyEvent.stream, let event = try PolicyEvent.decode(type: type, schemaVersion: schemaVersion, bytes) {
            return .policy(event)
        }
        if stream == ClockEvent.stream, let event = try ClockEvent.decode(type: type, schemaVersion: schemaVersion, bytes) {
            return .clock(event)
        }
        return .undecoded
    }
}
