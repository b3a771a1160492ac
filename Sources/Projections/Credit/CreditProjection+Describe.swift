import Domain

extension CreditProjection {
    /// The credit model's rows in domain terms (docs/READMODELS.md, "Export").
    public static func describe(_ row: Row) throws(RowError) -> RowDescription {
        do {
            switch row.key.first {
            case lineTable, earlierLineTable:
                let kind = row.key.first == lineTable ? "line" : "earlier-line"
                guard !row.value.isEmpty else {
                    // No line stands here: its grant was voided (a line), or it is the line again (an earlier line).
                    var reader = RowKeyReader(row.key)
                    var fields: [(String, FieldValue)] = [("merchant", .text(try reader.text())), ("bank", .text(try reader.text())),
                                                                    ("product", .text(try reader.text()))]
                    if kind == "earlier-line" { fields.append(("grantedAt", .unsigned(try reader.uint64()))) }
                    return RowDescription(kind, fields + [("status", .null)]).keyed(fields.count)
                }
                let line = try CreditLine(key: row.key, decoding: row.value)
                return RowDescription(kind, [
                    ("merchant", .text(line.merchant)), ("bank", .text(line.bank)), ("product", .text(line.product)),
                    ("amountFen", .integer(line.amountFen)), ("termMonths", .integer(Int64(line.termMonths))), ("grantedOn", .day(line.grantedOn)),
                    ("grantedAt", .unsigned(line.grantedAt)), ("status", .text(line.status.name)), ("statusAt", .unsigned(line.statusAt)),
                ]).keyed(3)
            case acquiringTable:
                var reader = RowKeyReader(row.key)
                return RowDescription("card-acquiring", [
                    ("merchant", .text(try reader.text())), ("bank", .text(try reader.text())),
                    ("subsidyFen", row.value.isEmpty ? .null : .integer(int64(row.value))),
                ]).keyed(2)
            case SetAside.table:
                return try .setAside(row.key, row.value)
            default:
                throw RowError("credit: no table \(row.key.first.map(String.init) ?? "(empty key)")")
            }
        } catch let error as RowError {
            throw error
        } catch {
            throw RowError("credit: \(error)")
        }
    }
}
