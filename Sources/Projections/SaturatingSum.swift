extension Int64 {
    /// Adds `amount`, holding the total at `Int64.max` (or `.min`) instead of trapping: the documented rule for
    /// a total a query adds up over many rows (docs/STATISTICS.md). Each row's amount is bounded when it is
    /// recorded, so only a ledger of billions of ceiling-sized amounts can reach it.
    mutating func addSaturating(_ amount: Int64) {
        let (sum, overflow) = addingReportingOverflow(amount)
        self = overflow ? (amount < 0 ? .min : .max) : sum
    }
}
