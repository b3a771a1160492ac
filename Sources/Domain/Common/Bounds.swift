/// What every command is held to before anything is recorded (docs/COMMANDS.md, "Bounds"): values the whole
/// system — payloads, read models, queries, the dashboard — can carry for ever. The log keeps whatever is
/// accepted, so these are checked at the decision, never trusted later.
public enum Bounds {
    /// The business days a command may name: 2000-01-01 to 2099-12-31. Deadlines and policy periods counted
    /// from them stay centuries inside what a date can hold (0001–9999).
    public static let days = CivilDate(year: 2000, month: 1, day: 1)!...CivilDate(year: 2099, month: 12, day: 31)!
    /// How many days past the ledger's own day (China time, when the command is decided) an act may be dated:
    /// every command records something that has happened, so a later day is a mistake, but a clerk's clock a
    /// day ahead is not.
    public static let futureMarginDays = 1

    /// Ceilings in fen, per kind of amount (¥1 = 100 fen). Each is far above any real case and far below what
    /// a sum of millions of them needs before it leaves `Int64`.
    public enum Fen {
        /// A consumer dispute, a compensation, a pledged fund: ¥100,000,000.
        public static let dispute: Int64 = 10_000_000_000
        /// A credit line: ¥1,000,000,000.
        public static let credit: Int64 = 100_000_000_000
        /// A penalty: ¥100,000,000,000 (the largest fines imposed run to tens of billions of yuan).
        public static let penalty: Int64 = 10_000_000_000_000
        /// A reporter's reward or a card-acquiring fee subsidy: ¥10,000,000.
        public static let reward: Int64 = 1_000_000_000
    }

    /// Text, in characters (Unicode code points, as JSON Schema's `maxLength` counts them). Even at four bytes a
    /// character they keep every stream name and envelope field within the log's 200 bytes (docs/FORMAT.md).
    public enum Text {
        /// An id (a complaint's or report's number, a consumer's pseudonym, a bank, a product, a unit, a
        /// reference): it names a stream or a key, so it is short and on one line.
        public static let identifierCharacters = 40
        /// A name or a label (a merchant's name, an industry, a subcategory, an item of a list): one line.
        public static let nameCharacters = 100
        /// Free text (a description, findings, a note, a reason, an address): line breaks allowed.
        public static let freeCharacters = 2_000
        /// Items in a list (reasons, exclusions, coverage).
        public static let listItems = 32
    }

    /// Whole numbers that are not money.
    public static let windowDays = 1...365
    public static let termMonths = 1...600
}
