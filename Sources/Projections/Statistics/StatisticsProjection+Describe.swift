import Domain

extension StatisticsProjection {
    /// The statistics model's rows in domain terms (docs/READMODELS.md, "Export").
    public static func describe(_ row: Row) throws(RowError) -> RowDescription {
        var reader = RowKeyReader(row.key)
        do {
            switch row.key.first {
            case table:
                let day = try reader.day()
                let id = try reader.text()
                // A case whose receipt was voided: its key, and no facts, as if never received.
                guard !row.value.isEmpty else {
                    let facts = ["channel", "category", "region", "merchantRegion", "merchant", "merchantName", "acceptanceDue", "decidedOn", "accepted",
                                 "mediationDue", "closedOn", "mediationAgreement", "recoveredFen", "feedbackGiven", "satisfaction", "recoveredByKind",
                                 "track", "crossStoreReturn"]
                    return RowDescription("complaint", [("receivedOn", .day(day)), ("complaint", .text(id))] + facts.map { ($0, FieldValue.null) }).keyed(2)
                }
                let facts = try ComplaintFacts(id: id, receivedOn: day, decoding: row.value)
                return RowDescription("complaint", [
                    ("receivedOn", .day(facts.receivedOn)), ("complaint", .text(facts.id)), ("channel", .text(facts.channel.name)),
                    ("category", .text(facts.category == .goods ? "goods" : "service")), ("region", .text(facts.region)),
                    ("merchantRegion", .text(facts.merchantRegion)), ("merchant", .text(facts.merchant)), ("merchantName", .text(facts.merchantName)),
                    ("acceptanceDue", .day(facts.acceptanceDue)), ("decidedOn", .day(facts.decidedOn)), ("accepted", .bool(facts.accepted)),
                    ("mediationDue", .day(facts.mediationDue)), ("closedOn", .day(facts.closedOn)), ("mediationAgreement", .bool(facts.mediationAgreement)),
                    ("recoveredFen", .integer(facts.recoveredFen)), ("feedbackGiven", .bool(facts.feedbackGiven)),
                    ("satisfaction", facts.satisfaction.map(FieldValue.bool) ?? .null),
                    ("recoveredByKind", .list(facts.recoveredByKind.amounts.map { .list([.text($0.kind.importName), .integer(Int64(clamping: $0.fen))]) })),
                    ("track", facts.track.map { .text($0.importName) } ?? .null), ("crossStoreReturn", .bool(facts.crossStoreReturn)),
                ]).keyed(2)
            case totalsTable:
                let month = try reader.day(), region = try reader.text()
                guard let category = try reader.choice(ComplaintCategory.self), let channel = try reader.choice(ComplaintChannel.self) else {
                    throw RowError("stats: a total's category or channel is unknown")
                }
                let totals = try Indicators(decoding: row.value)
                return RowDescription("totals", [
                    ("month", .text(String(month.description.prefix(7)))), ("region", .text(region)),
                    ("category", .text(category == .goods ? "goods" : "service")), ("channel", .text(channel.name)),
                    ("received", .integer(Int64(totals.received))), ("accepted", .integer(Int64(totals.accepted))),
                    ("notAccepted", .integer(Int64(totals.notAccepted))), ("decidedOnTime", .integer(Int64(totals.decidedOnTime))),
                    ("closed", .integer(Int64(totals.closed))), ("closedOnTime", .integer(Int64(totals.closedOnTime))),
                    ("mediationAgreements", .integer(Int64(totals.mediationAgreements))), ("recoveredFen", .text(String(totals.recovered))),
                    ("feedbackGiven", .integer(Int64(totals.feedbackGiven))), ("rated", .integer(Int64(totals.rated))),
                    ("satisfied", .integer(Int64(totals.satisfied))), ("crossRegion", .integer(Int64(totals.crossRegion))),
                    ("recoveredByKind", .list(totals.recoveredByKind.amounts.map { .list([.text($0.kind.importName), .text(String($0.fen))]) })),
                    ("crossStoreReturns", .integer(Int64(totals.crossStoreReturns))),
                ]).keyed(4)
            case rankingTable:
                let period = UInt64(try reader.uint16())
                let received = UInt64.max - (try reader.uint64())
                return RowDescription("ranking", [
                    ("period", .text(period == MerchantRanking.allTime ? "all" : String(period))), ("received", .unsigned(received)),
                    ("merchant", row.value.isEmpty ? .null : .text(String(decoding: row.value, as: UTF8.self))),
                ]).keyed(3)
            case merchantTable:
                _ = try reader.text()
                let day = try reader.day()
                return RowDescription("merchant-complaint", [
                    ("merchant", row.value.isEmpty ? .null : .text(String(decoding: row.value, as: UTF8.self))),
                    ("receivedOn", .day(day)), ("complaint", .text(try reader.text())),
                ]).keyed(3)
            case reportTable:
                let day = try reader.day()
                let id = try reader.text()
                guard !row.value.isEmpty else {
                    return RowDescription("report", [("receivedOn", .day(day)), ("report", .text(id))]
                        + ["channel", "region", "merchant", "merchantName", "verificationDue", "verifiedOn", "substantiated", "decidedOn", "filed",
                           "caseClosedOn", "penaltyFen", "rewardFen"].map { ($0, FieldValue.null) }).keyed(2)
                }
                let report = try ReportFacts(id: id, receivedOn: day, decoding: row.value)
                return RowDescription("report", [
                    ("receivedOn", .day(day)), ("report", .text(id)), ("channel", .text(report.channel.name)), ("region", .text(report.region)),
                    ("merchant", .text(report.merchant)), ("merchantName", .text(report.merchantName)),
                    ("verificationDue", .day(report.verificationDue)), ("verifiedOn", .day(report.verifiedOn)),
                    ("substantiated", .bool(report.substantiated)), ("decidedOn", .day(report.decidedOn)), ("filed", .bool(report.filed)),
                    ("caseClosedOn", .day(report.caseClosedOn)), ("penaltyFen", .integer(report.penaltyFen)), ("rewardFen", .integer(report.rewardFen)),
                ]).keyed(2)
            case SetAside.table:
                return try .setAside(row.key, row.value)
            default:
                throw RowError("stats: no table \(row.key.first.map(String.init) ?? "(empty key)")")
            }
        } catch let error as RowError {
            throw error
        } catch {
            throw RowError("stats: \(error)")
        }
    }
}
