import Domain
import Testing

/// A bank's corrections of its own credit events (更正): an amount mistyped, a revocation or a grant recorded by
/// mistake; refused when the credit so corrected is not a history the rules accept, or when the event is another
/// bank's.
@Suite struct CreditCorrectionTests {
    let code = try! UnifiedSocialCreditCode("91330921MA2A0D4Q8F")
    let bank = "岱山农商银行"

    /// ¥300,000 of 放心贷 for 36 months granted on 04-01, card acquiring opened with a ¥1,286 fee subsidy on
    /// 04-08, the line revoked on 09-01: positions 10–30, and whatever `more` adds from 40 on.
    func recorded(_ more: [CreditCommand] = []) throws -> [Recorded<CreditEvent>] {
        var log: [Recorded<CreditEvent>] = []
        let commands: [CreditCommand] = [
            .grant(on: day("2025-04-01"), bank: bank, product: "放心贷", amountFen: 30_000_000, termMonths: 36),
            .openCardAcquiring(on: day("2025-04-08"), bank: bank, feeSubsidyFen: 128_600),
            .revoke(on: day("2025-09-01"), bank: bank, product: "放心贷", reason: "进入预警库"),
        ] + more
        for command in commands {
            for event in try Credit.decide(command, Credit.fold(log), code: code).get() { log.append(.init(position: UInt64(log.count + 1) * 10, event: event)) }
        }
        return log
    }

    func correct(_ position: UInt64, _ change: CreditCommand.Correct.Change, by bank: String? = nil,
                 after log: [Recorded<CreditEvent>]) -> Result<[CreditEvent], CreditRejection> {
        Credit.decide(.correct(bank: bank ?? self.bank, .init(on: day("2025-09-05"), corrects: position, reason: "录入错误", change: change)),
                      Credit.fold(log), code: code)
    }

    /// The revocation was meant for another merchant: voided, the ¥300,000 line is active again, and counts.
    @Test func aRevocationVoidedLeavesTheLineActive() throws {
        var log = try recorded()
        #expect(Credit.fold(log).totalFen == 0)
        log.append(.init(position: 40, event: try correct(30, .void, after: log).get()[0]))
        let state = Credit.fold(log)
        #expect(state.totalFen == 30_000_000 && state.lines.count == 1 && state.history.map(\.position) == [10, 20])
        // Active again, it may be revoked again, not granted twice.
        #expect(Credit.decide(.grant(on: day("2025-09-06"), bank: bank, product: "放心贷", amountFen: 1, termMonths: 1), state, code: code)
                == .failure(.lineAlreadyActive(bank: bank, product: "放心贷")))
    }

    /// ¥300,000 was typed for ¥30,000: the grant is amended, its day and term as they were.
    @Test func aMistypedAmountIsAmended() throws {
        let log = try recorded()
        let events = try correct(10, .amend(.init(amountFen: 3_000_000)), after: log).get()
        guard case .corrected(let correction) = events.first, case .granted(let grant)? = correction.replacement else { Issue.record("\(events)"); return }
        #expect(grant.amountFen == 3_000_000 && grant.termMonths == 36 && grant.grantedOn == day("2025-04-01"))
        #expect(correct(20, .amend(.init(feeSubsidyFen: 12_860)), after: log).map { $0.count } == .success(1))
        #expect(correct(20, .amend(.init(amountFen: 1)), after: log)
                == .failure(.notAmendable(field: "amountFen", type: "credit.card-acquiring-opened", amendable: ["feeSubsidyFen"])))
    }

    /// A grant later revoked cannot be voided: the revocation would revoke no line. Voided first, the revocation;
    /// then the grant.
    @Test func voidingAGrantItsRevocationNeedsIsRefused() throws {
        var log = try recorded()
        #expect(correct(10, .void, after: log) == .failure(.correctionLeavesCreditImpossible(
            position: 30, type: "credit.revoked", reason: .noActiveLine(bank: bank, product: "放心贷"))))
        log.append(.init(position: 40, event: try correct(30, .void, after: log).get()[0]))
        log.append(.init(position: 50, event: try correct(10, .void, after: log).get()[0]))
        #expect(Credit.fold(log).lines.isEmpty && Credit.fold(log).acquiringBanks == [bank])
    }

    /// A bank corrects its own events only, whoever asks for it.
    @Test func anotherBanksEventIsNotCorrected() throws {
        let log = try recorded()
        #expect(correct(10, .void, by: "长兴农商银行", after: log) == .failure(.otherBanksEvent(position: 10, bank: bank)))
        #expect(correct(11, .void, after: log) == .failure(.correctionTargetUnknown(position: 11)))
        #expect(correct(30, .amend(.init(amountFen: 1)), after: log)
                == .failure(.notAmendable(field: "amountFen", type: "credit.revoked", amendable: ["revocationReason"])))
    }

    /// Stored and read back, a correction is the same event, the grant in its schema version with it.
    @Test func aCorrectionIsStoredWhole() throws {
        let log = try recorded()
        for event in try correct(10, .amend(.init(amountFen: 3_000_000, termMonths: 12)), after: log).get() + correct(30, .void, after: log).get() {
            #expect(try CreditEvent.decode(type: event.type, schemaVersion: event.schemaVersion, event.encoded()) == event)
        }
    }
}
