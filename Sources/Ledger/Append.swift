/// The events of one command for one stream: they land together in one transaction, or not at all.
public struct Append: Sendable {
    public var stream: String
    public var expecting: ExpectedVersion
    /// Identifies the command: appending again with a recorded id writes nothing and returns the original result.
    public var commandID: String?
    public var actor: Actor
    public var correlationID: String?
    public var causationID: String?
    public var events: [NewEvent]

    public init(
        stream: String, expecting: ExpectedVersion = .any, commandID: String? = nil, actor: Actor,
        correlationID: String? = nil, causationID: String? = nil, events: [NewEvent]
    ) {
        self.stream = stream
        self.expecting = expecting
        self.commandID = commandID
        self.actor = actor
        self.correlationID = correlationID
        self.causationID = causationID
        self.events = events
    }
}

/// Where an append's events landed.
public struct AppendResult: Hashable, Sendable {
    /// The global positions of the events, in order.
    public var positions: ClosedRange<UInt64>
    /// The stream versions of the events, in order.
    public var streamVersions: ClosedRange<UInt64>
    /// True when the command had been recorded before and nothing was written this time.
    public var alreadyRecorded: Bool
}

/// How soon an append must reach the disk.
public enum Durability: Sendable {
    /// The append returns once its events are on disk (the commit is fsynced).
    case synced
    /// The append returns once committed; a crash of the process keeps it, a crash of the machine may not,
    /// until `Ledger.flush()` returns. For loading history in bulk.
    case deferred
}
