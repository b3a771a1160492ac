import Domain

extension SupervisionProjection {
    /// The supervision model's rows in domain terms (docs/READMODELS.md, "Export").
    public static func describe(_ row: Row) throws(RowError) -> RowDescription {
        switch row.key.first {
        case clockTable, lateTable:
            let table = row.key.first == clockTable ? "clock" : "late-or-open"
            var reader = RowKeyReader(row.key)
            let due = try reader.day()
            guard let kind = try reader.choice(CaseClock.Kind.self) else { throw RowError("supervision: a clock's case kind is unknown") }
            let id = try reader.text()
            guard let limit = try reader.choice(CaseClock.Limit.self) else { throw RowError("supervision: a clock's limit is unknown") }
            let key: [(String, FieldValue)] = [("due", .day(due)), ("kind", .text(kind.name)), ("case", .text(id)), ("limit", .text(limit.name))]
            guard !row.value.isEmpty else {
                return RowDescription(table, key + [("region", .null), ("regime", .null), ("merchantName", .null), ("startedOn", .null),
                                                    ("dueIsProvisional", .null), ("stoppedOn", .null)]).keyed(4)
            }
            let clock = try CaseClock(key: row.key, decoding: row.value)
            return RowDescription(table, key + [
                ("region", .text(clock.region)), ("regime", .text(clock.regime.title)), ("merchantName", .text(clock.merchantName)),
                ("startedOn", .day(clock.startedOn)), ("dueIsProvisional", .bool(clock.due.isProvisional)), ("stoppedOn", .day(clock.stoppedOn)),
            ]).keyed(4)
        case calendarTable:
            var reader = RowKeyReader(row.key)
            let year = try reader.uint64()
            let notice: PolicyEvent?
            do { notice = try PolicyEvent.decode(type: "calendar.published", schemaVersion: PolicyEvent.schemaVersion, row.value) } catch {
                throw error.row("supervision: the calendar of \(year)")
            }
            guard case .calendarPublished(let published)? = notice else { throw RowError("supervision: the calendar of \(year) is not a notice") }
            return RowDescription("calendar", [
                ("year", .unsigned(year)), ("source", .text(published.source)),
                ("holidays", .list(published.holidays.map { .list([.text($0.name), .day($0.from), .day($0.to)]) })),
                ("workdays", .list(published.workdays.map { .day($0) })),
            ]).keyed(1)
        case suspendedTable:
            var reader = RowKeyReader(row.key)
            guard let kind = try reader.choice(CaseClock.Kind.self) else { throw RowError("supervision: a suspension's case kind is unknown") }
            let id = try reader.text()
            guard !row.value.isEmpty else {
                return RowDescription("suspended", [("kind", .text(kind.name)), ("case", .text(id)), ("limit", .null), ("due", .null), ("startedOn", .null)]).keyed(2)
            }
            // The value is the suspended stretch's key in the clock table: its last day, limit and start.
            var clock = RowKeyReader(row.value)
            let due = try clock.day()
            _ = try clock.choice(CaseClock.Kind.self)
            _ = try clock.text()
            guard let limit = try clock.choice(CaseClock.Limit.self) else { throw RowError("supervision: a suspension's limit is unknown") }
            return RowDescription("suspended", [("kind", .text(kind.name)), ("case", .text(id)), ("limit", .text(limit.name)), ("due", .day(due)),
                                                ("startedOn", .day(try clock.day()))]).keyed(2)
        case voidedTable:
            var reader = RowKeyReader(row.key)
            guard let kind = try reader.choice(CaseClock.Kind.self) else { throw RowError("supervision: a voided case's kind is unknown") }
            let id = try reader.text()
            let on: CivilDate
            do throws(PayloadError) { on = try PayloadFields(row.value).one(1, "on").date() } catch { throw error.row("supervision: voided case \(id)") }
            return RowDescription("voided", [("kind", .text(kind.name)), ("case", .text(id)), ("on", .day(on))]).keyed(2)
        case SetAside.table:
            return try .setAside(row.key, row.value)
        default:
            throw RowError("supervision: no table \(row.key.first.map(String.init) ?? "(empty key)")")
        }
    }
}
