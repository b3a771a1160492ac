import Domain
import Testing

/// A merchant's record corrected (更正): a violation recorded by mistake voided, a penalty mistyped amended; refused
/// when the record so corrected is not one the rules would have let be kept.
@Suite struct MerchantCorrectionTests {
    let code = try! UnifiedSocialCreditCode("91330522MA2B3C4D57")

    /// Applied 03-03, pre-reviewed 03-05, approved 03-10, a violation with a ¥2,000 penalty on 05-12, an inspection
    /// passed on 05-20: positions 10–50, and whatever `more` adds from 60 on.
    func recorded(_ more: [MerchantCommand] = []) throws -> [Recorded<MerchantEvent>] {
        var log: [Recorded<MerchantEvent>] = []
        let commands: [MerchantCommand] = [
            .apply(on: day("2025-03-03"), name: "长兴放心超市", region: try RegionCode("330522"), industry: "零售", address: "长兴县雉城街道", route: .selfDeclared),
            .preReview(on: day("2025-03-05"), passed: true, reasons: []),
            .review(on: day("2025-03-10"), passed: true, reasons: []),
            .recordViolation(on: day("2025-05-12"), kind: .administrativePenalty, description: "未明码标价", penaltyFen: 200_000),
            .inspect(on: day("2025-05-20"), method: .undercover, passed: true, findings: nil),
        ] + more
        for command in commands {
            for event in try Merchant.decide(command, Merchant.fold(log), code: code).get() {
                log.append(.init(position: UInt64(log.count + 1) * 10, event: event))
            }
        }
        return log
    }

    func correct(_ position: UInt64, _ change: MerchantCommand.Correct.Change, on date: String = "2025-06-02",
                 after log: [Recorded<MerchantEvent>]) -> Result<[MerchantEvent], MerchantRejection> {
        Merchant.decide(.correct(.init(on: day(date), corrects: position, reason: "录入错误", change: change)), Merchant.fold(log), code: code)
    }

    /// The violation was another merchant's: voided on 06-02, the merchant has no open issue, nothing to rectify,
    /// and no later act may be dated before the correction.
    @Test func aViolationRecordedByMistakeIsVoided() throws {
        var log = try recorded()
        #expect(Merchant.fold(log).openIssues == 1)
        let events = try correct(40, .void, after: log).get()
        guard case .corrected(let correction) = events.first, correction.replacement == nil,
              case .violationRecorded(_, .administrativePenalty, "未明码标价", 200_000) = correction.original else {
            Issue.record("\(events)"); return
        }
        log.append(.init(position: 60, event: events[0]))
        let state = Merchant.fold(log)
        #expect(state.openIssues == 0 && state.stage == .approved && state.history.map(\.position) == [10, 20, 30, 50])
        #expect(state.lastDay == day("2025-06-02"))
        #expect(Merchant.decide(.rectify(on: day("2025-06-03"), description: "整改"), state, code: code) == .failure(.nothingToRectify))
        #expect(Merchant.decide(.inspect(on: day("2025-06-01"), method: .crossCheck, passed: true, findings: nil), state, code: code)
                == .failure(.dateBefore(action: "record inspected", date: day("2025-06-01"), earliest: day("2025-06-02"))))
        // Voided once: the position holds nothing a correction can correct now.
        #expect(correct(40, .void, after: log) == .failure(.correctionTargetUnknown(position: 40)))
    }

    /// ¥2,000 was typed for ¥200: amended, the violation stays open at ¥200.
    @Test func aMistypedPenaltyIsAmended() throws {
        let log = try recorded()
        let events = try correct(40, .amend(.init(penaltyFen: 20_000)), after: log).get()
        guard case .corrected(let correction) = events.first,
              case .violationRecorded(let on, .administrativePenalty, "未明码标价", 20_000)? = correction.replacement else {
            Issue.record("\(events)"); return
        }
        #expect(on == day("2025-05-12"))   // the day is the act's, not the correction's
        #expect(Merchant.fold(log + [.init(position: 60, event: events[0])]).openIssues == 1)
        #expect(correct(40, .amend(.init(penaltyFen: 200_000)), after: log) == .failure(.correctionChangesNothing))
    }

    /// Rectified on 06-01, the violation was the only issue put right: voiding it would leave a rectification of
    /// nothing, which the rules refuse, and the refusal names it.
    @Test func voidingWhatARectificationRectifiedIsRefused() throws {
        let log = try recorded([.rectify(on: day("2025-06-01"), description: "已明码标价")])
        #expect(correct(40, .void, after: log) == .failure(.correctionLeavesRecordImpossible(
            position: 60, type: "merchant.rectified", reason: .nothingToRectify)))
        // A second violation open beside it: the rectification had something to put right, and the void stands.
        let two = try recorded([.recordViolation(on: day("2025-05-26"), kind: .violation, description: "虚假宣传", penaltyFen: nil),
                                .rectify(on: day("2025-06-01"), description: "整改完毕")])
        #expect(throws: Never.self) { try correct(40, .void, after: two).get() }
    }

    /// An inspection failed needs its findings: amended to failed without them, the record would be impossible.
    @Test func anAmendmentIsHeldToTheRulesOfItsEvent() throws {
        let log = try recorded()
        #expect(correct(50, .amend(.init(passed: false)), after: log) == .failure(.correctionLeavesRecordImpossible(
            position: 50, type: "merchant.inspected", reason: .invalid(field: "findings", reason: "is required"))))
        #expect(throws: Never.self) { try correct(50, .amend(.init(passed: false, findings: "价签缺失")), after: log).get() }
        #expect(correct(50, .amend(.init(description: "x")), after: log)
                == .failure(.notAmendable(field: "description", type: "merchant.inspected", amendable: ["findings", "passed"])))
        #expect(correct(30, .void, after: log) == .failure(.notVoidable(type: "merchant.regulator-reviewed")))
        #expect(correct(30, .amend(.init(passed: false)), after: log)
                == .failure(.notAmendable(field: "passed", type: "merchant.regulator-reviewed", amendable: [])))
    }

    /// A listing as abnormal voided must leave the later removal something to remove.
    @Test func aListingLaterRemovedCannotBeVoided() throws {
        let log = try recorded([.listAbnormal(on: day("2025-05-21"), reason: "通过登记的住所无法联系"),
                                .removeAbnormal(on: day("2025-05-28"), reason: "已更正住所")])
        #expect(correct(60, .void, after: log) == .failure(.correctionLeavesRecordImpossible(
            position: 70, type: "merchant.abnormal-list-changed", reason: .abnormalListUnchanged(listed: false))))
        #expect(correct(70, .void, after: log) == .failure(.notVoidable(type: "merchant.abnormal-list-changed")))
        #expect(throws: Never.self) { try correct(60, .amend(.init(listingReason: "住所无法联系")), after: log).get() }
    }

    @Test func aCorrectionNamesARecordedEventAndAReasonOnItsDay() throws {
        let log = try recorded()
        #expect(correct(0, .void, after: log) == .failure(.correctionTargetUnknown(position: 0)))
        #expect(correct(45, .void, after: log) == .failure(.correctionTargetUnknown(position: 45)))
        #expect(correct(40, .void, on: "2025-05-19", after: log)
                == .failure(.dateBefore(action: "correct", date: day("2025-05-19"), earliest: day("2025-05-20"))))
        let blank = Merchant.decide(.correct(.init(on: day("2025-06-02"), corrects: 40, reason: " ", change: .void)), Merchant.fold(log), code: code)
        #expect(blank == .failure(.invalid(field: "reason", reason: "is required")))
        #expect(correct(10, .void, after: []) == .failure(.notApplied))
    }

    /// Stored and read back, a correction is the same event, the original and the replacement with it.
    @Test func aCorrectionIsStoredWhole() throws {
        let log = try recorded()
        for event in try correct(40, .amend(.init(violationKind: .violation, penaltyFen: 20_000)), after: log).get()
            + correct(40, .void, after: log).get() {
            #expect(try MerchantEvent.decode(type: event.type, schemaVersion: MerchantEvent.schemaVersion, event.encoded()) == event)
        }
    }
}
