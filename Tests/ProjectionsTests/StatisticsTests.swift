import Domain
import Projections
import Testing

@Suite struct StatisticsTests {
    /// Four complaints with known outcomes give the indicators docs/STATISTICS.md defines, counted by hand.
    @Test func indicatorsFollowTheirDefinitions() throws {
        var log = EventLog()
        // a: accepted on time, mediated to agreement, 500 yuan recovered, closed on time, feedback, satisfied.
        log.complaint("a", received("2025-03-03", due: "2025-03-12"))
        log.complaint("a", accepted("2025-03-05", mediationDue: "2025-05-09"))
        log.complaint("a", .mediationEnded(.init(endedOn: day("2025-03-20"), outcome: .agreement, reason: nil)))
        log.complaint("a", .compensated(.init(paidOn: day("2025-03-21"), amountFen: 50_000, payer: .merchant, kind: .refund)))
        log.complaint("a", .closed(.init(closedOn: day("2025-03-25"))))
        log.complaint("a", .feedbackGiven(on: day("2025-03-25")))
        log.complaint("a", .satisfactionRated(on: day("2025-03-28"), satisfied: true))
        // b: accepted late, mediation failed, closed after its deadline, no feedback, unsatisfied.
        log.complaint("b", received("2025-03-10", region: "330421", due: "2025-03-19"))
        log.complaint("b", accepted("2025-03-21", mediationDue: "2025-05-26"))
        log.complaint("b", .mediationEnded(.init(endedOn: day("2025-05-20"), outcome: .failed, reason: nil)))
        log.complaint("b", .closed(.init(closedOn: day("2025-06-02"))))
        log.complaint("b", .satisfactionRated(on: day("2025-06-05"), satisfied: false))
        // c: not accepted, on time; cross-region.
        log.complaint("c", received("2025-03-15", region: "320412", merchantRegion: "330522", channel: .online12315, due: "2025-03-24"))
        log.complaint("c", .notAccepted(.init(decidedOn: day("2025-03-18"), ground: .outsideJurisdiction, note: nil)))
        // d: accepted, still open; a service complaint.
        log.complaint("d", received("2025-04-02", category: .service, due: "2025-04-11"))
        log.complaint("d", accepted("2025-04-03", mediationDue: "2025-06-10"))
        // Last year's March: two complaints, for growth on the same period.
        log.complaint("old1", received("2024-03-04", due: "2024-03-13"))
        log.complaint("old2", received("2024-03-28", due: "2024-04-08"))

        let rows = log.rows(StatisticsProjection.self)
        let all = try #require(try StatisticsQuery(from: day("2025-03-01"), to: day("2025-04-30")).run(rows).first)
        let figures = all.indicators
        #expect(figures.received == 4)
        #expect(figures.accepted == 3 && figures.notAccepted == 1)
        #expect(figures.decidedOnTime == 3)
        #expect(figures.closed == 2 && figures.closedOnTime == 1)
        #expect(figures.closureRate.percent == "66.67")
        #expect(figures.onTimeAcceptanceRate.percent == "75.00")
        #expect(figures.onTimeClosureRate.percent == "50.00")
        #expect(figures.mediationSuccessRate.percent == "50.00")
        #expect(figures.recoveredFen == 50_000)
        #expect(figures.feedbackRate.percent == "50.00")
        #expect(figures.satisfactionRate.percent == "50.00")
        #expect(figures.crossRegion == 2)   // b and c
        #expect(all.receivedYearBefore == 2 && all.growth == "100.00")

        // Counties roll up to cities and provinces by their codes.
        let cities = try StatisticsQuery(groupBy: .city).run(rows)
        #expect(cities.map(\.group) == ["320400", "330400", "330500"])
        #expect(cities.map(\.indicators.received) == [1, 1, 4])
        let zhejiang = try StatisticsQuery(region: try RegionCode("330000"), groupBy: .province).run(rows)
        #expect(zhejiang.map(\.group) == ["330000"] && zhejiang[0].indicators.received == 5)
        let months = try StatisticsQuery(from: day("2025-03-01"), to: day("2025-04-30"), groupBy: .month).run(rows)
        #expect(months.map(\.group) == ["2025-03", "2025-04"])
        #expect(months.map(\.receivedYearBefore) == [2, 0])
        #expect(try StatisticsQuery(category: .service).run(rows).first?.indicators.received == 1)
        #expect(try StatisticsQuery(channel: .online12315).run(rows).first?.indicators.received == 1)
        let top = try StatisticsQuery(groupBy: .merchant, top: 1).run(rows)
        #expect(top.count == 1 && top[0].group == shopCode && top[0].indicators.received == 6)
    }

    /// The top merchants come from the ranking, which follows each receipt, a second receipt that moves a
    /// complaint, ties and a name too long for a key as the facts would.
    @Test func theRankingFollowsReceiptsAndBreaksTiesByName() throws {
        var log = EventLog()
        let long = String(repeating: "长", count: 100)   // 300 bytes: ordered by its first 248 and a hash
        for (id, name, on) in [("a1", "A", "2025-02-01"), ("b1", "B", "2025-02-02"), ("b2", "B", "2025-03-02"), ("a2", "A", "2025-03-01"),
                               ("x", "C", "2025-05-01"), ("l1", long, "2025-06-01")] {
            log.complaint(id, received(on, merchant: nil, merchantName: name, due: "2025-12-31"))
        }
        // Received again: about A, and a year earlier. C has no complaint left.
        log.complaint("x", received("2024-06-01", merchant: nil, merchantName: "A", due: "2024-12-31"))
        let rows = log.rows(StatisticsProjection.self)
        func top(_ n: Int, _ from: String? = nil, _ to: String? = nil) throws -> [String] {
            try StatisticsQuery(from: from.map(day), to: to.map(day), groupBy: .merchant, top: n).run(rows)
                .map { "\($0.group.count > 10 ? "long" : $0.group) \($0.indicators.received)" }
        }
        #expect(try top(2) == ["A 3", "B 2"])
        #expect(try top(9, "2025-01-01", "2025-12-31") == ["A 2", "B 2", "long 1"])
        #expect(try top(1, "2024-01-01", "2024-12-31") == ["A 1"])
        #expect(try StatisticsQuery(merchant: "C").run(rows).isEmpty)
        #expect(try StatisticsQuery(merchant: "A", groupBy: .year).run(rows).map { "\($0.group) \($0.indicators.received)" } == ["2024 1", "2025 2"])
        #expect(try StatisticsQuery(merchant: long).run(rows).first?.indicators.received == 1)
        // A tie among the top is broken by the name's bytes, whichever rows answer.
        #expect(try top(1, "2025-01-01", "2025-12-31") == ["A 2"])
    }

    /// On time is judged against the last day a suspension moved: accepted on 03-28, after the first last day
    /// (03-19) but before the resumed one (03-31), is on time; closed after the moved mediation limit is not.
    @Test func onTimeFollowsTheLastDayASuspensionMoved() throws {
        var log = EventLog()
        log.complaint("a", received("2025-03-10", due: "2025-03-19"))
        log.complaint("a", .clockSuspended(on: day("2025-03-12"), limit: .acceptance, reason: .consumerDelay, note: nil))
        log.complaint("a", .clockResumed(on: day("2025-03-24"), limit: .acceptance, due: Deadline(date: day("2025-03-31"), isProvisional: false)))
        log.complaint("a", accepted("2025-03-28", mediationDue: "2025-06-05"))
        log.complaint("a", .clockSuspended(on: day("2025-04-01"), limit: .mediation, reason: .testingOrAppraisal, note: nil))
        log.complaint("a", .clockResumed(on: day("2025-04-02"), limit: .mediation, due: Deadline(date: day("2025-06-06"), isProvisional: false)))
        log.complaint("a", .closed(.init(closedOn: day("2025-06-09"))))
        let figures = try #require(try StatisticsQuery().run(log.rows(StatisticsProjection.self)).first).indicators
        #expect(figures.decidedOnTime == 1 && figures.closed == 1 && figures.closedOnTime == 0)
        log.complaint("b", received("2025-03-10", due: "2025-03-19"))
        log.complaint("b", accepted("2025-03-28", mediationDue: "2025-06-05"))
        #expect(try StatisticsQuery().run(log.rows(StatisticsProjection.self)).first?.indicators.decidedOnTime == 1)
    }

    /// Losses recovered keep the kinds apart, in the totals as in the facts, and add up to the total.
    @Test func recoveredLossesKeepTheirKindsApart() throws {
        var log = EventLog()
        log.complaint("a", received("2025-03-03", due: "2025-03-12"))
        log.complaint("a", accepted("2025-03-05", mediationDue: "2025-05-09"))
        log.complaint("a", .compensated(.init(paidOn: day("2025-03-06"), amountFen: 5_000, payer: .priorCompensationFund, kind: .refund)))
        log.complaint("a", .compensated(.init(paidOn: day("2025-03-07"), amountFen: 100_000, payer: .merchant, kind: .punitive, basis: .foodSafetyArt148)))
        log.complaint("b", received("2025-03-20", due: "2025-03-31"))
        log.complaint("b", accepted("2025-03-21", mediationDue: "2025-05-26"))
        log.complaint("b", .compensated(.init(paidOn: day("2025-03-24"), amountFen: 2_000, payer: .merchant, kind: .compensation)))
        log.complaint("b", .compensated(.init(paidOn: day("2025-03-24"), amountFen: 3_000, payer: .merchant, kind: .refund)))
        let rows = log.rows(StatisticsProjection.self)
        for query in [StatisticsQuery(from: day("2025-03-01"), to: day("2025-03-31")), StatisticsQuery(from: day("2025-03-02"), to: day("2025-03-31"))] {
            let figures = try #require(try query.run(rows).first).indicators
            #expect(figures.recoveredFen == 110_000)
            #expect(figures.recoveredByKind.amounts.map { "\($0.kind.importName) \($0.fen)" } == ["refund 8000", "compensation 2000", "punitive 100000"])
        }
    }

    /// A corrected complaint counts as if its events had been recorded right the first time, in the totals as in
    /// the facts: its category, a voided cross-store refund, an outcome and a rating amended.
    @Test func correctionsCountAsIfRecordedRight() throws {
        func story(_ category: ComplaintCategory, refund: Bool, outcome: MediationOutcome, satisfied: Bool, corrected: Bool) -> EventLog {
            var log = EventLog()
            let receipt = log.complaint("a", received("2025-03-03", category: category, due: "2025-03-12"))
            log.complaint("a", accepted("2025-03-05", mediationDue: "2025-05-09"))
            let paid = ComplaintEvent.Compensated(paidOn: day("2025-03-06"), amountFen: 5_000, payer: .merchant, kind: .refund, returnStore: "湖州店")
            let payment = refund ? log.complaint("a", .compensated(paid)) : 0
            log.complaint("a", .compensated(.init(paidOn: day("2025-03-06"), amountFen: 700, payer: .merchant, kind: .compensation)))
            log.complaint("a", .mediationStarted(.init(startedOn: day("2025-03-07"), mode: .administrative)))
            let end = ComplaintEvent.MediationEnded(endedOn: day("2025-03-10"), outcome: outcome, reason: nil)
            let ending = log.complaint("a", .mediationEnded(end))
            log.complaint("a", .closed(.init(closedOn: day("2025-03-11"))))
            log.complaint("a", .feedbackGiven(on: day("2025-03-12")))
            let rating = log.complaint("a", .satisfactionRated(on: day("2025-03-13"), satisfied: satisfied))
            log.complaint("b", received("2025-03-04", due: "2025-03-13"))
            guard corrected else { return log }
            func correct(_ position: UInt64, _ original: ComplaintEvent, _ replacement: ComplaintEvent?) {
                log.complaint("a", .corrected(.init(on: day("2025-03-20"), corrects: position, reason: "录入错误", original: original, replacement: replacement)))
            }
            correct(receipt, received("2025-03-03", category: category, due: "2025-03-12"), received("2025-03-03", category: .service, due: "2025-03-12"))
            correct(payment, .compensated(paid), nil)
            var agreed = end
            agreed.outcome = .agreement
            correct(ending, .mediationEnded(end), .mediationEnded(agreed))
            correct(rating, .satisfactionRated(on: day("2025-03-13"), satisfied: satisfied), .satisfactionRated(on: day("2025-03-13"), satisfied: true))
            return log
        }
        let right = story(.service, refund: false, outcome: .agreement, satisfied: true, corrected: false).rows(StatisticsProjection.self)
        let corrected = story(.goods, refund: true, outcome: .failed, satisfied: false, corrected: true).rows(StatisticsProjection.self)
        for query in [StatisticsQuery(groupBy: .category), StatisticsQuery(from: day("2025-03-02"), to: day("2025-03-31"), groupBy: .category)] {
            let figures = try query.run(corrected)
            #expect(try figures.map(\.indicators) == query.run(right).map(\.indicators))
            let service = try #require(figures.first { $0.group == "service" }?.indicators)
            #expect(service.received == 1 && service.recoveredFen == 700 && service.crossStoreReturns == 0)
            #expect(service.mediationAgreements == 1 && service.satisfied == 1)
            #expect(figures.first { $0.group == "goods" }?.indicators.received == 1)   // "b" alone
        }
    }

    /// A case received in error and voided counts as if never received: the totals, the period's facts and the
    /// merchant ranking are those of a log without it, whether read from the totals or from the facts.
    @Test func aVoidedCaseCountsAsNeverReceived() throws {
        func story(withMistake: Bool) -> EventLog {
            var log = EventLog()
            log.complaint("a", received("2025-03-03", due: "2025-03-12"))
            log.complaint("a", accepted("2025-03-05", mediationDue: "2025-05-09"))
            if withMistake {
                let receipt = log.complaint("wrong", received("2025-03-04", due: "2025-03-13"))
                let accept = log.complaint("wrong", accepted("2025-03-05", mediationDue: "2025-05-09"))
                let pay = log.complaint("wrong", .compensated(.init(paidOn: day("2025-03-06"), amountFen: 9_900, payer: .merchant, kind: .refund)))
                log.complaint("wrong", .corrected(.init(on: day("2025-03-20"), corrects: receipt, reason: "误登记", original: received("2025-03-04", due: "2025-03-13"),
                                                        replacement: nil, voidedWith: [accept, pay])))
            }
            log.complaint("b", received("2025-03-06", merchant: nil, merchantName: "另一家店", due: "2025-03-13"))
            return log
        }
        let right = story(withMistake: false).rows(StatisticsProjection.self), voided = story(withMistake: true).rows(StatisticsProjection.self)
        for query in [StatisticsQuery(), StatisticsQuery(from: day("2025-03-02"), to: day("2025-03-31")), StatisticsQuery(groupBy: .merchant, top: 5),
                      StatisticsQuery(merchant: shopCode)] {
            #expect(try query.run(voided).map(\.indicators) == query.run(right).map(\.indicators), "\(query)")
            #expect(try query.run(voided).map(\.group) == query.run(right).map(\.group), "\(query)")
        }
        #expect(try StatisticsQuery(merchant: shopCode).run(voided).first?.indicators.received == 1)
    }

    /// Cross-region compares regions by containment; feedback and satisfaction count over the same closed complaints.
    @Test func crossRegionIsByContainmentAndRatesShareTheirPopulation() throws {
        var log = EventLog()
        log.complaint("city", received("2025-03-03", region: "330421", merchantRegion: "330400", due: "2025-03-12"))     // its own city
        log.complaint("province", received("2025-03-03", region: "330000", merchantRegion: "330522", due: "2025-03-12"))
        log.complaint("county", received("2025-03-03", region: "330421", merchantRegion: "330402", due: "2025-03-12"))  // another county
        log.complaint("refused", received("2025-03-04", due: "2025-03-13"))
        log.complaint("refused", .notAccepted(.init(decidedOn: day("2025-03-05"), ground: .outsideJurisdiction, note: nil)))
        log.complaint("refused", .closed(.init(closedOn: day("2025-03-05"))))
        log.complaint("refused", .feedbackGiven(on: day("2025-03-06")))
        log.complaint("refused", .satisfactionRated(on: day("2025-03-07"), satisfied: false))
        log.complaint("closed", received("2025-03-04", due: "2025-03-13"))
        log.complaint("closed", accepted("2025-03-05", mediationDue: "2025-05-12"))
        log.complaint("closed", .closed(.init(closedOn: day("2025-03-10"))))
        log.complaint("closed", .feedbackGiven(on: day("2025-03-10")))
        log.complaint("closed", .satisfactionRated(on: day("2025-03-11"), satisfied: true))
        let figures = try #require(try StatisticsQuery().run(log.rows(StatisticsProjection.self)).first).indicators
        #expect(figures.crossRegion == 1)
        #expect(figures.closed == 1 && figures.feedbackGiven == 1 && figures.rated == 1 && figures.satisfied == 1)
        #expect(figures.feedbackRate.percent == "100.00" && figures.satisfactionRate.percent == "100.00")
    }

    /// A report's corrected penalty, reward and finding count as they now stand.
    @Test func reportCorrectionsCountAsTheyNowStand() throws {
        var log = EventLog()
        log.add(.report(id: "r", .received(.init(
            receivedOn: day("2025-06-09"), channel: .online12315, reporter: "r", reporterName: nil, reporterPhone: nil, merchant: shop,
            merchantName: "长兴放心超市", allegation: "a", receivedRegion: try! RegionCode("330522"), regime: .order20,
            verificationDue: Deadline(date: day("2025-06-30"), isProvisional: false)))))
        let verified = log.add(.report(id: "r", .verified(on: day("2025-06-20"), substantiated: true, findings: "f")))
        log.add(.report(id: "r", .caseDecided(on: day("2025-06-23"), filed: true, reference: "x")))
        let closed = log.add(.report(id: "r", .caseClosed(on: day("2025-07-02"), penaltyFen: 5_000_000, decision: "d")))
        let paid = log.add(.report(id: "r", .rewardPaid(on: day("2025-07-15"), amountFen: 300_000)))
        func figures() throws -> Indicators { try #require(try StatisticsQuery().run(log.rows(StatisticsProjection.self)).first).indicators }
        #expect(try figures().penaltiesFen == 5_000_000 && figures().rewardsFen == 300_000 && figures().reportsSubstantiated == 1)
        func correct(_ position: UInt64, _ original: ReportEvent, _ replacement: ReportEvent?) {
            log.add(.report(id: "r", .corrected(.init(on: day("2025-07-20"), corrects: position, reason: "r", original: original, replacement: replacement))))
        }
        correct(closed, .caseClosed(on: day("2025-07-02"), penaltyFen: 5_000_000, decision: "d"), .caseClosed(on: day("2025-07-02"), penaltyFen: 500_000, decision: "d"))
        correct(paid, .rewardPaid(on: day("2025-07-15"), amountFen: 300_000), nil)
        #expect(try figures().penaltiesFen == 500_000 && figures().rewardsFen == 0 && figures().casesPenalized == 1)
        // Not a history a decider records (the case stays filed), but the fold takes what it is given.
        correct(verified, .verified(on: day("2025-06-20"), substantiated: true, findings: "f"), .verified(on: day("2025-06-20"), substantiated: false, findings: "f"))
        #expect(try figures().reportsSubstantiated == 0)
    }

    /// Reports count beside complaints: 接收量 is both; a report is decided on time by its verification limit.
    @Test func reportsCountBesideComplaints() throws {
        var log = EventLog()
        func report(_ id: String, _ on: String, due: String, region: String = "330522") {
            log.add(.report(id: id, .received(.init(
                receivedOn: day(on), channel: .online12315, reporter: "r", reporterName: nil, reporterPhone: nil, merchant: shop,
                merchantName: "长兴放心超市", allegation: "a", receivedRegion: try! RegionCode(region), regime: .order20,
                verificationDue: Deadline(date: day(due), isProvisional: false)))))
        }
        report("r1", "2025-03-03", due: "2025-03-24")
        log.add(.report(id: "r1", .verified(on: day("2025-03-10"), substantiated: true, findings: "属实")))
        log.add(.report(id: "r1", .caseDecided(on: day("2025-03-20"), filed: true, reference: "长市监立〔2025〕12号")))
        log.add(.report(id: "r1", .caseClosed(on: day("2025-04-30"), penaltyFen: 50_000, decision: "罚款")))
        log.add(.report(id: "r1", .rewardPaid(on: day("2025-05-06"), amountFen: 2_000)))
        report("r2", "2025-03-05", due: "2025-03-26", region: "330421")
        log.add(.report(id: "r2", .verified(on: day("2025-03-25"), substantiated: false, findings: "不属实")))
        log.add(.report(id: "r2", .caseDecided(on: day("2025-03-27"), filed: false, reference: "证据不足")))   // a day late
        report("r0", "2024-03-05", due: "2024-03-26")
        log.complaint("c", received("2025-03-04", due: "2025-03-13"))
        log.complaint("c", accepted("2025-03-05", mediationDue: "2025-05-12"))
        let rows = log.rows(StatisticsProjection.self)
        let march = try #require(try StatisticsQuery(from: day("2025-03-01"), to: day("2025-03-31")).run(rows).first)
        let figures = march.indicators
        #expect(figures.received == 1 && figures.reportsReceived == 2 && figures.intake == 3)
        #expect(figures.reportsDecidedOnTime == 1 && figures.reportOnTimeRate.percent == "50.00")
        #expect(figures.reportsSubstantiated == 1 && figures.casesFiled == 1 && figures.casesPenalized == 1)
        #expect(figures.penaltiesFen == 50_000 && figures.rewardsFen == 2_000)
        #expect(figures.acceptanceRate.percent == "100.00")
        #expect(march.yearBefore?.reportsReceived == 1 && march.yearBefore?.received == 0)
        // By county, each report where it was received; reports have no category, so a category leaves them out.
        let counties = try StatisticsQuery(from: day("2025-03-01"), to: day("2025-03-31"), groupBy: .county).run(rows)
        #expect(counties.map { "\($0.group) \($0.indicators.received) \($0.indicators.reportsReceived)" } == ["330421 0 1", "330522 1 1"])
        #expect(try StatisticsQuery(category: .goods).run(rows).first?.indicators.reportsReceived == 0)
    }

    /// A return taken at another store (异地异店) is counted, in the totals as in the facts, once per complaint.
    @Test func crossStoreReturnsAreCounted() throws {
        var log = EventLog()
        for id in ["a", "b"] {
            log.complaint(id, received("2025-03-03", due: "2025-03-12"))
            log.complaint(id, accepted("2025-03-04", mediationDue: "2025-05-09"))
        }
        for _ in 0..<2 {
            log.complaint("a", .compensated(.init(paidOn: day("2025-03-05"), amountFen: 100, payer: .merchant, kind: .noReasonReturn,
                                                  returnStore: "留夫鸭嘉善西塘店")))
        }
        log.complaint("b", .compensated(.init(paidOn: day("2025-03-05"), amountFen: 100, payer: .merchant, kind: .refund)))
        let rows = log.rows(StatisticsProjection.self)
        for query in [StatisticsQuery(from: day("2025-03-01"), to: day("2025-03-31")), StatisticsQuery(from: day("2025-03-02"), to: day("2025-03-31"))] {
            #expect(try query.run(rows).first?.indicators.crossStoreReturns == 1)
        }
    }

    /// Mediation tracks are a dimension: each complaint counts under the mode its mediation took, or none.
    @Test func statisticsGroupByMediationTrack() throws {
        var log = EventLog()
        for (id, mode) in [("a", MediationMode.peoples), ("b", .odr), ("c", .peoples)] {
            log.complaint(id, received("2025-03-03", due: "2025-03-12"))
            log.complaint(id, accepted("2025-03-04", mediationDue: "2025-05-09"))
            log.complaint(id, .mediationStarted(.init(startedOn: day("2025-03-05"), mode: mode)))
        }
        log.complaint("b", .mediationEnded(.init(endedOn: day("2025-03-10"), outcome: .agreement, reason: nil)))
        log.complaint("b", .closed(.init(closedOn: day("2025-03-10"))))
        log.complaint("d", received("2025-03-03", due: "2025-03-12"))
        let tracks = try StatisticsQuery(groupBy: .track).run(log.rows(StatisticsProjection.self))
        #expect(tracks.map { "\($0.group) \($0.indicators.received) \($0.indicators.mediationAgreements)" } == ["none 1 0", "odr 1 1", "peoples 2 0"])
    }

    /// A rate's year on year is the difference in percentage points, from the exact counts, rounded half away from zero.
    @Test func rateChangesAreInPercentagePoints() {
        #expect(Rate.pointsChange(from: Rate(1, 4), to: Rate(1, 3)) == "8.33")       // 25% → 33.33%
        #expect(Rate.pointsChange(from: Rate(1, 2), to: Rate(2, 5)) == "-10.00")     // 50% → 40%
        #expect(Rate.pointsChange(from: Rate(3, 4), to: Rate(2, 3)) == "-8.33")      // 75% → 66.67%
        #expect(Rate.pointsChange(from: Rate(0, 1), to: Rate(1, 20_000)) == "0.01")  // +0.005 points
        #expect(Rate.pointsChange(from: Rate(1, 20_000), to: Rate(0, 1)) == "-0.01")
        #expect(Rate.pointsChange(from: Rate(0, 0), to: Rate(1, 2)) == nil)
        #expect(Rate.pointsChange(from: Rate(Int.max, Int.max), to: Rate(0, Int.max)) == "-100.00")
    }

    @Test func ratesRoundHalfUpAndGrowthKeepsItsSign() {
        #expect(Rate(92, 241).percent == "38.17")
        #expect(Rate(1_211_284, 1_761_886).percent == "68.75")
        #expect(Rate(1, 0).percent == nil)
        #expect(Rate.growth(from: 1_000, to: 849) == "-15.10")
        #expect(Rate.growth(from: 3, to: 4) == "33.33")
        #expect(Rate.growth(from: 0, to: 4) == nil)
    }
    /// Tens of thousands of complaints, past the blocks the fold keeps its facts in (16,384 to a block): each
    /// complaint's later events still reach its own facts, and the totals count them all.
    @Test func manyComplaintsKeepTheirOwnFacts() throws {
        var log = EventLog()
        let count = 40_000
        for number in 0..<count {
            log.complaint("m\(number)", received("2025-03-03", merchantName: "店\(number % 7)", due: "2025-03-12"))
        }
        // Each third is accepted, and each accepted one is paid its number in fen, in reverse order of receipt.
        for number in stride(from: count - 1, through: 0, by: -1) where number % 3 == 0 {
            log.complaint("m\(number)", accepted("2025-03-05", mediationDue: "2025-05-09"))
            log.complaint("m\(number)", .compensated(.init(paidOn: day("2025-03-06"), amountFen: Int64(number + 1), payer: .merchant, kind: .refund)))
        }
        let rows = log.rows(StatisticsProjection.self)
        let figures = try #require(try StatisticsQuery().run(rows).first).indicators
        let paid = (0..<count).filter { $0 % 3 == 0 }
        #expect(figures.received == count && figures.accepted == paid.count)
        #expect(figures.recoveredFen == Int64(paid.reduce(0) { $0 + $1 + 1 }))
        // Each complaint's own row: its id, its merchant's name, and what it alone was paid.
        var seen = 0
        for row in rows.rows {
            let description = try StatisticsProjection.describe(row), fields = description.fields
            guard description.table == "complaint", case .text(let id)? = fields.first(where: { $0.name == "complaint" })?.value, id.hasPrefix("m") else { continue }
            let number = try #require(Int(id.dropFirst()))
            let value = { (name: String) in fields.first { $0.name == name }?.value }
            #expect(value("merchantName") == .text("店\(number % 7)"), "\(id)")
            #expect(value("recoveredFen") == .integer(number % 3 == 0 ? Int64(number + 1) : 0), "\(id)")
            #expect(value("accepted") == .bool(number % 3 == 0), "\(id)")
            seen += 1
        }
        #expect(seen == count)
    }
    /// What no decider records but a log may hold: payments of a kind summing past `Int64`, a negative one, a name
    /// of 4 MiB, the calendar's last day. A payment that would take its kind's total out of range is set aside,
    /// as one taking the whole out is (docs/STATISTICS.md); the rest is counted, and every query still answers.
    @Test func aKindsTotalPastInt64IsSetAsideAndQueriesStillAnswer() throws {
        var log = EventLog()
        let name = String(repeating: "长", count: (4 << 20) / 3)
        log.complaint("x", received("9999-12-31", merchantName: name, due: "9999-12-31"))
        func paid(_ fen: Int64, _ kind: CompensationKind) -> ComplaintEvent {
            .compensated(.init(paidOn: CivilDate.latest, amountFen: fen, payer: .merchant, kind: kind))
        }
        log.complaint("x", paid(.max, .refund))
        log.complaint("x", paid(-.max, .compensation))      // the whole is back to 0
        let pastKind = log.complaint("x", paid(1, .refund))  // the whole would be 1, refunds past Int64.max
        log.complaint("x", paid(-2, .compensation))          // the whole would be -2, compensation below Int64.min
        var projection = StatisticsProjection()
        var setAside: [UInt64: String] = [:]
        for event in log.events {
            do { try projection.apply(event) } catch { setAside[event.position] = error.reason }
        }
        #expect(setAside.keys.sorted() == [pastKind, pastKind + 1])
        #expect(setAside[pastKind]?.contains("past 9223372036854775807 fen") == true)
        #expect(setAside[pastKind + 1]?.contains("past -9223372036854775808 fen") == true)

        let rows = SortedRows(projection.takeChanges())
        let complaint = try #require(try rows.rows.lazy.map(StatisticsProjection.describe).first { $0.table == "complaint" })
        #expect(complaint.fields.first { $0.name == "recoveredFen" }?.value == .integer(0))
        #expect(complaint.fields.first { $0.name == "recoveredByKind" }?.value
                == .list([.list([.text("refund"), .integer(.max)]), .list([.text("compensation"), .integer(-.max)])]))
        let figures = try #require(try StatisticsQuery(from: CivilDate.latest, to: CivilDate.latest).run(rows).first).indicators
        #expect(figures.received == 1 && figures.recoveredFen == 0)
        #expect(figures.recoveredByKind.fen(.refund) == .max && figures.recoveredByKind.fen(.compensation) == -.max)
        #expect(try StatisticsQuery(groupBy: .merchant).run(rows).map(\.indicators.received) == [1])
    }
}
