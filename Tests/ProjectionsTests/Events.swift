import Domain
import Projections

/// Builds the events a projection sees, numbering positions as a log would.
struct EventLog {
    private(set) var events: [ProjectionEvent] = []

    @discardableResult
    mutating func add(_ fact: DomainFact, actor: String = "tester") -> UInt64 {
        let position = UInt64(events.count + 1)
        events.append(ProjectionEvent(position: position, recordedAt: Int64(position) * 1_000_000, actorID: actor, fact: fact))
        return position
    }

    @discardableResult
    mutating func merchant(_ code: String, _ event: MerchantEvent) -> UInt64 { add(.merchant(code: code, event)) }

    @discardableResult
    mutating func complaint(_ id: String, _ event: ComplaintEvent, actor: String = "tester") -> UInt64 {
        add(.complaint(id: id, event), actor: actor)
    }

    @discardableResult
    mutating func close(_ day: CivilDate) -> UInt64 { add(.clock(.dayClosed(day))) }

    /// Folds every event into a fresh projection and returns its rows.
    func rows<P: Projection>(_ type: P.Type, through: UInt64 = .max) -> SortedRows {
        var projection = P()
        for event in events where event.position <= through { try? projection.apply(event) }
        return SortedRows(projection.takeChanges())
    }
}

func day(_ text: String) -> CivilDate { CivilDate(text)! }

let shopCode = "91330522MA2B3C4D57"
let shop = try! UnifiedSocialCreditCode(shopCode)

func applied(_ on: String) -> MerchantEvent {
    .applied(on: day(on), code: shop, name: "长兴放心超市", region: try! RegionCode("330522"), industry: "零售", address: "长兴县", route: .selfDeclared)
}

func received(_ on: String, merchant: UnifiedSocialCreditCode? = shop, merchantName: String = "长兴放心超市", region: String = "330522",
              merchantRegion: String = "330522", channel: ComplaintChannel = .hotline12315, category: ComplaintCategory = .goods,
              due: String) -> ComplaintEvent {
    .received(.init(channel: channel, consumer: "consumer", consumerName: nil, consumerPhone: nil, merchant: merchant, merchantName: merchantName,
                    category: category, subcategory: "食品", amountInDisputeFen: 10_000, receivedRegion: try! RegionCode(region),
                    merchantRegion: try! RegionCode(merchantRegion), receivedOn: day(on), regime: .order20,
                    acceptanceDue: Deadline(date: day(due), isProvisional: false)))
}

func accepted(_ on: String, mediationDue: String) -> ComplaintEvent {
    .accepted(.init(acceptedOn: day(on), mediationDue: Deadline(date: day(mediationDue), isProvisional: false)))
}
