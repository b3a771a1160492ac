import Domain

/// Credit lines (授信, 放心贷) by merchant, bank and product, and card-acquiring subsidies (收单).
///
/// Rows: 1 merchant, bank, product → `CreditLine`; 2 merchant, bank → fee subsidy granted (fen, 8 bytes).
/// Tiers are not copied in: queries join these rows with the tiers read model at the same position.
public struct CreditProjection: Projection {
    public static let name = "credit"
    /// 2: its store keeps every version of its rows (docs/READMODELS.md); 3: each row's latest version stored
    /// once, as its live row.
    public static let version = 3
    public static let streamPrefixes = [StreamCategory.credit.prefix]

    static let lineTable: UInt8 = 1
    static let acquiringTable: UInt8 = 2

    private var lines: [[UInt8]: CreditLine] = [:]
    private var subsidies: [[UInt8]: Int64] = [:]
    private var changed: Set<[UInt8]> = []

    public init() {}

    public init(rows: some RowReader) throws(RowError) {
        do {
            try rows.scan(prefix: [Self.lineTable]) { key, value in
                lines[key] = try CreditLine(key: key, decoding: value)
                return true
            }
            try rows.scan(prefix: [Self.acquiringTable]) { key, value in
                subsidies[key] = Self.int64(value)
                return true
            }
        } catch {
            throw RowError("credit: \(error)")
        }
    }

    public mutating func apply(_ event: ProjectionEvent) throws(SetAside) {
        guard case let .credit(code, creditEvent) = event.fact else { return }
        switch creditEvent {
        case .granted(let grant):
            let key = Self.lineKey(code, grant.bank, grant.product)
            lines[key] = CreditLine(merchant: code, bank: grant.bank, product: grant.product, amountFen: grant.amountFen,
                                    termMonths: grant.termMonths, grantedOn: grant.grantedOn, grantedAt: event.position)
            changed.insert(key)
        case let .revoked(_, bank, product, _), let .expired(_, bank, product):
            let key = Self.lineKey(code, bank, product)
            guard var line = lines[key] else { return }
            if case .revoked = creditEvent { line.status = .revoked } else { line.status = .expired }
            line.statusAt = event.position
            lines[key] = line
            changed.insert(key)
        case let .cardAcquiringOpened(_, bank, subsidy):
            let key = RowKey(table: Self.acquiringTable).adding(code).adding(bank).bytes
            let (total, overflow) = subsidies[key, default: 0].addingReportingOverflow(subsidy)
            if overflow { throw SetAside("merchant \(code), bank \(bank): a subsidy of \(subsidy) fen would take its total past \(Int64.max) fen") }
            subsidies[key] = total
            changed.insert(key)
        }
    }

    public mutating func takeChanges() -> [Row] {
        defer { changed = [] }
        return changed.map { key in
            if let line = lines[key] { return Row(key: key, value: line.encoded()) }
            return Row(key: key, value: withUnsafeBytes(of: subsidies[key]!.bigEndian) { Array($0) })
        }
    }

    static func lineKey(_ code: String, _ bank: String, _ product: String) -> [UInt8] {
        RowKey(table: lineTable).adding(code).adding(bank).adding(product).bytes
    }

    static func int64(_ bytes: [UInt8]) -> Int64 { Int64(bitPattern: bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }) }
}
