/// A read replica's service (`fangxin serve --replica`): the primary that records commands, and where the copy
/// stands against it, for `/metrics`.
public struct ReplicaSettings: Sendable {
    /// What the replica last heard from its primary.
    public struct Status: Sendable, Equatable {
        /// The size of the primary's last checkpoint fetched.
        public var primarySize: UInt64
        /// When it was fetched, in seconds since 1970.
        public var seenAt: Int64

        public init(primarySize: UInt64, seenAt: Int64) {
            self.primarySize = primarySize
            self.seenAt = seenAt
        }
    }

    /// The primary's root URL, which commands are sent to.
    public var primary: String
    /// Read afresh at each `/metrics` scrape; nil before the replica first heard from its primary.
    public var status: @Sendable () -> Status?
    /// The primary's latest signed checkpoint whose records the copy holds, which `/checkpoint` serves; read afresh
    /// at each request, nil before the first.
    public var checkpoint: @Sendable () -> String?

    public init(primary: String, status: @escaping @Sendable () -> Status?, checkpoint: @escaping @Sendable () -> String?) {
        self.primary = primary
        self.status = status
        self.checkpoint = checkpoint
    }
}
