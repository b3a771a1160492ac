import Domain
import Projections
import Testing

@Suite struct CreditAlertTests {
    /// An active credit line raises an alert while its merchant is in 预警库, and still once it is delisted (摘牌);
    /// a revoked line raises none.
    @Test func aWarnedOrDelistedMerchantWithAnActiveLineRaisesAnAlert() throws {
        var log = EventLog()
        log.add(.policy(.tierPolicyAdopted(.standard)))
        log.merchant(shopCode, applied("2025-03-03"))
        log.merchant(shopCode, .regulatorReviewed(on: day("2025-03-10"), passed: true, reasons: []))
        log.add(.credit(code: shopCode, .granted(CreditGranted(merchant: shop, bank: "岱山农商银行", product: "放心贷", amountFen: 30_000_000,
                                                               termMonths: 12, grantedOn: day("2025-04-01")))))
        func alerts() throws -> [String] {
            try CreditQueries.report(credit: log.rows(CreditProjection.self), tiers: log.rows(TiersProjection.self)).alerts
                .map { "\($0.tier.name) \($0.warningSince) \($0.line.bank)" }
        }
        #expect(try alerts().isEmpty)
        log.merchant(shopCode, .violationRecorded(on: day("2025-05-06"), kind: .violation, description: "虚假宣传", penaltyFen: nil))
        #expect(try alerts() == ["warning 2025-05-06 岱山农商银行"])
        log.merchant(shopCode, .delisted(on: day("2025-06-02"), reason: "严重违法"))
        #expect(try alerts() == ["delisted 2025-06-02 岱山农商银行"])
        log.add(.credit(code: shopCode, .revoked(on: day("2025-06-03"), bank: "岱山农商银行", product: "放心贷", reason: "摘牌")))
        #expect(try alerts().isEmpty)
    }
}
