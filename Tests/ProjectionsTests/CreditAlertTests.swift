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

/// Credit lines as a bank's corrections leave them: the totals count what now stands.
@Suite struct CreditCorrectionProjectionTests {
    let bank = "岱山农商银行"

    func grant(_ on: String, _ fen: Int64, months: Int = 36) -> CreditEvent {
        .granted(CreditGranted(merchant: shop, bank: bank, product: "放心贷", amountFen: fen, termMonths: months, grantedOn: day(on)))
    }

    func report(_ log: EventLog) throws -> CreditReport {
        try CreditQueries.report(credit: log.rows(CreditProjection.self), tiers: log.rows(TiersProjection.self))
    }

    /// ¥300,000 typed for ¥30,000, then a revocation meant for another merchant: amended, then voided, the line
    /// stands active at ¥30,000, its grant's position and term as they were.
    @Test func anAmendedGrantAndAVoidedRevocation() throws {
        var log = EventLog()
        let typed = grant("2025-04-01", 30_000_000)
        let granted = log.add(.credit(code: shopCode, typed))
        log.add(.credit(code: shopCode, .corrected(.init(on: day("2025-04-02"), corrects: granted, reason: "金额录入错误", original: typed,
                                                         replacement: grant("2025-04-01", 3_000_000)))))
        #expect(try report(log).byBank.map(\.activeFen) == [3_000_000])
        let revocation = CreditEvent.revoked(on: day("2025-09-01"), bank: bank, product: "放心贷", reason: "进入预警库")
        let revoked = log.add(.credit(code: shopCode, revocation))
        #expect(try report(log).byBank.map(\.activeFen) == [])
        log.add(.credit(code: shopCode, .corrected(.init(on: day("2025-09-05"), corrects: revoked, reason: "误录他户", original: revocation, replacement: nil))))
        let line = try #require(try report(log).lines.first?.line)
        #expect(line.status == .active && line.statusAt == granted && line.grantedAt == granted && line.amountFen == 3_000_000 && line.termMonths == 36)
        #expect(try report(log).byBank.map(\.activeFen) == [3_000_000])
    }

    /// Granted ¥100,000, revoked, granted again at ¥200,000 by mistake: that grant voided, the line is the earlier
    /// one again, revoked; the only grant of a line voided, no line stands at all.
    @Test func aVoidedGrantGivesBackTheEarlierLine() throws {
        var log = EventLog()
        let first = log.add(.credit(code: shopCode, grant("2025-04-01", 10_000_000)))
        let revoked = log.add(.credit(code: shopCode, .revoked(on: day("2025-05-01"), bank: bank, product: "放心贷", reason: "到期未续")))
        let again = grant("2025-06-01", 20_000_000)
        let second = log.add(.credit(code: shopCode, again))
        #expect(try report(log).byBank.map(\.activeFen) == [20_000_000])
        log.add(.credit(code: shopCode, .corrected(.init(on: day("2025-06-02"), corrects: second, reason: "重复授信", original: again, replacement: nil))))
        let lines = try report(log).lines.map(\.line)
        #expect(lines.count == 1 && lines[0].grantedAt == first && lines[0].status == .revoked && lines[0].statusAt == revoked && lines[0].amountFen == 10_000_000)
        #expect(try report(log).byBank.isEmpty)
        // Restored from its stored rows before the void, the projection gives back the same earlier line.
        let before = log.rows(CreditProjection.self, through: second)
        var restored = try CreditProjection(rows: before)
        try restored.apply(log.events.last!)
        let after = SortedRows(before.rows + restored.takeChanges())
        let restoredLines = try CreditQueries.report(credit: after, tiers: SortedRows([])).lines.map(\.line)
        #expect(restoredLines.map(\.grantedAt) == [first] && restoredLines.map(\.status) == [.revoked])

        var only = EventLog()
        let granted = only.add(.credit(code: shopCode, grant("2025-04-01", 10_000_000)))
        only.add(.credit(code: shopCode, .corrected(.init(on: day("2025-04-02"), corrects: granted, reason: "误录他户", original: grant("2025-04-01", 10_000_000), replacement: nil))))
        #expect(try report(only).lines.isEmpty && report(only).byBank.isEmpty)
    }

    /// A hand-made log's correction that claims an original the total never held is set aside, not trapped on.
    @Test func aCorrectionOfWhatWasNeverAddedIsSetAside() throws {
        var log = EventLog()
        let position = log.add(.credit(code: shopCode, .cardAcquiringOpened(on: day("2025-04-08"), bank: bank, feeSubsidyFen: 100)))
        let claimed = CreditEvent.cardAcquiringOpened(on: day("2025-04-08"), bank: bank, feeSubsidyFen: .min)
        log.add(.credit(code: shopCode, .corrected(.init(on: day("2025-04-09"), corrects: position, reason: "x", original: claimed, replacement: nil))))
        var projection = CreditProjection()
        #expect(throws: Never.self) { try projection.apply(log.events[0]) }
        #expect(throws: SetAside.self) { try projection.apply(log.events[1]) }
        #expect(try report(log).subsidyFen == 100)
    }

    /// A ¥1,286 subsidy typed for ¥128.60, then the acquiring voided: the subsidy total follows.
    @Test func aSubsidyIsAmendedThenVoided() throws {
        var log = EventLog()
        let opened = CreditEvent.cardAcquiringOpened(on: day("2025-04-08"), bank: bank, feeSubsidyFen: 128_600)
        let position = log.add(.credit(code: shopCode, opened))
        let meant = CreditEvent.cardAcquiringOpened(on: day("2025-04-08"), bank: bank, feeSubsidyFen: 12_860)
        log.add(.credit(code: shopCode, .corrected(.init(on: day("2025-04-09"), corrects: position, reason: "金额录入错误", original: opened, replacement: meant))))
        #expect(try report(log).subsidyFen == 12_860)
        log.add(.credit(code: shopCode, .corrected(.init(on: day("2025-04-10"), corrects: position, reason: "未开通", original: meant, replacement: nil))))
        #expect(try report(log).subsidyFen == 0)
    }
}
