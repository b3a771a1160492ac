/// The region codes of GB/T 2260 that a command or a query may name: provinces, cities and counties, as
/// Fixtures/regions/gb2260.csv lists them (its header gives the source and date). A code out of the table, such as
/// 330499 (no county of 嘉兴), is refused; codes already recorded are read back as they were, whatever the table.
enum RegionTable {
    /// The codes, parsed once.
    static let codes: Set<Substring> = Set(listed.split(whereSeparator: { $0 == " " || $0 == "\n" }))

    static func contains(_ code: String) -> Bool { codes.contains(Substring(code)) }
}
