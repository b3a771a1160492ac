/// What was done with personal data, recorded so that the audit trail shows every erasure and every access.
/// Stream: `privacy`. The events name a person by their pseudonymous subject id only: they record that it
/// happened, never what was erased or read.
public enum PrivacyEvent: DomainEvent {
    /// A person's key was destroyed at their request: what was sealed for them can no longer be read.
    /// Fields: 1 subject, 2 on, 3 reason.
    case erased(subject: String, on: CivilDate, reason: String)
    /// A regulator read a complainant's contact details for a case it handles. Fields: 1 the case's stream,
    /// 2 subject, 3 on, 4 reason.
    case revealed(stream: String, subject: String, on: CivilDate, reason: String)

    public static let stream = "privacy"

    public var type: String {
        switch self {
        case .erased: return "privacy.erased"
        case .revealed: return "privacy.revealed"
        }
    }

    public var schemaVersion: UInt16 { 1 }

    public func encoded() -> [UInt8] {
        var writer = PayloadWriter()
        switch self {
        case let .erased(subject, on, reason):
            writer.write(1, subject)
            writer.write(2, on)
            writer.write(3, reason)
        case let .revealed(stream, subject, on, reason):
            writer.write(1, stream)
            writer.write(2, subject)
            writer.write(3, on)
            writer.write(4, reason)
        }
        return writer.bytes
    }

    public static func decode(type: String, schemaVersion: UInt16, _ bytes: [UInt8]) throws(PayloadError) -> PrivacyEvent? {
        guard type == "privacy.erased" || type == "privacy.revealed" else { return nil }
        guard schemaVersion == 1 else { throw .unknownSchemaVersion(type: type, version: schemaVersion) }
        let fields = try PayloadFields(bytes)
        if type == "privacy.erased" {
            return .erased(subject: try fields.one(1, "subject").string(), on: try fields.one(2, "on").date(), reason: try fields.one(3, "reason").string())
        }
        return .revealed(stream: try fields.one(1, "stream").string(), subject: try fields.one(2, "subject").string(),
                         on: try fields.one(3, "on").date(), reason: try fields.one(4, "reason").string())
    }
}

/// The privacy stream's decisions: an erasure is recorded once per person; a reveal needs a reason.
public enum Privacy {
    public struct State: Hashable, Sendable {
        public var erased: Set<String> = []
        public init() {}
    }

    public static let initial = State()

    public static func evolve(_ state: State, _ event: PrivacyEvent) -> State {
        var state = state
        if case .erased(let subject, _, _) = event { state.erased.insert(subject) }
        return state
    }

    public static func erase(_ subject: String, on day: CivilDate, reason: String, _ state: State) -> Result<[PrivacyEvent], PrivacyRejection> {
        guard !subject.isEmpty else { return .failure(.missing(field: "subject")) }
        guard !reason.isEmpty else { return .failure(.missing(field: "reason")) }
        // Erased once: asked again, the key is gone already and nothing more is recorded.
        guard !state.erased.contains(subject) else { return .success([]) }
        return .success([.erased(subject: subject, on: day, reason: reason)])
    }

    public static func reveal(stream: String, subject: String, on day: CivilDate, reason: String) -> Result<[PrivacyEvent], PrivacyRejection> {
        guard !reason.isEmpty else { return .failure(.missing(field: "reason")) }
        return .success([.revealed(stream: stream, subject: subject, on: day, reason: reason)])
    }
}

/// Why an erasure or a reveal was not carried out. Nothing is recorded for it.
public enum PrivacyRejection: Error, Equatable, CustomStringConvertible {
    case missing(field: String)
    /// The subject has no personal data in the vault.
    case unknownSubject(String)
    /// The case is not the caller's to handle: it was received outside the caller's region.
    case outsideRegion(stream: String, caseRegion: String, callerRegion: String)
    /// The case recorded no contact details, or its person's were erased.
    case nothingToReveal(stream: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let field): return "\(field) is required"
        case .unknownSubject(let subject): return "no personal data is kept for \(subject)"
        case let .outsideRegion(stream, caseRegion, callerRegion):
            return "\(stream) was received in \(caseRegion), outside \(callerRegion): a regulator reads the contact details of its own cases only"
        case let .nothingToReveal(stream, reason): return "\(stream) has no contact details to reveal: \(reason)"
        }
    }
}
