import Domain
import Testing

@Suite struct MerchantTests {
    let code = try! UnifiedSocialCreditCode("91330522MA2B3C4D57")
    let other = try! UnifiedSocialCreditCode("91350200776049653A")

    func applied(_ date: String = "2025-03-03") -> MerchantCommand {
        .apply(on: day(date), name: "长兴放心超市", region: try! RegionCode("330522"), industry: "零售",
                 address: "长兴县雉城街道", route: .selfDeclared)
    }

    func given(_ events: [MerchantCommand]) throws -> Merchant.State {
        var state = Merchant.initial
        for event in events {
            for accepted in try Merchant.decide(event, state, code: code).get() { state = Merchant.evolve(state, accepted) }
        }
        return state
    }

    func refusal(_ event: MerchantCommand, after events: [MerchantCommand]) throws -> MerchantRejection? {
        guard case .failure(let rejection) = Merchant.decide(event, try given(events), code: code) else { return nil }
        return rejection
    }

    var approved: [MerchantCommand] {
        [applied(), .preReview(on: day("2025-03-04"), passed: true, reasons: []),
         .pledge(on: day("2025-03-04"), Pledge(kind: .offlineNoReasonReturn, windowDays: 7, exclusions: ["定制商品"])),
         .review(on: day("2025-03-10"), passed: true, reasons: [])]
    }

    @Test func aMerchantsLifeFromApplicationToStars() throws {
        let state = try given(approved + [
            .evaluate(on: day("2025-06-30"), score: 92, stars: 4, rank: .county),
            .inspect(on: day("2025-07-15"), method: .undercover, passed: false, findings: "拒绝无理由退货"),
            .recordBreach(on: day("2025-07-15"), kind: .offlineNoReasonReturn, description: "拒绝无理由退货", complaint: "complaint-2025-CX-0107"),
            .listAbnormal(on: day("2025-07-16"), reason: "未按规定公示年报"),
            .rectify(on: day("2025-08-01"), description: "已退货并培训店员"),
            .removeAbnormal(on: day("2025-08-02"), reason: "已补报"),
        ])
        #expect(state.stage == .approved && state.stars == 4 && state.rank == .county)
        #expect(state.openIssues == 0 && !state.onAbnormalList)
        #expect(state.pledges[.offlineNoReasonReturn]?.windowDays == 7)
    }

    @Test func noStarBeforeTheRegulatorsReview() throws {
        #expect(try refusal(.evaluate(on: day("2025-03-05"), score: 90, stars: 3, rank: nil), after: Array(approved.prefix(3)))
                == .wrongStage(action: "record evaluated", stage: "awaiting the regulator's review"))
    }

    @Test func nothingAfterDelisting() throws {
        let delisted = approved + [.delist(on: day("2025-09-01"), reason: "严重违法")]
        #expect(try refusal(.inspect(on: day("2025-09-02"), method: .crossCheck, passed: true, findings: nil), after: delisted)
                == .wrongStage(action: "record inspected", stage: "delisted"))
        #expect(try refusal(applied("2025-09-02"), after: delisted) == .wrongStage(action: "record applied", stage: "delisted"))
    }

    @Test func reviewsFollowTheirOrderAndAFailureNeedsReasons() throws {
        #expect(try refusal(.review(on: day("2025-03-04"), passed: true, reasons: []), after: [applied()])
                == .wrongStage(action: "record regulator-reviewed", stage: "awaiting the system pre-review"))
        #expect(try refusal(.preReview(on: day("2025-03-04"), passed: false, reasons: []), after: [applied()])
                == .invalid(field: "reasons", reason: "are required when the pre-review fails"))
        // After a failed pre-review, the merchant may apply again.
        _ = try given([applied(), .preReview(on: day("2025-03-04"), passed: false, reasons: ["经营范围不符"]), applied("2025-04-01")])
        #expect(try refusal(.pledge(on: day("2025-03-01"), Pledge(kind: .reassuredConsumption)), after: []) == .notApplied)
    }

    @Test func eachPledgeNeedsItsTermsAndIsHeldOnce() throws {
        #expect(try refusal(.pledge(on: day("2025-03-04"), Pledge(kind: .offlineNoReasonReturn)), after: [applied()])
                == .invalid(field: "pledge.windowDays", reason: "is required: the return window in days"))
        #expect(try refusal(.pledge(on: day("2025-03-04"), Pledge(kind: .crossStoreReturn, brand: "久久丫")), after: [applied()])
                == .invalid(field: "pledge.coverage", reason: "must name the stores or regions covered"))
        #expect(try refusal(.pledge(on: day("2025-03-04"), Pledge(kind: .priorCompensation, fundFen: 0)), after: [applied()])
                == .invalid(field: "pledge.fundFen", reason: "must be a positive amount in fen"))
        #expect(try refusal(.pledge(on: day("2025-03-11"), Pledge(kind: .offlineNoReasonReturn, windowDays: 15)), after: approved)
                == .pledgeAlreadyActive(.offlineNoReasonReturn))
        #expect(try refusal(.recordBreach(on: day("2025-03-11"), kind: .priorCompensation, description: "x", complaint: nil), after: approved)
                == .pledgeNotActive(.priorCompensation))
        _ = try given([applied(), .pledge(on: day("2025-03-04"), Pledge(kind: .crossStoreReturn, brand: "久久丫", coverage: ["长三角"]))])
    }

    @Test func datesGoForward() throws {
        #expect(try refusal(.preReview(on: day("2025-03-02"), passed: true, reasons: []), after: [applied("2025-03-03")])
                == .dateBefore(action: "record pre-reviewed", date: day("2025-03-02"), earliest: day("2025-03-03")))
        #expect(try refusal(.rectify(on: day("2025-03-11"), description: "x"), after: approved) == .nothingToRectify)
        #expect(try refusal(.removeAbnormal(on: day("2025-03-11"), reason: "x"), after: approved) == .abnormalListUnchanged(listed: false))
        #expect(try refusal(.evaluate(on: day("2025-03-11"), score: 101, stars: 3, rank: nil), after: approved)
                == .invalid(field: "score", reason: "is 101; scores run from 0 to 100"))
    }

    @Test func everyEventSurvivesItsStoredForm() throws {
        let events: [MerchantEvent] = [
            .applied(on: day("2025-03-03"), code: code, name: "长兴放心超市", region: try RegionCode("330522"), industry: "零售", address: "长兴县", route: .selfDeclared),
            .regulatorReviewed(on: day("2025-03-10"), passed: true, reasons: []),
            .preReviewed(on: day("2025-03-04"), passed: false, reasons: ["a", "b"]),
            .pledged(on: day("2025-03-05"), pledge: Pledge(kind: .crossStoreReturn, brand: "留夫鸭", coverage: ["嘉善", "青浦"])),
            .pledged(on: day("2025-03-05"), pledge: Pledge(kind: .priorCompensation, fundFen: 20_000_000_00)),
            .pledgeWithdrawn(on: day("2025-03-06"), kind: .crossStoreReturn),
            .evaluated(on: day("2025-06-30"), score: 88, stars: 3, rank: nil),
            .evaluated(on: day("2025-06-30"), score: 99, stars: 5, rank: .province),
            .inspected(on: day("2025-07-01"), method: .onlineSpotCheck, passed: true, findings: nil),
            .violationRecorded(on: day("2025-07-02"), kind: .administrativePenalty, description: "虚假宣传", penaltyFen: 5_000_000),
            .abnormalListChanged(on: day("2025-07-03"), listed: true, reason: "r"),
            .pledgeBreached(on: day("2025-07-04"), kind: .offlineNoReasonReturn, description: "d", complaint: nil),
            .rectified(on: day("2025-07-05"), description: "done"),
            .delisted(on: day("2025-07-06"), reason: "why"),
        ]
        for event in events {
            #expect(try MerchantEvent.decode(type: event.type, schemaVersion: MerchantEvent.schemaVersion, event.encoded()) == event, "\(event.type)")
        }
    }
}
