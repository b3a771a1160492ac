import Domain

/// Credit lines (授信, 放心贷) by merchant, bank and product, and card-acquiring subsidies (收单).
///
/// Rows: 1 merchant, bank, product → `CreditLine` (empty: no line stands, its only grant voided); 2 merchant, bank
/// → fee subsidy granted (fen, 8 bytes; empty: the acquiring voided); 3 merchant, bank, product, position of the
/// grant → an earlier line, superseded by a later grant of the same product (empty: it is the line again, the
/// later grant voided). Tiers are not copied in: queries join these rows with the tiers read model at the same
/// position.
public struct CreditProjection: Projection {
    public static let name = "credit"
    /// 2: its store keeps every version of its rows (docs/READMODELS.md); 3: each row's latest version stored
    /// once, as its live row; 4: corrections of credit events, and the earlier lines a voided grant gives back.
    public static let version = 4
    public static let streamPrefixes = [StreamCategory.credit.prefix]

    static let lineTable: UInt8 = 1
    static let acquiringTable: UInt8 = 2
    static let earlierLineTable: UInt8 = 3

    private var lines: [[UInt8]: CreditLine] = [:]
    /// Each line's earlier grants, oldest first, by the line's key: what a voided grant gives back. Few lines have any.
    private var earlier: [[UInt8]: [CreditLine]] = [:]
    private var subsidies: [[UInt8]: Int64] = [:]
    private var changed: Set<[UInt8]> = []
    /// Earlier lines' rows to write, by key: a line superseded, amended, or given back (empty).
    private var earlierRows: [[UInt8]: [UInt8]] = [:]

    public init() {}

    public init(rows: some RowReader) throws(RowError) {
        do {
            try rows.scan(prefix: [Self.lineTable]) { key, value in
                if !value.isEmpty { lines[key] = try CreditLine(key: key, decoding: value) }
                return true
            }
            try rows.scan(prefix: [Self.acquiringTable]) { key, value in
                if !value.isEmpty { subsidies[key] = Self.int64(value) }
                return true
            }
            // In key order: a line's earlier grants by their positions, oldest first.
            try rows.scan(prefix: [Self.earlierLineTable]) { key, value in
                guard !value.isEmpty else { return true }
                let line = try CreditLine(key: key, decoding: value)
                earlier[Self.lineKey(line.merchant, line.bank, line.product), default: []].append(line)
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
            if let superseded = lines[key] {
                earlier[key, default: []].append(superseded)
                earlierRows[Self.earlierKey(superseded)] = superseded.encoded()
            }
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
        case .corrected(let correction):
            try correct(correction, code: code)
        }
    }

    /// Makes the lines what the corrected event now says: a grant amended in its amount or term, voided (the line
    /// is then its earlier grant, or none), a revocation or expiry voided (the line active again), a subsidy
    /// amended or voided. The decider refused any correction that would leave a later event impossible, so the
    /// line a correction names is the one that stands.
    private mutating func correct(_ correction: CreditCorrection, code: String) throws(SetAside) {
        switch correction.original {
        case .granted(let grant):
            let key = Self.lineKey(code, grant.bank, grant.product)
            if var line = lines[key], line.grantedAt == correction.corrects {
                if case .granted(let amended)? = correction.replacement {
                    line.amountFen = amended.amountFen
                    line.termMonths = amended.termMonths
                    lines[key] = line
                } else {
                    lines[key] = earlier[key]?.popLast()
                    // The earlier line is the line again: its earlier row is emptied.
                    if let restored = lines[key] { earlierRows[Self.earlierKey(restored)] = [] }
                }
                changed.insert(key)
            } else if case .granted(let amended)? = correction.replacement,
                      let index = earlier[key]?.firstIndex(where: { $0.grantedAt == correction.corrects }) {
                earlier[key]![index].amountFen = amended.amountFen
                earlier[key]![index].termMonths = amended.termMonths
                earlierRows[Self.earlierKey(earlier[key]![index])] = earlier[key]![index].encoded()
            }
        case let .revoked(_, bank, product, _), let .expired(_, bank, product):
            let key = Self.lineKey(code, bank, product)
            guard correction.replacement == nil, var line = lines[key], line.statusAt == correction.corrects else { return }
            line.status = .active
            line.statusAt = line.grantedAt
            lines[key] = line
            changed.insert(key)
        case let .cardAcquiringOpened(_, bank, subsidy):
            let key = RowKey(table: Self.acquiringTable).adding(code).adding(bank).bytes
            guard let total = subsidies[key] else { return }
            // What the original added is taken out and the amendment's put in. Checked: only a hand-made log holds a
            // correction whose original was not what was added.
            let amended: Int64 = if case .cardAcquiringOpened(_, _, let amended)? = correction.replacement { amended } else { 0 }
            let (less, lessOverflow) = total.subtractingReportingOverflow(subsidy)
            let (now, overflow) = less.addingReportingOverflow(amended)
            if lessOverflow || overflow {
                throw SetAside("merchant \(code), bank \(bank): correcting a subsidy of \(subsidy) fen would take its total out of Int64's range")
            }
            // Voided, no acquiring stands unless another was recorded (only a hand-made log has two).
            subsidies[key] = correction.replacement == nil && now == 0 ? nil : now
            changed.insert(key)
        case .corrected:
            break   // a correction is never corrected: it names the event again
        }
    }

    public mutating func takeChanges() -> [Row] {
        defer { changed = [] }
        defer { earlierRows = [:] }
        return changed.map { key in
            if key.first == Self.lineTable { return Row(key: key, value: lines[key]?.encoded() ?? []) }
            return Row(key: key, value: subsidies[key].map { total in withUnsafeBytes(of: total.bigEndian) { Array($0) } } ?? [])
        } + earlierRows.map { Row(key: $0.key, value: $0.value) }
    }

    static func earlierKey(_ line: CreditLine) -> [UInt8] {
        RowKey(table: earlierLineTable).adding(line.merchant).adding(line.bank).adding(line.product).adding(line.grantedAt).bytes
    }

    static func lineKey(_ code: String, _ bank: String, _ product: String) -> [UInt8] {
        RowKey(table: lineTable).adding(code).adding(bank).adding(product).bytes
    }

    static func int64(_ bytes: [UInt8]) -> Int64 { Int64(bitPattern: bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }) }
}
