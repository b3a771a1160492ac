import Domain
import Foundation
import JSONText
import Ledger
import Queries
import Testing
import TestSupport

/// Event data written type by type, without reflection, is byte for byte what the reflective rendering gives:
/// for every event type, with optional fields present and absent.
@Suite struct EventDataWriterTests {
    /// Times written digit by digit read as `Timestamp.description` does, before 1970 and at the calendar's ends too.
    @Test func timesAreWrittenAsTheirDescription() {
        for micros: Int64 in [0, -1, 1, 999_999, -1_000_000, -86_400_000_001, 1_776_241_800_000_000, 253_402_300_799_999_999,
                              -62_135_596_800_000_000, .max, .min] {
            var writer = JSONWriter()
            EventJSON.timestamp(Timestamp(rawValue: micros), &writer)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == "\"\(Timestamp(rawValue: micros).description)\"", "\(micros)")
        }
    }

    @Test func everyEventTypeIsWrittenAsReflectionRendersIt() async throws {
        let scratch = try Scratch()
        let day = CivilDate("2025-09-26")!, due = Deadline(date: day, isProvisional: true)
        let code = try UnifiedSocialCreditCode("91330522MA2B3C4D57"), region = try RegionCode("330522")
        let sealed = SealedPersonalData(subject: "consumer-1", box: [1, 2, 3])
        let received = ComplaintEvent.Received(
            channel: .odrEnterprise, consumer: "consumer-1", consumerName: sealed, consumerPhone: nil, merchant: code, merchantName: "长兴\"超市\"",
            category: .service, subcategory: "餐饮", amountInDisputeFen: 29_900, receivedRegion: region, merchantRegion: try RegionCode("330421"),
            receivedOn: day, regime: .order121, acceptanceDue: due)
        var anonymous = received
        anonymous.intake = "12315-0001"
        anonymous.merchant = nil
        anonymous.consumerName = nil
        anonymous.consumerPhone = sealed
        let complaints: [ComplaintEvent] = [
            .received(received), .received(anonymous), .accepted(.init(acceptedOn: day, mediationDue: due)),
            .notAccepted(.init(decidedOn: day, ground: .outsideJurisdiction, note: nil)), .notAccepted(.init(decidedOn: day, ground: .outsideJurisdiction, note: "not ours\n")),
            .mediationStarted(.init(startedOn: day, mode: .odr)), .mediationStarted(.init(startedOn: day, mode: .odr, trackDue: due)), .mediationEnded(.init(endedOn: day, outcome: .terminated, reason: "withdrawn")),
            .mediationEnded(.init(endedOn: day, outcome: .agreement, reason: nil)),
            .mediationEnded(.init(endedOn: day, outcome: .failed, reason: nil, noticeDue: due)), .partiesNotified(on: day),
            .compensated(.init(paidOn: day, amountFen: 1, payer: .priorCompensationFund, kind: .refund)), .closed(.init(closedOn: day)),
            .compensated(.init(paidOn: day, amountFen: 100_000, payer: .merchant, kind: .punitive, basis: .foodSafetyArt148, lossFen: 4_000)),
            .compensated(.init(paidOn: day, amountFen: 100, payer: .platform, kind: .noReasonReturn, purchasedOn: day, returnStore: "西塘店")),
            .assigned(on: day, unit: "amr-330522", transferred: true), .feedbackGiven(on: day), .satisfactionRated(on: day, satisfied: false),
            .revisited(on: day, note: nil), .revisited(on: day, note: "回访"),
            .clockSuspended(on: day, limit: .mediation, reason: .testingOrAppraisal, note: "送检"),
            .clockSuspended(on: day, limit: .acceptance, reason: .consumerDelay, note: nil),
            .clockResumed(on: day, limit: .acceptance, due: due), .clockResumed(on: day, limit: .mediation, due: Deadline(date: day, isProvisional: false)),
            .corrected(.init(on: day, corrects: 7, reason: "录入错误", original: .received(received), replacement: .received(anonymous))),
            .corrected(.init(on: day, corrects: UInt64(Int64.max), reason: "重复", original: .feedbackGiven(on: day), replacement: nil)),
            .corrected(.init(on: day, corrects: 3, reason: "误登记", original: .received(received), replacement: nil, voidedWith: [4, 9])),
        ]
        let merchants: [MerchantEvent] = [
            .applied(on: day, code: code, name: "长兴放心超市", region: region, industry: "零售", address: "长兴", route: .localNomination),
            .preReviewed(on: day, passed: false, reasons: ["a", "b"]), .regulatorReviewed(on: day, passed: true, reasons: []),
            .pledged(on: day, pledge: Pledge(kind: .offlineNoReasonReturn, windowDays: 7, exclusions: ["定制商品"], brand: nil, coverage: [], fundFen: nil)),
            .pledged(on: day, pledge: Pledge(kind: .crossStoreReturn, windowDays: nil, exclusions: [], brand: "品牌", coverage: ["330522"], fundFen: 100)),
            .pledgeWithdrawn(on: day, kind: .priorCompensation), .evaluated(on: day, score: 95, stars: 5, rank: .province),
            .evaluated(on: day, score: 60, stars: 2, rank: nil), .inspected(on: day, method: .undercover, passed: false, findings: "x"),
            .inspected(on: day, method: .crossCheck, passed: true, findings: nil),
            .violationRecorded(on: day, kind: .administrativePenalty, description: "d", penaltyFen: 5_000),
            .violationRecorded(on: day, kind: .violation, description: "d", penaltyFen: nil), .abnormalListChanged(on: day, listed: true, reason: "r"),
            .pledgeBreached(on: day, kind: .offlineNoReasonReturn, description: "d", complaint: "c-1"),
            .pledgeBreached(on: day, kind: .offlineNoReasonReturn, description: "d", complaint: nil),
            .rectified(on: day, description: "fixed"), .delisted(on: day, reason: "r"),
            .corrected(.init(on: day, corrects: 11, reason: "录入错误", original: .violationRecorded(on: day, kind: .violation, description: "d", penaltyFen: nil),
                             replacement: .violationRecorded(on: day, kind: .violation, description: "d", penaltyFen: 300))),
            .corrected(.init(on: day, corrects: 12, reason: "误录", original: .abnormalListChanged(on: day, listed: true, reason: "r"), replacement: nil)),
        ]
        let reports: [ReportEvent] = [
            .received(.init(receivedOn: day, channel: .hotline12315, reporter: "r-1", reporterName: sealed, reporterPhone: nil, merchant: code,
                            merchantName: "m", allegation: "a", receivedRegion: region, regime: .order20, verificationDue: due)),
            .received(.init(receivedOn: day, channel: .letter, reporter: "r-1", reporterName: nil, reporterPhone: sealed, merchant: nil,
                            merchantName: "m", allegation: "a", receivedRegion: region, regime: .order121, verificationDue: due, intake: "12315-0001")),
            .verified(on: day, substantiated: true, findings: "f"), .caseDecided(on: day, filed: false, reference: "ref"),
            .caseDecided(on: day, filed: true, reference: "立案", reporterNoticeDue: due, decisionDue: Deadline(date: day, isProvisional: false)),
            .reporterNotified(on: day), .caseExtended(on: day, due: due, approval: "局长批准", collective: false),
            .caseExtended(on: day, due: due, approval: "集体讨论", collective: true),
            .corrected(.init(on: day, corrects: 9, reason: "金额有误", original: .rewardPaid(on: day, amountFen: 300), replacement: .rewardPaid(on: day, amountFen: 30))),
            .corrected(.init(on: day, corrects: 10, reason: "重复", original: .rewardPaid(on: day, amountFen: 300), replacement: nil)),
            .caseClosed(on: day, penaltyFen: 10, decision: "d"), .rewardPaid(on: day, amountFen: 20),
            .verificationSuspended(on: day, reason: .testingOrAppraisal, note: "送检"), .verificationSuspended(on: day, reason: .other, note: nil),
            .verificationResumed(on: day, due: due),
        ]
        let credits: [CreditEvent] = [
            .granted(CreditGranted(merchant: code, bank: "银行", product: "放心贷", amountFen: 100, termMonths: 12, grantedOn: day)),
            .revoked(on: day, bank: "b", product: "p", reason: "r"), .expired(on: day, bank: "b", product: "p"),
            .cardAcquiringOpened(on: day, bank: "b", feeSubsidyFen: 7),
            .corrected(.init(on: day, corrects: 13, reason: "金额有误",
                             original: .granted(CreditGranted(merchant: code, bank: "银行", product: "放心贷", amountFen: 100, termMonths: 12, grantedOn: day)),
                             replacement: .granted(CreditGranted(merchant: code, bank: "银行", product: "放心贷", amountFen: 1_000, termMonths: 12, grantedOn: day)))),
            .corrected(.init(on: day, corrects: 14, reason: "重复", original: .revoked(on: day, bank: "b", product: "p", reason: "r"), replacement: nil)),
        ]
        let calendar = WorkingCalendar.Year(year: 2025, source: "gov.cn content_6986382",
                                            holidays: [.init(name: "春节 Spring Festival", from: day, to: day.adding(days: 7))],
                                            workdays: [day.adding(days: 8), day.adding(days: 9)])
        let policies: [PolicyEvent] = [
            .calendarPublished(calendar), .deadlinesAdopted(DeadlinePolicy.standard), .tierPolicyAdopted(TierPolicy.standard),
        ]
        var positions: [UInt64] = []
        for event in complaints { positions.append(try await scratch.append("complaint-x", event)) }
        for event in merchants { positions.append(try await scratch.append("merchant-\(code)", event)) }
        for event in reports { positions.append(try await scratch.append("report-x", event)) }
        for event in credits { positions.append(try await scratch.append("credit-\(code)", event)) }
        for event in policies { positions.append(try await scratch.append("policy", event)) }
        positions.append(try await scratch.append("clock", ClockEvent.dayClosed(day)))
        positions.append(try await scratch.append("privacy", PrivacyEvent.erased(subject: "consumer-1", on: day, reason: "本人申请")))
        positions.append(try await scratch.append("privacy", PrivacyEvent.revealed(stream: "complaint-x", subject: "consumer-1", on: day, reason: "回访")))
        for event in try scratch.ledger.read(from: 1) {
            var reflected = JSONWriter(), written = JSONWriter()
            let data = try #require(ReflectedEventData.json(for: event), "\(event.type)")
            reflected.write(data)
            #expect(EventDataWriter.write(type: event.type, schemaVersion: event.schemaVersion, payload: event.payload, to: &written))
            #expect(String(decoding: written.bytes, as: UTF8.self) == String(decoding: reflected.bytes, as: UTF8.self), "\(event.type) at \(event.position)")
            #expect(EventDocument(event).data == data, "\(event.type)")
        }
        // A whole event, written straight from the record, is its document's bytes.
        try scratch.ledger.scan(from: 1) { view in
            var direct = JSONWriter(), document = JSONWriter()
            EventJSON.write(view, to: &direct)
            EventDocument(RecordedEvent(view)).write(to: &document)
            #expect(String(decoding: direct.bytes, as: UTF8.self) == String(decoding: document.bytes, as: UTF8.self))
            return true
        }
        #expect(positions.count == complaints.count + merchants.count + reports.count + credits.count + policies.count + 3)
        var nothing = JSONWriter()
        #expect(!EventDataWriter.write(type: "complaint.received", schemaVersion: 1, payload: [0xFF], to: &nothing) && nothing.bytes.isEmpty)
        #expect(!EventDataWriter.write(type: "something.else", schemaVersion: 1, payload: [], to: &nothing) && nothing.bytes.isEmpty)
    }
}
