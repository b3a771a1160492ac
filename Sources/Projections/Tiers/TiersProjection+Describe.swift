import Domain

extension TiersProjection {
    /// The tiers model's rows in domain terms (docs/READMODELS.md, "Export").
    public static func describe(_ row: Row) throws(RowError) -> RowDescription {
        var reader = RowKeyReader(row.key)
        do {
            switch row.key.first {
            case standingTable:
                let standing = try MerchantStanding(code: try reader.text(), decoding: row.value)
                return RowDescription("standing", [
                    ("merchant", .text(standing.code)), ("name", .text(standing.name)), ("region", .text(standing.region)),
                    ("industry", .text(standing.industry)), ("tier", standing.tier?.label ?? .null), ("library", standing.library.label),
                    ("stars", standing.stars.map { .integer(Int64($0)) } ?? .null), ("pledges", .list(standing.pledges.map { .text($0.importName) })),
                    ("since", .day(standing.since)), ("sincePosition", .unsigned(standing.sincePosition)), ("reason", .text(standing.reason)),
                    ("causes", .positions(standing.causes)), ("openViolations", .positions(standing.openViolations)),
                    ("openBreaches", .positions(standing.openBreaches)), ("abnormalListing", standing.abnormalListing.map(FieldValue.unsigned) ?? .null),
                    ("acceptedComplaints", .list(standing.acceptedComplaints.map { .list([.day($0.day), .unsigned($0.position)]) })),
                    ("recoveryFrom", .day(standing.recoveryFrom)), ("rectifiedAt", standing.rectifiedAt.map(FieldValue.unsigned) ?? .null),
                    ("wakeOn", .day(standing.wakeOn)),
                    ("depositFen", standing.depositFen.map(FieldValue.integer) ?? .null), ("depositDrawnFen", .integer(standing.depositDrawnFen)),
                ])
            case historyTable:
                let code = try reader.text(), position = try reader.uint64()
                let change = try TierChange(merchant: code, position: position, decoding: row.value)
                return RowDescription("tier-changed", [
                    ("merchant", .text(code)), ("position", .unsigned(position)), ("from", change.from?.label ?? .null), ("to", change.to.label),
                    ("on", .day(change.on)), ("reason", .text(change.reason)), ("causes", .positions(change.causes)), ("policy", .text(change.policy)),
                ]).keyed(2)
            case drawTable:
                return RowDescription("deposit-draw", [("complaint", .text(try reader.text())), ("drawnFen", .integer(try decodeDraw(row.value)))])
            case depositAlertTable:
                return RowDescription("deposit-run-out", [("merchant", .text(try reader.text())), ("runOut", .bool(!row.value.isEmpty))])
            case reportTable:
                return RowDescription("report-merchant", [("report", .text(try reader.text())),
                                                          ("merchant", row.value.isEmpty ? .null : .text(String(decoding: row.value, as: UTF8.self)))])
            case complaintTable:
                return RowDescription("complaint-merchant", [("complaint", .text(try reader.text())),
                                                             ("merchant", row.value.isEmpty ? .null : .text(String(decoding: row.value, as: UTF8.self)))])
            case policyKey.first:
                let policy = try decodePolicy(row.value)
                return RowDescription("tier-policy", [
                    ("version", .text(policy.version)), ("complaintWindowDays", .integer(Int64(policy.complaintWindowDays))),
                    ("complaintWarningThreshold", .integer(Int64(policy.complaintWarningThreshold))),
                    ("starLibraryMinimumStars", .integer(Int64(policy.starLibraryMinimumStars))), ("warnOnViolation", .bool(policy.warnOnViolation)),
                    ("warnOnPledgeBreach", .bool(policy.warnOnPledgeBreach)), ("warnOnAbnormalList", .bool(policy.warnOnAbnormalList)),
                    ("recoveryDaysAfterRectification", .integer(Int64(policy.recoveryDaysAfterRectification))),
                ]).keyed(0)
            case changeTable:
                return RowDescription("change", [("position", .unsigned(try reader.uint64())), ("merchant", .text(try reader.text()))]).keyed(2)
            case countTable:
                let tier = try tier(reader.choice(Tier.self))
                return RowDescription("count", [("tier", tier.label), ("region", .text(try reader.text())), ("merchants", .unsigned(try count(row.value)))]).keyed(2)
            case memberTable:
                let tier = try tier(reader.choice(Tier.self))
                return RowDescription("member", [
                    ("tier", tier.label), ("merchant", .text(try reader.text())),
                    ("region", row.value.isEmpty ? .null : .text(String(decoding: row.value, as: UTF8.self))),
                ]).keyed(2)
            case SetAside.table:
                return try .setAside(row.key, row.value)
            default:
                throw RowError("tiers: no table \(row.key.first.map(String.init) ?? "(empty key)")")
            }
        } catch let error as RowError {
            throw error
        } catch {
            throw RowError("tiers: \(error)")
        }
    }

    private static func tier(_ tier: Tier?) throws(RowError) -> Tier {
        guard let tier else { throw RowError("tiers: a key names no library") }
        return tier
    }

    private static func count(_ value: [UInt8]) throws(RowError) -> UInt64 {
        guard value.count == 8 else { throw RowError("tiers: a count of \(value.count) bytes") }
        return value.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
