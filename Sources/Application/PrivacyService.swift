public import Domain
public import Ledger
public import Vault

/// Carries out what the law gives a person over their data, and what it allows a regulator, recording each in
/// the `privacy` stream (docs/FORMAT.md, "Personal data").
public struct PrivacyService: Sendable {
    public let ledger: Ledger
    public let vault: PersonalDataVault

    public init(ledger: Ledger, vault: PersonalDataVault) {
        self.ledger = ledger
        self.vault = vault
    }

    /// Destroys `subject`'s key, then records that it was done. The key goes first: a failure to record leaves
    /// an erasure the next attempt records (erasing again is harmless), never a record of one not done.
    public func erase(_ subject: String, reason: String, on day: CivilDate, actor: Actor) async throws(HandlingError) -> AppendResult {
        if case .failure(let rejection) = Privacy.erase(subject, on: day, reason: reason, Privacy.initial) { throw .rejected(.privacy(rejection)) }
        do { try vault.erase(subject: subject) } catch {
            if case .unknownSubject = error { throw .rejected(.privacy(.unknownSubject(subject))) }
            throw .rejected(.privacy(.nothingToReveal(stream: PrivacyEvent.stream, reason: "\(error)")))
        }
        return try await StreamHandler(ledger: ledger).handle(
            stream: PrivacyEvent.stream, commandID: "erase-\(subject)", actor: actor, on: day, initial: Privacy.initial, evolve: Privacy.evolve,
            decide: { state in Privacy.erase(subject, on: day, reason: reason, state).mapError { .privacy($0) } })
    }

    /// A complainant's contact details as the complaint recorded them.
    public struct Contact: Sendable, Equatable {
        public var stream: String
        public var subject: String
        public var name: String?
        public var phone: String?
    }

    /// Opens the contact details of complaint `id` for a regulator of `region`, the region the case was received
    /// in or one holding it, having first recorded who read them, when and why: `request` names this access.
    public func reveal(complaint id: String, reason: String, on day: CivilDate, actor: Actor, region: RegionCode?,
                       request: String) async throws(HandlingError) -> Contact {
        let stream = Complaint.stream(id)
        let recorded: [RecordedEvent]
        do { recorded = try ledger.readStream(stream, limit: 1) } catch { throw .ledger(error) }
        guard let first = recorded.first else { throw .rejected(.complaint(.notReceived)) }
        let event: ComplaintEvent?
        do { event = try ComplaintEvent.decode(type: first.type, schemaVersion: first.schemaVersion, first.payload) } catch {
            throw .unreadable(position: first.position, error)
        }
        guard case .received(let received)? = event else { throw .rejected(.complaint(.notReceived)) }
        guard let region, region.contains(received.receivedRegion) else {
            throw .rejected(.privacy(.outsideRegion(stream: stream, caseRegion: received.receivedRegion.description,
                                                    callerRegion: region?.description ?? "no region")))
        }
        guard received.consumerName != nil || received.consumerPhone != nil else {
            throw .rejected(.privacy(.nothingToReveal(stream: stream, reason: "none were recorded")))
        }
        if (try? vault.isErased(received.consumer)) == true {
            throw .rejected(.privacy(.nothingToReveal(stream: stream, reason: "they were erased at the person's request")))
        }
        _ = try await StreamHandler(ledger: ledger).handle(
            stream: PrivacyEvent.stream, commandID: request, actor: actor, on: day, initial: Privacy.initial, evolve: Privacy.evolve,
            decide: { _ in Privacy.reveal(stream: stream, subject: received.consumer, on: day, reason: reason).mapError { .privacy($0) } })
        func open(_ sealed: SealedPersonalData?) throws(HandlingError) -> String? {
            guard let sealed else { return nil }
            do { return try vault.open(sealed) } catch {
                throw .rejected(.privacy(.nothingToReveal(stream: stream, reason: "\(error)")))
            }
        }
        return Contact(stream: stream, subject: received.consumer, name: try open(received.consumerName), phone: try open(received.consumerPhone))
    }
}
