/// A merchant's credit (授信, e.g. 放心贷) and card acquiring (收单), schema versions per event.
/// Stream: `credit-<unified social credit code>`.
public enum CreditEvent: Hashable, Sendable {
    /// See `CreditGranted` (schema version 2, upcasting version 1).
    case granted(CreditGranted)
    /// 1 on, 2 bank, 3 product, 4 reason.
    case revoked(on: CivilDate, bank: String, product: String, reason: String)
    /// 1 on, 2 bank, 3 product.
    case expired(on: CivilDate, bank: String, product: String)
    /// Card acquiring opened, with the fee subsidy granted (岱山: 317 merchants, ¥407.9k). 1 on, 2 bank, 3 subsidy in fen.
    case cardAcquiringOpened(on: CivilDate, bank: String, feeSubsidyFen: Int64)
    /// An earlier credit event amended or voided by its bank (更正): `CreditCorrection` lists its fields.
    indirect case corrected(CreditCorrection)

    /// The bank the fact is about.
    public var bank: String {
        switch self {
        case .granted(let grant): return grant.bank
        case let .revoked(_, bank, _, _), let .expired(_, bank, _), let .cardAcquiringOpened(_, bank, _): return bank
        case .corrected(let correction): return correction.original.bank
        }
    }

    public var type: String {
        switch self {
        case .granted: return CreditGranted.type
        case .revoked: return "credit.revoked"
        case .expired: return "credit.expired"
        case .cardAcquiringOpened: return "credit.card-acquiring-opened"
        case .corrected: return "credit.corrected"
        }
    }

    public var schemaVersion: UInt16 {
        if case .granted = self { return CreditGranted.schemaVersion }
        return 1
    }

    public var day: CivilDate? {
        switch self {
        case .granted(let grant): return grant.grantedOn
        case .revoked(let on, _, _, _), .expired(let on, _, _), .cardAcquiringOpened(let on, _, _): return on
        case .corrected(let correction): return correction.on
        }
    }

    public func encoded() -> [UInt8] {
        var writer = PayloadWriter()
        switch self {
        case .granted(let grant): return grant.encoded()
        case let .revoked(on, bank, product, reason):
            writer.write(1, on)
            writer.write(2, bank)
            writer.write(3, product)
            writer.write(4, reason)
        case let .expired(on, bank, product):
            writer.write(1, on)
            writer.write(2, bank)
            writer.write(3, product)
        case let .cardAcquiringOpened(on, bank, subsidy):
            writer.write(1, on)
            writer.write(2, bank)
            writer.write(3, subsidy)
        case .corrected(let correction):
            writer.write(1, correction.on)
            correction.write(to: &writer, type: \.type) { $0.encoded() }
            // Credit events have schema versions of their own: the one both payloads are written in.
            writer.write(8, Int(correction.original.schemaVersion))
        }
        return writer.bytes
    }

    /// Reads a stored credit event; nil when `type` is not one.
    public static func decode(type: String, schemaVersion: UInt16, _ bytes: [UInt8]) throws(PayloadError) -> CreditEvent? {
        guard type.hasPrefix("credit.") else { return nil }
        if type == CreditGranted.type { return .granted(try CreditGranted.decode(bytes, schemaVersion: schemaVersion)) }
        guard schemaVersion == 1 else { throw .unknownSchemaVersion(type: type, version: schemaVersion) }
        let fields = try PayloadFields(bytes)
        func one(_ number: UInt32, _ name: String) throws(PayloadError) -> PayloadReader.Field { try fields.one(number, name) }
        let on = try one(1, "on").date()
        switch type {
        case "credit.revoked":
            return .revoked(on: on, bank: try one(2, "bank").string(), product: try one(3, "product").string(), reason: try one(4, "reason").string())
        case "credit.expired":
            return .expired(on: on, bank: try one(2, "bank").string(), product: try one(3, "product").string())
        case "credit.card-acquiring-opened":
            return .cardAcquiringOpened(on: on, bank: try one(2, "bank").string(), feeSubsidyFen: try one(3, "feeSubsidyFen").int64())
        case "credit.corrected":
            let version = try one(8, "schemaVersion").int()
            guard let payloads = UInt16(exactly: version) else { throw .malformed("a credit correction's payloads are in schema version \(version)") }
            let correction = try CreditCorrection.read(fields, type: type, on: on) { corrected, bytes throws(PayloadError) in
                try decode(type: corrected, schemaVersion: payloads, bytes)
            }
            // A correction is of one bank's event, as it stood and as it now stands.
            if let replacement = correction.replacement, replacement.bank != correction.original.bank {
                throw .malformed("a credit correction of \(correction.original.bank)'s event names \(replacement.bank)")
            }
            return .corrected(correction)
        default:
            throw .malformed("unknown credit event type \(type)")
        }
    }
}
