import Domain
import Ledger

/// A synthetic province, day by day from 2023-01-02 to 2026-10-30: merchants apply, are reviewed, pledge, are
/// evaluated, sometimes break the law and rectify, get credit; consumers complain and their complaints run their
/// course. Proportions follow the seeds (docs/DOMAIN.md §1): about 9 in 10 complaints accepted, 72% of mediations
/// reach agreement (Linyi), 98% feedback and 96% satisfaction (Changchun), 5% of merchants credited (Daishan).
/// The same seed always gives the same commands, in the same order.
struct ProvinceGenerator {
    /// One command, as an import line would give it.
    enum Action {
        case complaint(id: String, ComplaintCommand)
        case merchant(UnifiedSocialCreditCode, MerchantCommand)
        case credit(UnifiedSocialCreditCode, CreditCommand)
        case closeDay(CivilDate)
    }

    struct Command {
        let id: String
        let actor: Actor
        let action: Action
    }

    /// Real county codes (docs/DOMAIN.md §7) and a few more of Zhejiang's, where merchants are and complaints arrive.
    static let counties = ["330102", "330106", "330110", "330203", "330212", "330282", "330402", "330421", "330481", "330502",
                           "330522", "330602", "330681", "330702", "330782", "330802", "330902", "330921", "331002", "331082"]
    static let industries = ["餐饮", "零售", "住宿", "美容美发", "家电", "服装", "食品", "汽车", "教育培训", "旅游"]
    static let subcategories = ["服装鞋帽", "食品", "家居用品", "交通工具", "家用电器", "餐饮和住宿", "销售服务", "美容美发洗浴", "教育培训"]
    static let codeCharacters = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")

    let first = CivilDate("2023-01-02")!
    let days = 1_398   // to 2026-10-30: within the published calendar, so deadlines are final

    private var random: SplitMix64
    /// Where its merchants are registered and their complaints received.
    private let counties: [String]
    private let merchantCount: Int
    /// Whether a quarter of the merchants also pledge prior compensation (先行赔付) with a small deposit, which the
    /// prior compensations paid for their complaints draw on. Off, the commands are those of earlier versions.
    var pledgesDeposits = false
    private let complaintCount: Int
    private var merchants: [(code: UnifiedSocialCreditCode, name: String, region: String)] = []
    /// Commands waiting for their day, by day index.
    private var pending: [[Command]]

    init(merchants: Int, events: Int, seed: UInt64, counties: [String] = Self.counties) {
        precondition(!counties.isEmpty, "a province has a county")
        random = SplitMix64(seed: seed)
        self.counties = counties
        merchantCount = merchants
        // A merchant's life is about 6 commands, a complaint's about 7.5, a day's close 1.
        complaintCount = max(0, (events - merchants * 6 - days) * 2 / 15)
        pending = Array(repeating: [], count: days + 120)
    }

    private mutating func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }
    private mutating func below(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }

    private var today = 0, merchantsMade = 0, complaintsMade = 0

    /// The commands of the next day, in order; nil after the last day.
    mutating func nextDay() -> [Command]? {
        guard today < days else { return nil }
        let index = today
        today += 1
        let day = first.adding(days: index)
        // Merchants join during the first half; complaints arrive evenly.
        let merchantsDue = min(merchantCount, Int(Double(merchantCount) * Double(index + 1) / Double(days / 2)))
        while merchantsMade < merchantsDue {
            schedule(merchant: merchantsMade, from: index)
            merchantsMade += 1
        }
        let complaintsDue = Int(Double(complaintCount) * Double(index + 1) / Double(days))
        while complaintsMade < complaintsDue, !merchants.isEmpty {
            schedule(complaint: complaintsMade, from: index)
            complaintsMade += 1
        }
        var commands = pending[index]
        pending[index] = []
        commands.append(Command(id: "gen-close-\(day)", actor: Actor(id: "fangxin-clock", role: "system"), action: .closeDay(day)))
        return commands
    }

    private mutating func later(_ index: Int, _ command: Command) {
        guard index < days else { return }   // beyond the simulated period: it has not happened yet
        pending[index].append(command)
    }

    private mutating func schedule(merchant number: Int, from index: Int) {
        let region = counties[below(counties.count)]
        var body = "91" + region
        for _ in 0..<9 { body.append(Self.codeCharacters[below(Self.codeCharacters.count)]) }
        let code = Self.codeCharacters.lazy.compactMap { try? UnifiedSocialCreditCode(body + String($0)) }.first!
        let name = "\(Self.industries[number % Self.industries.count])商户\(number)"
        merchants.append((code, name, region))
        let platform = Actor(id: "zjmarket-platform", role: "system"), bureau = Actor(id: "amr-\(region)", role: "regulator")
        var step = 0
        func id() -> String { step += 1; return "gen-m\(number)-\(step)" }
        let start = first.adding(days: index)
        func on(_ offset: Int) -> CivilDate { start.adding(days: offset) }
        later(index, Command(id: id(), actor: platform, action: .merchant(code, .apply(
            on: on(0), name: name, region: try! RegionCode(region), industry: Self.industries[number % Self.industries.count],
            address: "\(region) 某街道", route: chance(60) ? .selfDeclared : .localNomination))))
        let passed = chance(85)
        later(index + 1, Command(id: id(), actor: platform, action: .merchant(code, .preReview(on: on(1), passed: passed, reasons: passed ? [] : ["材料不全"]))))
        guard passed else { return }
        later(index + 2, Command(id: id(), actor: bureau, action: .merchant(code, .pledge(on: on(2), Pledge(kind: .reassuredConsumption)))))
        if pledgesDeposits, chance(25) {
            let deposit = Int64(3 + below(6)) * 10_000
            later(index + 2, Command(id: id(), actor: bureau, action: .merchant(code, .pledge(on: on(2), Pledge(kind: .priorCompensation, fundFen: deposit)))))
        }
        if chance(40) {
            later(index + 2, Command(id: id(), actor: bureau, action: .merchant(code, .pledge(on: on(2), Pledge(kind: .offlineNoReasonReturn, windowDays: 7, exclusions: ["定制商品"])))))
        }
        let approved = chance(85)
        let review = 7 + below(14)
        later(index + review, Command(id: id(), actor: bureau, action: .merchant(code, .review(on: on(review), passed: approved, reasons: approved ? [] : ["现场核查不合格"]))))
        guard approved else { return }
        let evaluation = review + 150 + below(60)
        let stars = 1 + below(5)
        later(index + evaluation, Command(id: id(), actor: bureau, action: .merchant(code, .evaluate(on: on(evaluation), score: 50 + stars * 9, stars: stars, rank: stars == 5 ? .county : nil))))
        if chance(3) {
            let when = evaluation + below(300)
            later(index + when, Command(id: id(), actor: bureau, action: .merchant(code, .recordViolation(on: on(when), kind: .violation, description: "虚假宣传", penaltyFen: 500_000))))
            if chance(60) {
                let fixed = when + 20 + below(40)
                later(index + fixed, Command(id: id(), actor: bureau, action: .merchant(code, .rectify(on: on(fixed), description: "整改完毕"))))
            }
        }
        if chance(5) {
            let when = review + below(300)
            later(index + when, Command(id: id(), actor: Actor(id: "bank-\(region)", role: "bank"), action: .credit(code, .grant(
                on: on(when), bank: "农商银行\(region)", product: "放心贷", amountFen: Int64(50 + below(500)) * 1_000_000, termMonths: 12))))
        }
    }

    private mutating func schedule(complaint number: Int, from index: Int) {
        // A few merchants draw many complaints: pick by the square of a uniform draw.
        let draw = Double(random.next() % 1_000_000) / 1_000_000
        let merchant = merchants[Int(draw * draw * Double(merchants.count))]
        let id = "G\(number)"
        let received = merchant.region
        let bureau = Actor(id: "amr-\(received)", role: "regulator")
        var step = 0
        func next() -> String { step += 1; return "gen-c\(number)-\(step)" }
        let start = first.adding(days: index)
        func on(_ offset: Int) -> CivilDate { start.adding(days: offset) }
        let channels: [ComplaintChannel] = [.hotline12315, .online12315, .online12315, .transfer12345, .serviceStation, .odrEnterprise]
        let crossRegion = chance(8)
        let disputed = Int64(1 + below(2_000)) * 100
        later(index, Command(id: next(), actor: Actor(id: "12315-platform", role: "system"), action: .complaint(id: id, .receive(.init(
            channel: channels[below(channels.count)], consumer: "consumer-\(number)", merchant: merchant.code, merchantName: merchant.name,
            category: chance(55) ? .goods : .service, subcategory: Self.subcategories[below(Self.subcategories.count)],
            amountInDisputeFen: disputed, receivedRegion: try! RegionCode(crossRegion ? counties[below(counties.count)] : received),
            merchantRegion: try! RegionCode(merchant.region), receivedOn: on(0))))))
        let decided = 1 + below(5)
        guard chance(90) else {
            later(index + decided, Command(id: next(), actor: bureau, action: .complaint(id: id, .refuse(on: on(decided), ground: .outsideJurisdiction, note: nil))))
            return
        }
        later(index + decided, Command(id: next(), actor: bureau, action: .complaint(id: id, .accept(on: on(decided)))))
        let started = decided + 1 + below(3)
        later(index + started, Command(id: next(), actor: bureau, action: .complaint(id: id, .startMediation(on: on(started), mode: chance(30) ? .odr : .administrative))))
        let ended = started + 1 + below(30)
        let agreed = chance(72)
        later(index + ended, Command(id: next(), actor: bureau, action: .complaint(id: id, .endMediation(on: on(ended), outcome: agreed ? .agreement : .failed, reason: nil))))
        if agreed {
            let refund = ComplaintCommand.Compensate(on: on(ended), amountFen: disputed * Int64(50 + below(51)) / 100,
                                                     payer: chance(10) ? .priorCompensationFund : .merchant, kind: .refund)
            later(index + ended, Command(id: next(), actor: bureau, action: .complaint(id: id, .compensate(refund))))
        }
        if !agreed {
            // Mediation that ends without agreement is terminated: both parties are told (D3), the next day.
            later(index + ended + 1, Command(id: next(), actor: bureau, action: .complaint(id: id, .notifyParties(on: on(ended + 1)))))
        }
        later(index + ended + 1, Command(id: next(), actor: bureau, action: .complaint(id: id, .close(on: on(ended + 1)))))
        // Satisfaction is asked only of consumers told the result.
        guard chance(98) else { return }
        later(index + ended + 1, Command(id: next(), actor: bureau, action: .complaint(id: id, .giveFeedback(on: on(ended + 1)))))
        if chance(90) { later(index + ended + 3, Command(id: next(), actor: bureau, action: .complaint(id: id, .rateSatisfaction(on: on(ended + 3), satisfied: chance(96))))) }
    }
}
