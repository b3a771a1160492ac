extension MerchantEvent {
    public func encoded() -> [UInt8] {
        var writer = PayloadWriter()
        writer.write(1, day)
        switch self {
        case let .applied(_, code, name, region, industry, address, route):
            writer.write(2, code.description)
            writer.write(3, name)
            writer.write(4, region.description)
            writer.write(5, industry)
            writer.write(6, address)
            writer.write(7, choice: route)
        case let .preReviewed(_, passed, reasons), let .regulatorReviewed(_, passed, reasons):
            writer.write(2, passed)
            for reason in reasons { writer.write(3, reason) }
        case let .pledged(_, pledge):
            writer.write(2, message: { message in
                message.write(1, choice: pledge.kind)
                if let days = pledge.windowDays { message.write(2, days) }
                for exclusion in pledge.exclusions { message.write(3, exclusion) }
                message.write(4, pledge.brand)
                for place in pledge.coverage { message.write(5, place) }
                message.write(6, pledge.fundFen)
            })
        case let .pledgeWithdrawn(_, kind):
            writer.write(2, choice: kind)
        case let .evaluated(_, score, stars, rank):
            writer.write(2, score)
            writer.write(3, stars)
            if let rank { writer.write(4, choice: rank) }
        case let .inspected(_, method, passed, findings):
            writer.write(2, choice: method)
            writer.write(3, passed)
            writer.write(4, findings)
        case let .violationRecorded(_, kind, description, penalty):
            writer.write(2, choice: kind)
            writer.write(3, description)
            writer.write(4, penalty)
        case let .abnormalListChanged(_, listed, reason):
            writer.write(2, listed)
            writer.write(3, reason)
        case let .pledgeBreached(_, kind, description, complaint):
            writer.write(2, choice: kind)
            writer.write(3, description)
            writer.write(4, complaint)
        case let .rectified(_, description), let .delisted(_, description):
            writer.write(2, description)
        case .corrected(let correction):
            correction.write(to: &writer, type: \.type) { $0.encoded() }
        }
        return writer.bytes
    }

    /// Reads a stored merchant event; nil when `type` is not a merchant event.
    public static func decode(type: String, schemaVersion: UInt16, _ bytes: [UInt8]) throws(PayloadError) -> MerchantEvent? {
        guard type.hasPrefix("merchant.") else { return nil }
        guard schemaVersion == 1 else { throw .unknownSchemaVersion(type: type, version: schemaVersion) }
        let fields = try PayloadFields(bytes)
        func one(_ number: UInt32, _ name: String) throws(PayloadError) -> PayloadReader.Field { try fields.one(number, name) }
        func strings(_ number: UInt32) throws(PayloadError) -> [String] {
            var values: [String] = []
            for field in fields.all(number) { values.append(try field.string()) }
            return values
        }
        func optionalString(_ number: UInt32) throws(PayloadError) -> String? { try fields.optional(number).map { field throws(PayloadError) in try field.string() } }
        let on = try one(1, "on").date()
        switch type {
        case "merchant.applied":
            return .applied(on: on, code: try one(2, "code").creditCode(), name: try one(3, "name").string(), region: try one(4, "region").region(),
                            industry: try one(5, "industry").string(), address: try one(6, "address").string(),
                            route: try one(7, "route").choice(ApplicationRoute.self))
        case "merchant.pre-reviewed":
            return .preReviewed(on: on, passed: try one(2, "passed").bool(), reasons: try strings(3))
        case "merchant.regulator-reviewed":
            return .regulatorReviewed(on: on, passed: try one(2, "passed").bool(), reasons: try strings(3))
        case "merchant.pledged":
            var inner = try one(2, "pledge").message()
            var pledge = Pledge(kind: .reassuredConsumption)
            var kind: PledgeKind?
            while let field = try inner.next() {
                switch field.number {
                case 1: kind = try field.choice(PledgeKind.self)
                case 2: pledge.windowDays = try field.int()
                case 3: pledge.exclusions.append(try field.string())
                case 4: pledge.brand = try field.string()
                case 5: pledge.coverage.append(try field.string())
                case 6: pledge.fundFen = try field.int64()
                default: break
                }
            }
            pledge.kind = try required(kind, 2, "pledge.kind")
            return .pledged(on: on, pledge: pledge)
        case "merchant.pledge-withdrawn":
            return .pledgeWithdrawn(on: on, kind: try one(2, "kind").choice(PledgeKind.self))
        case "merchant.evaluated":
            return .evaluated(on: on, score: try one(2, "score").int(), stars: try one(3, "stars").int(),
                              rank: try fields.optional(4).map { field throws(PayloadError) in try field.choice(DemonstrationRank.self) })
        case "merchant.inspected":
            return .inspected(on: on, method: try one(2, "method").choice(InspectionMethod.self), passed: try one(3, "passed").bool(),
                              findings: try optionalString(4))
        case "merchant.violation-recorded":
            return .violationRecorded(on: on, kind: try one(2, "kind").choice(ViolationKind.self), description: try one(3, "description").string(),
                                      penaltyFen: try fields.optional(4).map { field throws(PayloadError) in try field.int64() })
        case "merchant.abnormal-list-changed":
            return .abnormalListChanged(on: on, listed: try one(2, "listed").bool(), reason: try one(3, "reason").string())
        case "merchant.pledge-breached":
            return .pledgeBreached(on: on, kind: try one(2, "kind").choice(PledgeKind.self), description: try one(3, "description").string(),
                                   complaint: try optionalString(4))
        case "merchant.rectified":
            return .rectified(on: on, description: try one(2, "description").string())
        case "merchant.delisted":
            return .delisted(on: on, reason: try one(2, "reason").string())
        case "merchant.corrected":
            return .corrected(try .read(fields, type: type, on: on) { corrected, bytes throws(PayloadError) in
                try decode(type: corrected, schemaVersion: schemaVersion, bytes)
            })
        default:
            throw .malformed("unknown merchant event type \(type)")
        }
    }
}
