import Domain
import Foundation
import Ledger
import Projections

extension ProjectionEvent {
    /// The projection's view of a stored record, its payload decoded only when `decoding`. A payload that
    /// cannot be decoded makes an `unreadable` fact, which every fold sets aside.
    init(_ view: RecordView, decoding: Bool) {
        var fact = DomainFact.undecoded
        if decoding {
            let type = view.type
            do {
                fact = try Self.decode(type: type, stream: view.streamBytes, schemaVersion: view.schemaVersion, Array(view.payload))
            } catch {
                fact = .unreadable("\(type) cannot be decoded: \(error)")
            }
        }
        self.init(position: view.position, recordedAt: view.recordedAt.microsecondsSinceEpoch, actorID: view.actor.id, fact: fact)
    }

    /// Decodes by the stream's aggregate; the id is the stream name after the aggregate's prefix. The stream
    /// stays bytes: a rebuild reads millions, and only the id needs to become text.
    private static func decode(type: String, stream: UnsafeRawBufferPointer, schemaVersion: UInt16, _ bytes: [UInt8]) throws -> DomainFact {
        if let id = id(of: stream, in: .complaint) {
            return try ComplaintEvent.decode(type: type, schemaVersion: schemaVersion, bytes).map { .complaint(id: id, $0) } ?? .undecoded
        }
        if let code = id(of: stream, in: .merchant) {
            return try MerchantEvent.decode(type: type, schemaVersion: schemaVersion, bytes).map { .merchant(code: code, $0) } ?? .undecoded
        }
        if let code = id(of: stream, in: .credit) {
            return try CreditEvent.decode(type: type, schemaVersion: schemaVersion, bytes).map { .credit(code: code, $0) } ?? .undecoded
        }
        if let id = id(of: stream, in: .report) {
            return try ReportEvent.decode(type: type, schemaVersion: schemaVersion, bytes).map { .report(id: id, $0) } ?? .undecoded
        }
        if stream.elementsEqual(PolicyEvent.stream.utf8), let event = try PolicyEvent.decode(type: type, schemaVersion: schemaVersion, bytes) {
            return .policy(event)
        }
        if stream.elementsEqual(ClockEvent.stream.utf8), let event = try ClockEvent.decode(type: type, schemaVersion: schemaVersion, bytes) {
            return .clock(event)
        }
        return .undecoded
    }

    /// The aggregate's id in `stream`, when the stream is of `category`: the rest of it after the prefix.
    private static func id(of stream: UnsafeRawBufferPointer, in category: StreamCategory) -> String? {
        var prefix = category.prefix
        return prefix.withUTF8 { prefix in
            guard stream.count > prefix.count, memcmp(prefix.baseAddress!, stream.baseAddress!, prefix.count) == 0 else { return nil }
            return String(decoding: UnsafeRawBufferPointer(rebasing: stream[prefix.count...]), as: UTF8.self)
        }
    }
}
