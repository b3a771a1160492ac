/// The events the read models set aside rather than fold (docs/FORMAT.md, "Events set aside").
public struct SetAsideDocument: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        public let position: UInt64
        public var type: String, stream: String
        /// The read models that skipped it, and each one's reason, in the same order.
        public var projections: [String], reasons: [String]

        mutating func add(_ projection: String, _ reason: String) {
            projections.append(projection)
            reasons.append(reason)
        }
    }

    public let position: UInt64
    public let events: [Entry]
    /// The position to ask `after` for the next page; absent on the last.
    public var next: UInt64?
}
