extension ComplaintEvent {
    public static let schemaVersion: UInt16 = 1

    /// The stored event type.
    public var type: String {
        switch self {
        case .received: return "complaint.received"
        case .accepted: return "complaint.accepted"
        case .notAccepted: return "complaint.not-accepted"
        case .mediationStarted: return "complaint.mediation-started"
        case .mediationEnded: return "complaint.mediation-ended"
        case .compensated: return "complaint.compensated"
        case .closed: return "complaint.closed"
        case .assigned: return "complaint.assigned"
        case .feedbackGiven: return "complaint.feedback-given"
        case .satisfactionRated: return "complaint.satisfaction-rated"
        case .revisited: return "complaint.revisited"
        case .clockSuspended: return "complaint.clock-suspended"
        case .clockResumed: return "complaint.clock-resumed"
        case .partiesNotified: return "complaint.parties-notified"
        case .corrected: return "complaint.corrected"
        }
    }

    public func encoded() -> [UInt8] {
        var writer = PayloadWriter()
        switch self {
        case .received(let event):
            writer.write(1, choice: event.channel)
            writer.write(2, event.consumer)
            event.consumerName?.write(to: &writer, field: 3)
            event.consumerPhone?.write(to: &writer, field: 4)
            writer.write(5, event.merchant?.description)
            writer.write(6, event.merchantName)
            writer.write(7, choice: event.category)
            writer.write(8, event.subcategory)
            writer.write(9, event.amountInDisputeFen)
            writer.write(10, event.receivedRegion.description)
            writer.write(11, event.merchantRegion.description)
            writer.write(12, event.receivedOn)
            writer.write(13, choice: event.regime)
            writer.write(14, event.acceptanceDue.date)
            if event.acceptanceDue.isProvisional { writer.write(15, true) }
            writer.write(16, event.intake)
        case .accepted(let event):
            writer.write(1, event.acceptedOn)
            writer.write(2, event.mediationDue.date)
            if event.mediationDue.isProvisional { writer.write(3, true) }
        case .notAccepted(let event):
            writer.write(1, event.decidedOn)
            writer.write(2, choice: event.ground)
            writer.write(3, event.note)
        case .mediationStarted(let event):
            writer.write(1, event.startedOn)
            writer.write(2, choice: event.mode)
            if let due = event.trackDue {
                writer.write(3, due.date)
                if due.isProvisional { writer.write(4, true) }
            }
        case .mediationEnded(let event):
            writer.write(1, event.endedOn)
            writer.write(2, choice: event.outcome)
            writer.write(3, event.reason)
            if let due = event.noticeDue {
                writer.write(4, due.date)
                if due.isProvisional { writer.write(5, true) }
            }
        case .compensated(let event):
            writer.write(1, event.paidOn)
            writer.write(2, event.amountFen)
            writer.write(3, choice: event.payer)
            writer.write(4, choice: event.kind)
            if let basis = event.basis { writer.write(5, choice: basis) }
            writer.write(6, event.lossFen)
            writer.write(7, event.purchasedOn)
            writer.write(8, event.returnStore)
        case .closed(let event):
            writer.write(1, event.closedOn)
        case let .assigned(on, unit, transferred):
            writer.write(1, on)
            writer.write(2, unit)
            writer.write(3, transferred)
        case .feedbackGiven(let on):
            writer.write(1, on)
        case let .satisfactionRated(on, satisfied):
            writer.write(1, on)
            writer.write(2, satisfied)
        case let .revisited(on, note):
            writer.write(1, on)
            writer.write(2, note)
        case let .clockSuspended(on, limit, reason, note):
            writer.write(1, on)
            writer.write(2, choice: limit)
            writer.write(3, choice: reason)
            writer.write(4, note)
        case let .clockResumed(on, limit, due):
            writer.write(1, on)
            writer.write(2, choice: limit)
            writer.write(3, due.date)
            if due.isProvisional { writer.write(4, true) }
        case .partiesNotified(let on):
            writer.write(1, on)
        case .corrected(let correction):
            writer.write(1, correction.on)
            correction.write(to: &writer, type: \.type) { $0.encoded() }
        }
        return writer.bytes
    }

    /// Reads a stored complaint event; nil when `type` is not a complaint event.
    public static func decode(type: String, schemaVersion: UInt16, _ bytes: [UInt8]) throws(PayloadError) -> ComplaintEvent? {
        guard type.hasPrefix("complaint.") else { return nil }
        guard schemaVersion == 1 else { throw .unknownSchemaVersion(type: type, version: schemaVersion) }
        let fields = try PayloadFields(bytes)
        func field(_ number: UInt32, _ name: String) throws(PayloadError) -> PayloadReader.Field { try fields.one(number, name) }
        switch type {
        case "complaint.received":
            return .received(Received(
                channel: try field(1, "channel").choice(ComplaintChannel.self),
                consumer: try field(2, "consumer").string(),
                consumerName: try fields.optional(3).map { field throws(PayloadError) in try SealedPersonalData.read(field) },
                consumerPhone: try fields.optional(4).map { field throws(PayloadError) in try SealedPersonalData.read(field) },
                merchant: try fields.optional(5).map { field throws(PayloadError) in try field.creditCode() },
                merchantName: try field(6, "merchantName").string(),
                category: try field(7, "category").choice(ComplaintCategory.self),
                subcategory: try field(8, "subcategory").string(),
                amountInDisputeFen: try field(9, "amountInDisputeFen").int64(),
                receivedRegion: try field(10, "receivedRegion").region(),
                merchantRegion: try field(11, "merchantRegion").region(),
                receivedOn: try field(12, "receivedOn").date(),
                regime: try field(13, "regime").choice(ComplaintRegime.self),
                acceptanceDue: Deadline(
                    date: try field(14, "acceptanceDue").date(),
                    isProvisional: try fields.optional(15).map { field throws(PayloadError) in try field.bool() } ?? false),
                intake: try fields.optional(16).map { field throws(PayloadError) in try field.string() }))
        case "complaint.accepted":
            return .accepted(Accepted(
                acceptedOn: try field(1, "acceptedOn").date(),
                mediationDue: Deadline(
                    date: try field(2, "mediationDue").date(),
                    isProvisional: try fields.optional(3).map { field throws(PayloadError) in try field.bool() } ?? false)))
        case "complaint.not-accepted":
            return .notAccepted(NotAccepted(
                decidedOn: try field(1, "decidedOn").date(), ground: try field(2, "ground").choice(NonAcceptanceGround.self),
                note: try fields.optional(3).map { field throws(PayloadError) in try field.string() }))
        case "complaint.mediation-started":
            let trackDue = try fields.optional(3).map { due throws(PayloadError) in
                Deadline(date: try due.date(), isProvisional: try fields.optional(4).map { field throws(PayloadError) in try field.bool() } ?? false)
            }
            return .mediationStarted(MediationStarted(startedOn: try field(1, "startedOn").date(), mode: try field(2, "mode").choice(MediationMode.self),
                                                      trackDue: trackDue))
        case "complaint.mediation-ended":
            return .mediationEnded(MediationEnded(
                endedOn: try field(1, "endedOn").date(), outcome: try field(2, "outcome").choice(MediationOutcome.self),
                reason: try fields.optional(3).map { field throws(PayloadError) in try field.string() },
                noticeDue: try fields.optional(4).map { due throws(PayloadError) in
                    Deadline(date: try due.date(), isProvisional: try fields.optional(5).map { field throws(PayloadError) in try field.bool() } ?? false)
                }))
        case "complaint.compensated":
            return .compensated(Compensated(
                paidOn: try field(1, "paidOn").date(), amountFen: try field(2, "amountFen").int64(),
                payer: try field(3, "payer").choice(CompensationPayer.self), kind: try field(4, "kind").choice(CompensationKind.self),
                basis: try fields.optional(5).map { field throws(PayloadError) in try field.choice(PunitiveBasis.self) },
                lossFen: try fields.optional(6).map { field throws(PayloadError) in try field.int64() },
                purchasedOn: try fields.optional(7).map { field throws(PayloadError) in try field.date() },
                returnStore: try fields.optional(8).map { field throws(PayloadError) in try field.string() }))
        case "complaint.closed":
            return .closed(Closed(closedOn: try field(1, "closedOn").date()))
        case "complaint.assigned":
            return .assigned(on: try field(1, "on").date(), unit: try field(2, "unit").string(), transferred: try field(3, "transferred").bool())
        case "complaint.feedback-given":
            return .feedbackGiven(on: try field(1, "on").date())
        case "complaint.satisfaction-rated":
            return .satisfactionRated(on: try field(1, "on").date(), satisfied: try field(2, "satisfied").bool())
        case "complaint.revisited":
            return .revisited(on: try field(1, "on").date(), note: try fields.optional(2).map { field throws(PayloadError) in try field.string() })
        case "complaint.clock-suspended":
            return .clockSuspended(on: try field(1, "on").date(), limit: try field(2, "limit").choice(ComplaintLimit.self),
                                   reason: try field(3, "reason").choice(SuspensionReason.self),
                                   note: try fields.optional(4).map { field throws(PayloadError) in try field.string() })
        case "complaint.clock-resumed":
            return .clockResumed(on: try field(1, "on").date(), limit: try field(2, "limit").choice(ComplaintLimit.self),
                                 due: Deadline(date: try field(3, "due").date(),
                                               isProvisional: try fields.optional(4).map { field throws(PayloadError) in try field.bool() } ?? false))
        case "complaint.parties-notified":
            return .partiesNotified(on: try field(1, "on").date())
        case "complaint.corrected":
            return .corrected(try .read(fields, type: type, on: try field(1, "on").date()) { corrected, bytes throws(PayloadError) in
                try decode(type: corrected, schemaVersion: schemaVersion, bytes)
            })
        default:
            throw .malformed("unknown complaint event type \(type)")
        }
    }
}
