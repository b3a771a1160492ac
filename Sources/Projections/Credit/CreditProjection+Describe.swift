import Domain

extension CreditProjection {
    /// The credit model's rows in domain terms (docs/READMODELS.md, "Export").
    public static func describe(_ row: Row) throws(RowError) -> RowDescription {
        do {
            switch row.key.first {
            case lineTable, earlierLineTable:
                // A line is keyed by merchant, bank and product; an earlier line by its grant's position too.
                let earlier = row.key.first == earlierLineTable
                var reader = RowKeyReader(row.key)
                var key: [(String, FieldValue)] = [("merchant", .text(try reader.text())), ("bank", .text(try reader.text())),
                                                   ("product", .text(try reader.text()))]
                if earlier { key.append(("grantedAt", .unsigned(try reader.uint64()))) }
                // Empty: no line stands there (its only grant voided), or the earlier line is the line again.
                let line = row.value.isEmpty ? nil : try CreditLine(key: row.key, decoding: row.value)
                var fields: [(String, FieldValue)] = [
                    ("amountFen", line.map { .integer($0.amountFen) } ?? .null), ("termMonths", line.map { .integer(Int64($0.termMonths)) } ?? .null),
                    ("grantedOn", line.map { .day($0.grantedOn) } ?? .null),
                ]
                if !earlier { fields.append(("grantedAt", line.map { .unsigned($0.grantedAt) } ?? .null)) }
                fields += [("status", line.map { .text($0.status.name) } ?? .null), ("statusAt", line.map { .unsigned($0.statusAt) } ?? .null)]
                return RowDescription(earlier ? "earlier-line" : "line", key + fields).keyed(key.count)
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
