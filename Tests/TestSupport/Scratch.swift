public import Domain
public import Ledger
public import ReadModels

/// A ledger in a scratch directory, with merchants and complaints appended as the services would.
public final class Scratch {
    public let directory: TemporaryDirectory
    public let ledger: Ledger
    private var complaints = 0

    public init(clock: (@Sendable () -> Timestamp)? = nil) throws {
        directory = try TemporaryDirectory()
        var options = Ledger.Options()
        if let clock { options.clock = clock }
        ledger = try Ledger(directory: directory.path, options: options)
    }

    deinit { ledger.close() }

    public func runner() throws -> ProjectionRunner { ProjectionRunner(ledger: ledger, store: try ReadModelStore(ledgerDirectory: directory.path)) }

    @discardableResult
    public func append(_ stream: String, _ event: some DomainEvent, actor: String = "tester") async throws -> UInt64 {
        let result = try await ledger.append(Append(stream: stream, actor: Actor(id: actor, role: "regulator"), events: [
            NewEvent(type: event.type, schemaVersion: event.schemaVersion, occurredAt: Timestamp(rawValue: 0), payload: event.encoded())]))
        return result.positions.lowerBound
    }

    /// A merchant admitted to 培育库, and `count` complaints about it received and accepted on `day`.
    public func admitted(_ code: UnifiedSocialCreditCode) async throws {
        try await append("merchant-\(code)", MerchantEvent.applied(on: CivilDate("2025-01-02")!, code: code, name: "商户", region: try RegionCode("330522"), industry: "零售", address: "长兴", route: .selfDeclared))
        try await append("merchant-\(code)", MerchantEvent.regulatorReviewed(on: CivilDate("2025-01-10")!, passed: true, reasons: []))
    }

    public func complaints(_ count: Int, about code: UnifiedSocialCreditCode, on day: String) async throws {
        for _ in 0..<count {
            complaints += 1
            let id = "t-\(complaints)"
            try await append("complaint-\(id)", ComplaintEvent.received(.init(
                channel: .hotline12315, consumer: "c", consumerName: nil, consumerPhone: nil, merchant: code, merchantName: "商户",
                category: .goods, subcategory: "食品", amountInDisputeFen: 100, receivedRegion: try RegionCode("330522"),
                merchantRegion: try RegionCode("330522"), receivedOn: CivilDate(day)!, regime: .order20,
                acceptanceDue: Deadline(date: CivilDate(day)!, isProvisional: false))))
            try await append("complaint-\(id)", ComplaintEvent.accepted(.init(acceptedOn: CivilDate(day)!, mediationDue: Deadline(date: CivilDate(day)!, isProvisional: false))))
        }
    }
}
