import Domain
import JSONText
import Ledger

/// The reflective rendering of a recorded event's payload that the service used before `EventDataWriter`: kept
/// here as the oracle the writer is held to, type by type.
enum ReflectedEventData {
    static func json(for event: RecordedEvent) -> JSONValue? {
        let bytes = event.payload
        let decoded: Any?? = try? ComplaintEvent.decode(type: event.type, schemaVersion: event.schemaVersion, bytes)
            ?? MerchantEvent.decode(type: event.type, schemaVersion: event.schemaVersion, bytes)
            ?? ReportEvent.decode(type: event.type, schemaVersion: event.schemaVersion, bytes)
            ?? CreditEvent.decode(type: event.type, schemaVersion: event.schemaVersion, bytes)
            ?? PolicyEvent.decode(type: event.type, schemaVersion: event.schemaVersion, bytes)
            ?? ClockEvent.decode(type: event.type, schemaVersion: event.schemaVersion, bytes)
            ?? PrivacyEvent.decode(type: event.type, schemaVersion: event.schemaVersion, bytes)
        guard case .some(.some(let value)) = decoded else { return nil }
        return payload(value)
    }

    /// The event's case is its type already: what it carries.
    static func payload(_ value: Any) -> JSONValue {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .enum, let payload = mirror.children.first?.value { return render(payload) }
        return render(value)
    }

    static func render<Event>(_ correction: Correction<Event>, type: String) -> JSONValue {
        .object([
            "corrects": render(correction.corrects), "on": render(correction.on), "reason": .string(correction.reason),
            "original": payload(correction.original), "replacement": correction.replacement.map(payload) ?? .null,
            "type": .string(type), "voidedWith": render(correction.voidedWith)])
    }

    static func render(_ value: Any) -> JSONValue {
        switch value {
        case let text as String: return .string(text)
        case let flag as Bool: return .bool(flag)
        case let number as Int: return .int(Int64(number))
        case let number as Int64: return .int(number)
        case let number as UInt64: return .int(Int64(bitPattern: number))
        case let number as UInt16: return .int(Int64(number))
        case let date as CivilDate: return .string(date.description)
        case let code as UnifiedSocialCreditCode: return .string(code.description)
        case let region as RegionCode: return .string(region.description)
        case let sealed as SealedPersonalData: return .object(["subject": .string(sealed.subject), "sealed": .bool(true)])
        case let named as any ImportName: return .string(named.importName)
        // The corrected event is shown as an event is, by its stored type and what it carries.
        case let correction as ComplaintCorrection: return render(correction, type: correction.original.type)
        case let correction as ReportCorrection: return render(correction, type: correction.original.type)
        case let correction as MerchantCorrection: return render(correction, type: correction.original.type)
        case let correction as CreditCorrection: return render(correction, type: correction.original.type)
        default: break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.map { render($0.value) } ?? .null
        case .collection, .set:
            return .array(mirror.children.map { render($0.value) })
        case .dictionary:
            var object: [String: JSONValue] = [:]
            for child in mirror.children {
                let pair = Array(Mirror(reflecting: child.value).children)
                if pair.count == 2 { object[String(describing: pair[0].value)] = render(pair[1].value) }
            }
            return .object(object)
        case .enum:
            // A closed-list value (no payload) by its name; a case with a payload as {case: payload}.
            guard let child = mirror.children.first else { return .string(String(describing: value)) }
            return .object([child.label ?? "value": render(child.value)])
        default:
            var object: [String: JSONValue] = [:]
            for (index, child) in mirror.children.enumerated() { object[child.label ?? String(index)] = render(child.value) }
            return .object(object)
        }
    }
}
