/// An earlier event of a stream corrected (更正): amended in some of its fields, or voided. Nothing recorded is
/// rewritten: the correction is an event of its own (`complaint.corrected`, `report.corrected`, `merchant.corrected`,
/// `credit.corrected`), and the aggregate is as its events, corrected, say (`Corrections.apply`). docs/COMMANDS.md
/// lists what each aggregate's corrections may amend or void.
///
/// Fields, in every aggregate's correction: 1 on (the day the correction is made), 2 the position of the event it
/// corrects, 3 reason, 4 the corrected event's type, 5 that event as it stood (its payload), 6 the event as it now
/// stands (its payload; absent: voided), 7 (repeated) when the event voided opens its stream, the positions of the
/// stream's other events, which fall with it. Both payloads, and those positions, are kept so that each read model
/// can take out what it had counted and put in what now holds, without reading the log again.
public struct Correction<Event: Hashable & Sendable>: Hashable, Sendable {
    public var on: CivilDate
    public var corrects: UInt64
    public var reason: String
    public var original: Event
    /// Nil when the event is voided.
    public var replacement: Event?
    /// The event voided opens its stream (a complaint's receipt): the positions of the stream's other events as they
    /// stood, in order, which fall with it. Empty for any other correction.
    public var voidedWith: [UInt64]

    public init(on: CivilDate, corrects: UInt64, reason: String, original: Event, replacement: Event?, voidedWith: [UInt64] = []) {
        self.on = on
        self.corrects = corrects
        self.reason = reason
        self.original = original
        self.replacement = replacement
        self.voidedWith = voidedWith
    }

    /// Writes fields 2 to 7; field 1, the day, is written as every event of the aggregate writes its own.
    func write(to writer: inout PayloadWriter, type: (Event) -> String, payload: (Event) -> [UInt8]) {
        writer.write(2, corrects)
        writer.write(3, reason)
        writer.write(4, type(original))
        writer.write(5, bytes: payload(original))
        if let replacement { writer.write(6, bytes: payload(replacement)) }
        for position in voidedWith { writer.write(7, position) }
    }

    /// Reads fields 2 to 7 of a stored correction of type `type` made `on`; `decode` reads a payload of the
    /// corrected type, nil when that is not one of the aggregate's types.
    static func read(_ fields: PayloadFields, type: String, on: CivilDate,
                     decode: (String, [UInt8]) throws(PayloadError) -> Event?) throws(PayloadError) -> Correction {
        let correctedType = try fields.one(4, "type").string()
        // A correction corrects a recorded act, never another correction: the same position is corrected again.
        guard correctedType != type else { throw .malformed("a correction's corrected event is itself a correction") }
        func event(_ bytes: [UInt8]) throws(PayloadError) -> Event {
            guard let event = try decode(correctedType, bytes) else { throw .malformed("\(type) corrects \(correctedType), an event of another kind") }
            return event
        }
        // Positions are below 2^63, as every position the ledger gives is.
        func position(_ field: PayloadReader.Field) throws(PayloadError) -> UInt64 {
            let position = try field.uint64()
            guard position <= UInt64(Int64.max) else { throw .malformed("a correction names position \(position), past any position") }
            return position
        }
        return Correction(
            on: on, corrects: try position(try fields.one(2, "corrects")), reason: try fields.one(3, "reason").string(),
            original: try event(try fields.one(5, "original").bytes()),
            replacement: try fields.optional(6).map { field throws(PayloadError) in try event(try field.bytes()) },
            voidedWith: try fields.all(7).map(position))
    }
}

public typealias ComplaintCorrection = Correction<ComplaintEvent>
public typealias ReportCorrection = Correction<ReportEvent>
public typealias MerchantCorrection = Correction<MerchantEvent>
public typealias CreditCorrection = Correction<CreditEvent>
