/// An event a read model does not fold, and why: the documented rule (docs/FORMAT.md, "Events set aside") for
/// what the log holds but a read model cannot carry. An event whose payload cannot be decoded, or whose values
/// a projection cannot fold (a total that would leave `Int64`), is set aside: the read model skips it whole and
/// keeps a row saying so, at its position, so that the models build, every query answers, and an operator can
/// see what was skipped. Whether an event is set aside depends on the log alone, so every fold of the same log
/// sets aside the same events.
public struct SetAside: Error, Hashable, Sendable {
    public var reason: String

    public init(_ reason: String) { self.reason = reason }

    /// Every read model keeps its set-aside events under this table: position (8 bytes) → reason (UTF-8).
    public static let table: UInt8 = 0xFF

    public static func key(_ position: UInt64) -> [UInt8] { RowKey(table: table).adding(position).bytes }

    /// The set-aside rows of one read model, in log order: those after position `after`, at most `limit`.
    public static func list(_ rows: some RowReader, after: UInt64? = nil, limit: Int = .max) throws -> [(position: UInt64, reason: String)] {
        var list: [(UInt64, String)] = []
        guard limit > 0, after != .max else { return list }
        try rows.scan(prefix: [table], from: after.map { key($0 + 1) }) { key, value in
            var reader = RowKeyReader(key)
            list.append((try reader.uint64(), String(decoding: value, as: UTF8.self)))
            return list.count < limit
        }
        return list
    }
}
