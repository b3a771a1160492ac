import Domain
import Testing

@Suite struct CreditTests {
    let code = try! UnifiedSocialCreditCode("91330921MA2A0D4Q8F")

    func grant(_ date: String = "2025-11-03", amountFen: Int64 = 5_000_000_00, product: String = "放心贷") -> CreditEvent {
        .granted(CreditGranted(merchant: code, bank: "岱山农商银行", product: product, amountFen: amountFen, termMonths: 36, grantedOn: day(date)))
    }

    func given(_ events: [CreditEvent]) throws -> Credit.State {
        var state = Credit.initial
        for event in events { for accepted in try Credit.decide(event, state, code: code).get() { state = Credit.evolve(state, accepted) } }
        return state
    }

    func refusal(_ event: CreditEvent, after events: [CreditEvent]) throws -> CreditRejection? {
        guard case .failure(let rejection) = Credit.decide(event, try given(events), code: code) else { return nil }
        return rejection
    }

    @Test func linesAreGrantedRevokedAndExpire() throws {
        let state = try given([grant(), grant(product: "经营贷"), .revoked(on: day("2025-12-01"), bank: "岱山农商银行", product: "经营贷", reason: "进入预警库"),
                               .cardAcquiringOpened(on: day("2025-12-02"), bank: "岱山农商银行", feeSubsidyFen: 128_600)])
        #expect(state.totalFen == 5_000_000_00 && state.acquiringBanks == ["岱山农商银行"])
        #expect(try given([grant(), .expired(on: day("2028-11-03"), bank: "岱山农商银行", product: "放心贷")]).lines.isEmpty)
    }

    @Test func theRulesHold() throws {
        #expect(try refusal(grant("2025-11-04"), after: [grant()]) == .lineAlreadyActive(bank: "岱山农商银行", product: "放心贷"))
        #expect(try refusal(.revoked(on: day("2025-12-01"), bank: "岱山农商银行", product: "放心贷", reason: "r"), after: []) == .noActiveLine(bank: "岱山农商银行", product: "放心贷"))
        #expect(try refusal(grant(amountFen: 0), after: []) == .invalid(field: "amountFen", reason: "must be positive"))
        #expect(try refusal(.cardAcquiringOpened(on: day("2025-12-02"), bank: "b", feeSubsidyFen: -1), after: [])
                == .invalid(field: "feeSubsidyFen", reason: "is -1; amounts are never negative"))
        #expect(try refusal(.expired(on: day("2025-11-01"), bank: "岱山农商银行", product: "放心贷"), after: [grant()])
                == .dateBefore(date: day("2025-11-01"), earliest: day("2025-11-03")))
        let other = CreditEvent.granted(CreditGranted(merchant: try UnifiedSocialCreditCode("91350200776049653A"), bank: "b", product: "p",
                                                      amountFen: 1, termMonths: 1, grantedOn: day("2025-11-03")))
        #expect(try refusal(other, after: []) == .invalid(field: "merchant", reason: "is 91350200776049653A, but this is the stream of 91330921MA2A0D4Q8F"))
    }

    @Test func everyEventSurvivesItsStoredForm() throws {
        for event in [grant(), .revoked(on: day("2025-12-01"), bank: "b", product: "p", reason: "r"), .expired(on: day("2025-12-01"), bank: "b", product: "p"),
                      .cardAcquiringOpened(on: day("2025-12-02"), bank: "b", feeSubsidyFen: 0)] as [CreditEvent] {
            #expect(try CreditEvent.decode(type: event.type, schemaVersion: event.schemaVersion, event.encoded()) == event)
        }
    }
}
