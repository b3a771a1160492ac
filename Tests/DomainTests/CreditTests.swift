import Domain
import Testing

@Suite struct CreditTests {
    let code = try! UnifiedSocialCreditCode("91330921MA2A0D4Q8F")

    func grant(_ date: String = "2025-11-03", amountFen: Int64 = 5_000_000_00, product: String = "放心贷") -> CreditCommand {
        .grant(on: day(date), bank: "岱山农商银行", product: product, amountFen: amountFen, termMonths: 36)
    }

    func given(_ events: [CreditCommand]) throws -> Credit.State {
        var state = Credit.initial
        for event in events { for accepted in try Credit.decide(event, state, code: code).get() { state = Credit.evolve(state, accepted) } }
        return state
    }

    func refusal(_ event: CreditCommand, after events: [CreditCommand]) throws -> CreditRejection? {
        guard case .failure(let rejection) = Credit.decide(event, try given(events), code: code) else { return nil }
        return rejection
    }

    @Test func linesAreGrantedRevokedAndExpire() throws {
        let state = try given([grant(), grant(product: "经营贷"), .revoke(on: day("2025-12-01"), bank: "岱山农商银行", product: "经营贷", reason: "进入预警库"),
                               .openCardAcquiring(on: day("2025-12-02"), bank: "岱山农商银行", feeSubsidyFen: 128_600)])
        #expect(state.totalFen == 5_000_000_00 && state.acquiringBanks == ["岱山农商银行"])
        #expect(try given([grant(), .expire(on: day("2028-11-03"), bank: "岱山农商银行", product: "放心贷")]).lines.isEmpty)
    }

    @Test func theRulesHold() throws {
        #expect(try refusal(grant("2025-11-04"), after: [grant()]) == .lineAlreadyActive(bank: "岱山农商银行", product: "放心贷"))
        #expect(try refusal(.revoke(on: day("2025-12-01"), bank: "岱山农商银行", product: "放心贷", reason: "r"), after: []) == .noActiveLine(bank: "岱山农商银行", product: "放心贷"))
        #expect(try refusal(grant(amountFen: 0), after: []) == .invalid(field: "amountFen", reason: "must be positive"))
        #expect(try refusal(.openCardAcquiring(on: day("2025-12-02"), bank: "b", feeSubsidyFen: -1), after: [])
                == .invalid(field: "feeSubsidyFen", reason: "is -1; amounts are never negative"))
        #expect(try refusal(.expire(on: day("2025-11-01"), bank: "岱山农商银行", product: "放心贷"), after: [grant()])
                == .dateBefore(date: day("2025-11-01"), earliest: day("2025-11-03")))
        #expect(try refusal(.expire(on: day("2025-12-01"), bank: "", product: "放心贷"), after: [grant()]) == .invalid(field: "bank", reason: "is required"))
        // A grant records the stream's merchant and its day.
        guard case .granted(let granted) = try Credit.decide(grant(), Credit.initial, code: code).get().first else { Issue.record("no grant"); return }
        #expect(granted.merchant == code && granted.grantedOn == day("2025-11-03") && granted.amountFen == 5_000_000_00)
    }

    @Test func everyEventSurvivesItsStoredForm() throws {
        for event in [.granted(CreditGranted(merchant: code, bank: "岱山农商银行", product: "放心贷", amountFen: 1, termMonths: 36, grantedOn: day("2025-11-03"))), .revoked(on: day("2025-12-01"), bank: "b", product: "p", reason: "r"), .expired(on: day("2025-12-01"), bank: "b", product: "p"),
                      .cardAcquiringOpened(on: day("2025-12-02"), bank: "b", feeSubsidyFen: 0)] as [CreditEvent] {
            #expect(try CreditEvent.decode(type: event.type, schemaVersion: event.schemaVersion, event.encoded()) == event)
        }
    }
}
