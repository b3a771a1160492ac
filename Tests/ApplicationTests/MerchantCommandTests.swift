import Application
import Domain
import Ledger
import Testing
import TestSupport

/// Merchants, reports and credit each have the complaint's shape: commands, decided by a pure decider against
/// their own stream, recorded by the same handler.
@Suite struct MerchantCommandTests {
    let official = Actor(id: "changxing-amr-01", role: "regulator")
    let code = try! UnifiedSocialCreditCode("91330522MA2B3C4D57")

    @Test func merchantsReportsAndCreditLandInTheirStreams() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        let handler = CommandHandler(ledger: ledger, rules: .standard(calendar: fixtureCalendar))
        _ = try await handler.handle(.merchant(code, .apply(on: CivilDate("2025-03-03")!, name: "长兴放心超市", region: try RegionCode("330522"),
                                              industry: "零售", address: "雉城街道", route: .localNomination)), commandID: "m1", actor: official)
        do {
            _ = try await handler.handle(.merchant(code, .evaluate(on: CivilDate("2025-03-04")!, score: 90, stars: 3, rank: nil)), commandID: "m2", actor: official)
            Issue.record("a star before the review was recorded")
        } catch {
            #expect(error == .rejected(.merchant(.wrongStage(action: "record evaluated", stage: "awaiting the system pre-review"))))
        }
        #expect(try handler.load(Merchant.self, code).state.region == RegionCode("330522"))
        _ = try await handler.handle(.report(id: "R1", .receive(.init(receivedOn: CivilDate("2025-09-26")!, channel: .hotline12315, reporter: "r1", merchant: code,
                                                    merchantName: "长兴放心超市", allegation: "虚假宣传", receivedRegion: try RegionCode("330522")))), commandID: "r1", actor: official)
        _ = try await handler.handle(.report(id: "R1", .verify(on: CivilDate("2025-10-09")!, substantiated: true, findings: "查实")), commandID: "r2", actor: official)
        #expect(try handler.load(Report.self, "R1").state.stage == .verified)
        _ = try await handler.handle(.credit(code, .grant(on: CivilDate("2025-11-03")!, bank: "长兴农商银行", product: "放心贷", amountFen: 30_000_000, termMonths: 12)), commandID: "c1", actor: official)
        #expect(try handler.load(Credit.self, code).state.totalFen == 30_000_000)
        #expect(try ledger.readStream("merchant-91330522MA2B3C4D57").map(\.type) == ["merchant.applied"])
        #expect(try ledger.readStream("report-R1").map(\.type) == ["report.received", "report.verified"])
        #expect(try ledger.readStream("credit-91330522MA2B3C4D57").first?.schemaVersion == 2)
        #expect(try ledger.verify().records == 4)
    }
}
