import Domain
import Projections
import Testing

@Suite struct TiersProjectionTests {
    /// A star-rated merchant with a violation enters 预警库 citing the violation, and returns only once it has
    /// rectified and the policy's 30 days have passed, as the recorded clock says.
    @Test func violationWarnsUntilRectifiedAndRecovered() throws {
        var log = EventLog()
        log.add(.policy(.tierPolicyAdopted(.standard)))
        let apply = log.merchant(shopCode, applied("2025-03-03"))
        let review = log.merchant(shopCode, .regulatorReviewed(on: day("2025-03-10"), passed: true, reasons: []))
        let evaluation = log.merchant(shopCode, .evaluated(on: day("2025-06-30"), score: 90, stars: 4, rank: nil))
        let violation = log.merchant(shopCode, .violationRecorded(on: day("2025-07-01"), kind: .violation, description: "虚假宣传", penaltyFen: nil))
        let rectified = log.merchant(shopCode, .rectified(on: day("2025-07-10"), description: "整改完毕"))
        log.close(day("2025-08-08"))
        let recovered = log.close(day("2025-08-09"))

        let rows = log.rows(TiersProjection.self)
        let history = try TierQueries.history(rows, merchant: shopCode)
        #expect(history.map(\.to) == [.selectionPool, .cultivation, .starRated, .warning, .starRated])
        #expect(history.map(\.position) == [apply, review, evaluation, violation, recovered])
        #expect(history[3].causes == [violation])
        #expect(history[4].causes == [rectified, recovered])
        #expect(history[4].on == day("2025-08-09"))
        #expect(history.allSatisfy { $0.policy == TierPolicy.standard.version })

        // As of the day before recovery, it was still in 预警库.
        let before = log.rows(TiersProjection.self, through: recovered - 1)
        #expect(try TierQueries.standing(before, merchant: shopCode)?.tier == .warning)
        #expect(try TierQueries.standing(rows, merchant: shopCode)?.tier == .starRated)
        // Rectified, it is in its recovery period: that is the reason it shows, not the violation it put right.
        let recovering = try #require(try TierQueries.standing(before, merchant: shopCode))
        #expect(recovering.reason == "rectified; in the recovery period until 2025-08-09" && recovering.causes == [rectified])
        #expect(recovering.since == day("2025-07-01"))
        let warned = try #require(try TierQueries.standing(log.rows(TiersProjection.self, through: rectified - 1), merchant: shopCode))
        #expect(warned.reason == "1 violation(s) not rectified" && warned.causes == [violation])
    }

    /// A prior-compensation deposit (先行赔付) pledged at ¥2,000 is drawn on by the prior compensations paid for
    /// complaints about the merchant; at ¥2,000 drawn, nothing is left, which is the alert.
    @Test func priorCompensationsDrawOnTheDeposit() throws {
        var log = EventLog()
        log.add(.policy(.tierPolicyAdopted(.standard)))
        log.merchant(shopCode, applied("2025-03-03"))
        log.merchant(shopCode, .pledged(on: day("2025-03-04"), pledge: Pledge(kind: .priorCompensation, fundFen: 200_000)))
        func standing() throws -> MerchantStanding? { try TierQueries.standing(log.rows(TiersProjection.self), merchant: shopCode) }
        #expect(try standing()?.depositBalanceFen == 200_000)
        for (id, fen) in [("a", Int64(150_000)), ("b", 50_000)] {
            log.complaint(id, received("2025-03-05", due: "2025-03-14"))
            log.complaint(id, accepted("2025-03-06", mediationDue: "2025-05-12"))
            log.complaint(id, .compensated(.init(paidOn: day("2025-03-07"), amountFen: fen, payer: .priorCompensationFund, kind: .refund)))
            log.complaint(id, .compensated(.init(paidOn: day("2025-03-07"), amountFen: 999, payer: .merchant, kind: .refund)))   // not a draw
        }
        #expect(try standing()?.depositBalanceFen == 0 && standing()?.depositDrawnFen == 200_000)
        #expect(try TierQueries.depositAlerts(log.rows(TiersProjection.self)).map(\.code) == [shopCode])
        // "b"'s ¥500 was mistyped for ¥300 (position 10): ¥200 goes back to the deposit, and the alert ends.
        let typed = ComplaintEvent.Compensated(paidOn: day("2025-03-07"), amountFen: 50_000, payer: .priorCompensationFund, kind: .refund)
        var meant = typed
        meant.amountFen = 30_000
        log.complaint("b", .corrected(.init(on: day("2025-03-20"), corrects: 10, reason: "金额录入错误", original: .compensated(typed), replacement: .compensated(meant))))
        #expect(try standing()?.depositBalanceFen == 20_000 && standing()?.depositDrawnFen == 180_000)
        #expect(try TierQueries.depositAlerts(log.rows(TiersProjection.self)).isEmpty)
        // Voided, it gives back the rest.
        log.complaint("b", .corrected(.init(on: day("2025-03-21"), corrects: 10, reason: "重复录入", original: .compensated(meant), replacement: nil)))
        #expect(try standing()?.depositBalanceFen == 50_000)
        log.merchant(shopCode, .pledgeWithdrawn(on: day("2025-04-01"), kind: .priorCompensation))
        #expect(try standing()?.depositFen == nil && standing()?.depositBalanceFen == nil)
    }

    /// A prior compensation paid while the merchant had no deposit drew nothing: corrected later, once a deposit
    /// is pledged, it gives nothing back to it.
    @Test func aCorrectedPaymentGivesBackOnlyWhatItDrew() throws {
        var log = EventLog()
        log.add(.policy(.tierPolicyAdopted(.standard)))
        log.merchant(shopCode, applied("2025-03-03"))
        log.complaint("early", received("2025-03-05", due: "2025-03-14"))
        log.complaint("early", accepted("2025-03-06", mediationDue: "2025-05-12"))
        let paid = ComplaintEvent.Compensated(paidOn: day("2025-03-07"), amountFen: 10_000, payer: .priorCompensationFund, kind: .refund)
        let position = log.complaint("early", .compensated(paid))
        log.merchant(shopCode, .pledged(on: day("2025-03-10"), pledge: Pledge(kind: .priorCompensation, fundFen: 50_000)))
        log.complaint("later", received("2025-03-10", due: "2025-03-19"))
        log.complaint("later", accepted("2025-03-10", mediationDue: "2025-05-16"))
        log.complaint("later", .compensated(.init(paidOn: day("2025-03-10"), amountFen: 20_000, payer: .priorCompensationFund, kind: .refund)))
        log.complaint("early", .corrected(.init(on: day("2025-03-11"), corrects: position, reason: "重复", original: .compensated(paid), replacement: nil)))
        let standing = try #require(try TierQueries.standing(log.rows(TiersProjection.self), merchant: shopCode))
        #expect(standing.depositBalanceFen == 30_000 && standing.depositDrawnFen == 20_000)
    }

    /// A penalty decided on a report about the merchant is a violation: 预警库 until rectified. A case closed
    /// without a penalty, or a report that names no credit code, moves no one.
    @Test func aPenaltyDecidedOnAReportWarns() throws {
        var log = EventLog()
        log.add(.policy(.tierPolicyAdopted(.standard)))
        log.merchant(shopCode, applied("2025-03-03"))
        log.merchant(shopCode, .regulatorReviewed(on: day("2025-03-10"), passed: true, reasons: []))
        func report(_ id: String, merchant: UnifiedSocialCreditCode?) {
            log.add(.report(id: id, .received(.init(
                receivedOn: day("2025-04-01"), channel: .online12315, reporter: "r", reporterName: nil, reporterPhone: nil, merchant: merchant,
                merchantName: "长兴放心超市", allegation: "虚假宣传", receivedRegion: try! RegionCode("330522"), regime: .order20,
                verificationDue: Deadline(date: day("2025-04-22"), isProvisional: false)))))
        }
        report("no-penalty", merchant: shop)
        log.add(.report(id: "no-penalty", .caseClosed(on: day("2025-05-06"), penaltyFen: 0, decision: "不予处罚")))
        report("unnamed", merchant: nil)
        log.add(.report(id: "unnamed", .caseClosed(on: day("2025-05-06"), penaltyFen: 10_000, decision: "罚款")))
        #expect(try TierQueries.standing(log.rows(TiersProjection.self), merchant: shopCode)?.tier == .cultivation)
        report("fined", merchant: shop)
        let fined = log.add(.report(id: "fined", .caseClosed(on: day("2025-05-07"), penaltyFen: 20_000, decision: "罚款二百元")))
        let warned = try #require(try TierQueries.standing(log.rows(TiersProjection.self), merchant: shopCode))
        #expect(warned.tier == .warning && warned.since == day("2025-05-07") && warned.causes == [fined])
        log.merchant(shopCode, .rectified(on: day("2025-05-20"), description: "整改完毕"))
        log.close(day("2025-06-19"))
        #expect(try TierQueries.standing(log.rows(TiersProjection.self), merchant: shopCode)?.tier == .cultivation)
    }

    /// Three complaints accepted within 90 days warn; when the first falls out of the window the warning lifts.
    @Test func complaintsInTheWindowWarnAndExpire() throws {
        var log = EventLog()
        log.merchant(shopCode, applied("2025-01-02"))
        log.merchant(shopCode, .regulatorReviewed(on: day("2025-01-10"), passed: true, reasons: []))
        var accepts: [UInt64] = []
        for (index, on) in ["2025-02-03", "2025-03-03", "2025-04-01"].enumerated() {
            log.complaint("c\(index)", received(on, due: on))
            accepts.append(log.complaint("c\(index)", accepted(on, mediationDue: "2025-06-30")))
        }
        // A complaint about another merchant counts for no one here.
        log.complaint("other", received("2025-04-01", merchant: nil, due: "2025-04-10"))
        let rows = log.rows(TiersProjection.self)
        let standing = try #require(try TierQueries.standing(rows, merchant: shopCode))
        #expect(standing.tier == .warning)
        #expect(standing.causes == accepts)

        log.close(day("2025-05-03"))   // 2025-02-03 is 89 days back: still inside
        #expect(try TierQueries.standing(log.rows(TiersProjection.self), merchant: shopCode)?.tier == .warning)
        let lifted = log.close(day("2025-05-04"))
        let after = log.rows(TiersProjection.self)
        #expect(try TierQueries.standing(after, merchant: shopCode)?.tier == .cultivation)
        #expect(try TierQueries.history(after, merchant: shopCode).last?.position == lifted)
        #expect(try TierQueries.counts(after).first { $0.tier == .cultivation }?.merchants == 1)
    }

    /// A stricter policy recorded in the log is the one applied.
    @Test func recordedPolicyGoverns() throws {
        var strict = TierPolicy.standard
        strict.version = "strict-1"
        strict.starLibraryMinimumStars = 5
        var log = EventLog()
        log.add(.policy(.tierPolicyAdopted(strict)))
        log.merchant(shopCode, applied("2025-03-03"))
        log.merchant(shopCode, .regulatorReviewed(on: day("2025-03-10"), passed: true, reasons: []))
        log.merchant(shopCode, .evaluated(on: day("2025-06-30"), score: 90, stars: 4, rank: nil))
        let rows = log.rows(TiersProjection.self)
        #expect(try TierQueries.standing(rows, merchant: shopCode)?.tier == .cultivation)
        #expect(try TierQueries.history(rows, merchant: shopCode).last?.policy == "strict-1")
        // A restored projection continues with the recorded policy.
        var restored = try TiersProjection(rows: rows)
        try restored.apply(ProjectionEvent(position: 9, recordedAt: 0, actorID: "t",
                                       fact: .merchant(code: shopCode, .evaluated(on: day("2025-12-30"), score: 95, stars: 5, rank: nil))))
        let changes = SortedRows(restored.takeChanges())
        #expect(try TierQueries.standing(changes, merchant: shopCode)?.tier == .starRated)
    }

    /// The counts the fold keeps add up to the standings, by region, also when a restored projection moves a
    /// merchant on: what `fangxin tiers` and `/v1/tiers` show without decoding every standing.
    @Test func countsFollowTheStandingsAcrossRestores() throws {
        let other = try UnifiedSocialCreditCode("91330421MA28JJY015")
        var log = EventLog()
        log.merchant(shopCode, applied("2025-01-02"))
        log.merchant(shopCode, .regulatorReviewed(on: day("2025-01-10"), passed: true, reasons: []))
        log.merchant(other.description, .applied(on: day("2025-01-05"), code: other, name: "嘉善商户", region: try RegionCode("330421"),
                                                 industry: "餐饮", address: "嘉善县", route: .selfDeclared))
        for (index, on) in ["2025-02-03", "2025-03-03", "2025-04-01"].enumerated() {
            log.complaint("c\(index)", received(on, due: on))
            log.complaint("c\(index)", accepted(on, mediationDue: "2025-06-30"))
        }
        let warned = log.rows(TiersProjection.self)
        #expect(try counts(warned) == [.selectionPool: 1, .warning: 1])
        #expect(try counts(warned) == derived(warned))
        #expect(try counts(warned, region: "330500") == [.warning: 1])
        #expect(try counts(warned, region: "330421") == [.selectionPool: 1])

        // The runner's way: restore from the stored rows, fold on, store what changed over them.
        var restored = try TiersProjection(rows: warned)
        try restored.apply(ProjectionEvent(position: 100, recordedAt: 0, actorID: "t", fact: .clock(.dayClosed(day("2025-05-04")))))
        var stored = Dictionary(uniqueKeysWithValues: warned.rows.map { ($0.key, $0.value) })
        for row in restored.takeChanges() { stored[row.key] = row.value }
        let lifted = SortedRows(stored.map { Row(key: $0.key, value: $0.value) })
        #expect(try counts(lifted) == [.selectionPool: 1, .cultivation: 1])
        #expect(try counts(lifted) == derived(lifted))
    }

    private func counts(_ rows: SortedRows, region: String? = nil) throws -> [Tier: Int] {
        let counted = try TierQueries.counts(rows, region: region.map { try RegionCode($0) })
        return Dictionary(uniqueKeysWithValues: counted.filter { $0.merchants > 0 }.map { ($0.tier, $0.merchants) })
    }

    private func derived(_ rows: SortedRows) throws -> [Tier: Int] {
        Dictionary(try TierQueries.standings(rows).compactMap(\.tier).map { ($0, 1) }, uniquingKeysWith: +)
    }
}

@Suite struct TierCorrectionTests {
    /// A cultivated merchant sent to 预警库 on 07-01 by a violation that was another merchant's: the violation
    /// voided on 07-04, no warning trigger remains, and it is back in 培育库 from that day, the correction the cause.
    @Test func aViolationVoidedReleasesTheMerchant() throws {
        var log = EventLog()
        log.add(.policy(.tierPolicyAdopted(.standard)))
        log.merchant(shopCode, applied("2025-03-03"))
        log.merchant(shopCode, .regulatorReviewed(on: day("2025-03-10"), passed: true, reasons: []))
        let typed = MerchantEvent.violationRecorded(on: day("2025-07-01"), kind: .violation, description: "虚假宣传", penaltyFen: nil)
        let violation = log.merchant(shopCode, typed)
        #expect(try TierQueries.standing(log.rows(TiersProjection.self), merchant: shopCode)?.tier == .warning)
        // Amended, it still counts: a description says nothing of the tier.
        var meant = typed
        if case let .violationRecorded(on, kind, _, penalty) = typed { meant = .violationRecorded(on: on, kind: kind, description: "价格欺诈", penaltyFen: penalty) }
        log.merchant(shopCode, .corrected(.init(on: day("2025-07-03"), corrects: violation, reason: "描述有误", original: typed, replacement: meant)))
        #expect(try TierQueries.standing(log.rows(TiersProjection.self), merchant: shopCode)?.tier == .warning)
        let voided = log.merchant(shopCode, .corrected(.init(on: day("2025-07-04"), corrects: violation, reason: "误录他户", original: meant, replacement: nil)))

        let rows = log.rows(TiersProjection.self)
        let standing = try #require(try TierQueries.standing(rows, merchant: shopCode))
        #expect(standing.tier == .cultivation && standing.since == day("2025-07-04") && standing.sincePosition == voided)
        let history = try TierQueries.history(rows, merchant: shopCode)
        #expect(history.map(\.to) == [.selectionPool, .cultivation, .warning, .cultivation])
        #expect(history.last?.reason == "no warning trigger remains" && history.last?.causes == [voided])
        // What the system showed on 07-02 it still shows as of then: the history is kept, not rewritten.
        #expect(try TierQueries.standing(log.rows(TiersProjection.self, through: voided - 1), merchant: shopCode)?.tier == .warning)
    }

    /// Two open issues, one voided: the other keeps the merchant in 预警库, and the reason counts one.
    @Test func whatStillStandsKeepsTheWarning() throws {
        var log = EventLog()
        log.add(.policy(.tierPolicyAdopted(.standard)))
        log.merchant(shopCode, applied("2025-03-03"))
        log.merchant(shopCode, .regulatorReviewed(on: day("2025-03-10"), passed: true, reasons: []))
        let listing = MerchantEvent.abnormalListChanged(on: day("2025-07-01"), listed: true, reason: "住所无法联系")
        let listed = log.merchant(shopCode, listing)
        let violation = log.merchant(shopCode, .violationRecorded(on: day("2025-07-02"), kind: .violation, description: "虚假宣传", penaltyFen: nil))
        log.merchant(shopCode, .corrected(.init(on: day("2025-07-04"), corrects: listed, reason: "误录", original: listing, replacement: nil)))
        let standing = try #require(try TierQueries.standing(log.rows(TiersProjection.self), merchant: shopCode))
        #expect(standing.tier == .warning && standing.reason == "1 violation(s) not rectified" && standing.causes == [violation])
    }
}

@Suite struct VoidedCaseTierTests {
    /// Three complaints accepted within 90 days put a merchant in 预警库 (threshold 3); the second was about another
    /// merchant, received in error. Its receipt voided on 04-10, two remain, and the merchant is back in 培育库 that
    /// day. Its ¥300 prior compensation goes back to the deposit.
    @Test func aVoidedComplaintNoLongerCountsAgainstItsMerchant() throws {
        var log = EventLog()
        log.add(.policy(.tierPolicyAdopted(.standard)))
        log.merchant(shopCode, applied("2025-01-02"))
        log.merchant(shopCode, .regulatorReviewed(on: day("2025-01-10"), passed: true, reasons: []))
        log.merchant(shopCode, .pledged(on: day("2025-01-11"), pledge: Pledge(kind: .priorCompensation, fundFen: 200_000)))
        var accepts: [UInt64] = []
        for (index, on) in ["2025-02-03", "2025-03-03", "2025-04-01"].enumerated() {
            log.complaint("c\(index)", received(on, due: on))
            accepts.append(log.complaint("c\(index)", accepted(on, mediationDue: "2025-06-30")))
        }
        let paid = log.complaint("c1", .compensated(.init(paidOn: day("2025-04-02"), amountFen: 30_000, payer: .priorCompensationFund, kind: .refund)))
        func standing() throws -> MerchantStanding { try #require(try TierQueries.standing(log.rows(TiersProjection.self), merchant: shopCode)) }
        #expect(try standing().tier == .warning && standing().depositBalanceFen == 170_000)

        let voided = log.complaint("c1", .corrected(.init(on: day("2025-04-10"), corrects: accepts[1] - 1, reason: "误登记：被投诉人错误",
                                                          original: received("2025-03-03", due: "2025-03-03"), replacement: nil,
                                                          voidedWith: [accepts[1], paid])))
        let now = try standing()
        #expect(now.tier == .cultivation && now.since == day("2025-04-10") && now.sincePosition == voided)
        #expect(now.depositBalanceFen == 200_000 && now.depositDrawnFen == 0)
        #expect(try TierQueries.history(log.rows(TiersProjection.self), merchant: shopCode).last?.causes == [voided])
        // A later complaint on c1's id (only a hand-made log has one) names no merchant here.
        log.complaint("c1", accepted("2025-04-11", mediationDue: "2025-06-30"))
        #expect(try standing().tier == .cultivation)
    }
}

@Suite struct VoidedReportTests {
    /// A report received against the wrong merchant and closed with a ¥200 penalty sent the merchant to 预警库 on
    /// 05-07. Its receipt voided on 05-09: the penalty no longer counts, and the merchant is back in 培育库 that day;
    /// the report leaves the statistics and the supervision list.
    @Test func aVoidedReportNoLongerCountsAnywhere() throws {
        var log = EventLog()
        log.add(.policy(.tierPolicyAdopted(.standard)))
        log.merchant(shopCode, applied("2025-03-03"))
        log.merchant(shopCode, .regulatorReviewed(on: day("2025-03-10"), passed: true, reasons: []))
        let receipt = ReportEvent.received(.init(
            receivedOn: day("2025-04-01"), channel: .online12315, reporter: "r", reporterName: nil, reporterPhone: nil, merchant: shop,
            merchantName: "长兴放心超市", allegation: "虚假宣传", receivedRegion: try RegionCode("330522"), regime: .order20,
            verificationDue: Deadline(date: day("2025-04-22"), isProvisional: false)))
        let received = log.add(.report(id: "wrong", receipt))
        let decided = log.add(.report(id: "wrong", .caseDecided(on: day("2025-04-20"), filed: true, reference: "立案",
                                                                decisionDue: Deadline(date: day("2025-07-20"), isProvisional: false))))
        let fined = log.add(.report(id: "wrong", .caseClosed(on: day("2025-05-07"), penaltyFen: 20_000, decision: "罚款二百元")))
        #expect(try TierQueries.standing(log.rows(TiersProjection.self), merchant: shopCode)?.tier == .warning)
        #expect(try StatisticsQuery().run(log.rows(StatisticsProjection.self)).first?.indicators.reportsReceived == 1)
        let voided = log.add(.report(id: "wrong", .corrected(.init(on: day("2025-05-09"), corrects: received, reason: "误登记：被举报人错误",
                                                                   original: receipt, replacement: nil, voidedWith: [decided, fined]))))
        let standing = try #require(try TierQueries.standing(log.rows(TiersProjection.self), merchant: shopCode))
        #expect(standing.tier == .cultivation && standing.since == day("2025-05-09") && standing.sincePosition == voided)
        #expect(try StatisticsQuery().run(log.rows(StatisticsProjection.self)).first?.indicators.reportsReceived ?? 0 == 0)
    }

    /// A report whose verification ran past its last day (04-22) is overdue on 04-23; its receipt voided on 04-24, no
    /// list shows it, while a list as of the position before the void still does.
    @Test func aVoidedReportLeavesTheSupervisionList() throws {
        var log = EventLog()
        let receipt = ReportEvent.received(.init(
            receivedOn: day("2025-04-01"), channel: .online12315, reporter: "r", reporterName: nil, reporterPhone: nil, merchant: shop,
            merchantName: "长兴放心超市", allegation: "虚假宣传", receivedRegion: try RegionCode("330522"), regime: .order20,
            verificationDue: Deadline(date: day("2025-04-22"), isProvisional: false)))
        let received = log.add(.report(id: "open", receipt))
        let voided = log.add(.report(id: "open", .corrected(.init(on: day("2025-04-24"), corrects: received, reason: "误登记", original: receipt, replacement: nil))))
        func listed(through: UInt64) throws -> [String] {
            try SupervisionQueries.list(log.rows(SupervisionProjection.self, through: through), on: day("2025-04-23"), dueWithin: 0).map { "\($0.clock.id) \($0.status.rawValue)" }
        }
        #expect(try listed(through: voided - 1) == ["open overdue"])
        #expect(try listed(through: voided).isEmpty)
    }
}
