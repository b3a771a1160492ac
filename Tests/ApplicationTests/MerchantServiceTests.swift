import Application
import Domain
import Ledger
import Testing
import TestSupport

@Suite struct MerchantServiceTests {
    let official = Actor(id: "changxing-amr-01", role: "regulator")
    let code = try! UnifiedSocialCreditCode("91330522MA2B3C4D57")

    @Test func merchantsReportsAndCreditLandInTheirStreams() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        let service = MerchantService(ledger: ledger, rules: .standard(calendar: fixtureCalendar))
        _ = try await service.record(.applied(on: CivilDate("2025-03-03")!, code: code, name: "长兴放心超市", region: try RegionCode("330522"),
                                              industry: "零售", address: "雉城街道", route: .localNomination), merchant: code, commandID: "m1", actor: official)
        do {
            _ = try await service.record(.evaluated(on: CivilDate("2025-03-04")!, score: 90, stars: 3, rank: nil), merchant: code, commandID: "m2", actor: official)
            Issue.record("a star before the review was recorded")
        } catch {
            #expect(error == .rejected(.merchant(.wrongStage(action: "record evaluated", stage: "awaiting the system pre-review"))))
        }
        _ = try await service.receive(Report.Receive(receivedOn: CivilDate("2025-09-26")!, channel: .hotline12315, reporter: "r1", merchant: code,
                                                     merchantName: "长兴放心超市", allegation: "虚假宣传", receivedRegion: try RegionCode("330522")),
                                      report: "R1", commandID: "r1", actor: official)
        _ = try await service.record(.verified(on: CivilDate("2025-10-09")!, substantiated: true, findings: "查实"), report: "R1", commandID: "r2", actor: official)
        _ = try await service.record(.granted(CreditGranted(merchant: code, bank: "长兴农商银行", product: "放心贷", amountFen: 30_000_000,
                                                            termMonths: 12, grantedOn: CivilDate("2025-11-03")!)), merchant: code, commandID: "c1", actor: official)
        #expect(try ledger.readStream("merchant-91330522MA2B3C4D57").map(\.type) == ["merchant.applied"])
        #expect(try ledger.readStream("report-R1").map(\.type) == ["report.received", "report.verified"])
        #expect(try ledger.readStream("credit-91330522MA2B3C4D57").first?.schemaVersion == 2)
        #expect(try ledger.verify().records == 4)
    }
}
