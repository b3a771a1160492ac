import Domain
import Testing
import TestSupport

@Suite struct ComplaintTests {
    let rules = ComplaintRules.standard(calendar: fixtureCalendar)

    func receive(on date: String = "2025-09-26", amountFen: Int64 = 19_900) -> ComplaintCommand {
        .receive(.init(
            channel: .hotline12315, consumer: "consumer-0001", merchant: try! UnifiedSocialCreditCode("91330522MA2B3C4D57"),
            merchantName: "长兴放心超市", category: .goods, subcategory: "食品", amountInDisputeFen: amountFen,
            receivedRegion: try! RegionCode("320412"), merchantRegion: try! RegionCode("330522"), receivedOn: day(date)))
    }

    /// Folds `commands` through the decider, failing the test if any is refused.
    func given(_ commands: [ComplaintCommand]) throws -> Complaint.State {
        var state = Complaint.initial
        for command in commands {
            for event in try Complaint.decide(command, state, rules).get() { state = Complaint.evolve(state, event) }
        }
        return state
    }

    func refusal(_ command: ComplaintCommand, after commands: [ComplaintCommand]) throws -> ComplaintRejection? {
        guard case .failure(let rejection) = Complaint.decide(command, try given(commands), rules) else { return nil }
        return rejection
    }

    @Test func receivingRecordsTheRegimeAndTheAcceptanceDeadline() throws {
        let events = try Complaint.decide(receive(on: "2025-09-26"), Complaint.initial, rules).get()
        guard case .received(let received) = try #require(events.first) else { Issue.record("not received"); return }
        #expect(received.regime == .order20)
        #expect(received.acceptanceDue == Deadline(date: day("2025-10-13"), isProvisional: false))   // 7 working days across National Day 2025
        #expect(received.isCrossRegion)                        // received in Changzhou, merchant in Changxing

        guard case .received(let later) = try Complaint.decide(receive(on: "2026-04-15"), Complaint.initial, rules).get().first else { return }
        #expect(later.regime == .order121)                     // the new order from its first day
    }

    @Test func acceptingSetsTheMediationDeadline() throws {
        let state = try given([receive(on: "2026-04-14"), .accept(on: day("2026-04-15"))])
        #expect(state.stage == .accepted && state.regime == .order20)
        #expect(state.mediationDue == Deadline(date: day("2026-06-22"), isProvisional: false))   // 45 working days, docs/DOMAIN.md §2.7
    }

    @Test func theWholeLifeOfAComplaint() throws {
        let state = try given([
            receive(),
            .accept(on: day("2025-09-30")),
            .startMediation(on: day("2025-10-09"), mode: .onlineVideo),
            .endMediation(on: day("2025-10-20"), outcome: .agreement, reason: nil),
            .compensate(.init(on: day("2025-10-21"), amountFen: 19_900, payer: .priorCompensationFund, kind: .refund)),
            .compensate(.init(on: day("2025-10-21"), amountFen: 50_000, payer: .merchant, kind: .punitive, basis: .consumerRightsArt55)),
            .close(on: day("2025-10-22")),
        ])
        #expect(state.stage == .closed && state.compensatedFen == 69_900)
    }

    @Test func afterClosingTheConsumerHearsRatesAndIsVisited() throws {
        let closed: [ComplaintCommand] = [receive(), .assign(on: day("2025-09-26"), unit: "长兴县市场监管局雉城所", transferred: false),
                                          .accept(on: day("2025-09-30")), .close(on: day("2025-10-09"))]
        let state = try given(closed + [.giveFeedback(on: day("2025-10-09")), .rateSatisfaction(on: day("2025-10-10"), satisfied: true),
                                        .revisit(on: day("2025-11-10"), note: "回访满意")])
        #expect(state.feedbackGiven && state.satisfied == true && state.revisits == 1 && state.handlingUnit == "长兴县市场监管局雉城所")
        #expect(try refusal(.rateSatisfaction(on: day("2025-10-10"), satisfied: true), after: closed)
                == .wrongStage(command: "rate satisfaction", stage: "closed, and the consumer has had no feedback yet"))
        #expect(try refusal(.giveFeedback(on: day("2025-10-09")), after: Array(closed.prefix(3)))
                == .wrongStage(command: "give feedback", stage: "accepted"))
        #expect(try refusal(.giveFeedback(on: day("2025-10-10")), after: closed + [.giveFeedback(on: day("2025-10-09"))])
                == .wrongStage(command: "give feedback", stage: "closed, and the consumer was already given feedback"))
        #expect(try refusal(.assign(on: day("2025-10-10"), unit: "x", transferred: true), after: closed)
                == .wrongStage(command: "assign", stage: "closed"))
        #expect(try refusal(.assign(on: day("2025-09-27"), unit: "", transferred: true), after: [receive()]) == .missing(field: "unit"))
    }

    @Test func lifecycleOrderIsEnforced() throws {
        #expect(try refusal(.accept(on: day("2025-09-30")), after: []) == .notReceived)
        #expect(try refusal(receive(), after: [receive()]) == .alreadyReceived)
        #expect(try refusal(.startMediation(on: day("2025-09-30"), mode: .administrative), after: [receive()])
                == .wrongStage(command: "start mediation", stage: "received, awaiting a decision"))
        #expect(try refusal(.accept(on: day("2025-09-30")), after: [receive(), .refuse(on: day("2025-09-29"), ground: .timeBarred, note: nil)])
                == .wrongStage(command: "accept", stage: "not accepted"))
        #expect(try refusal(.close(on: day("2025-10-09")), after: [receive(), .accept(on: day("2025-09-30")), .startMediation(on: day("2025-10-09"), mode: .peoples)])
                == .wrongStage(command: "close", stage: "in mediation"))
        #expect(try refusal(.endMediation(on: day("2025-10-09"), outcome: .failed, reason: nil), after: [receive(), .accept(on: day("2025-09-30"))])
                == .wrongStage(command: "end mediation", stage: "accepted"))
        let closed: [ComplaintCommand] = [receive(), .refuse(on: day("2025-09-29"), ground: .outsideJurisdiction, note: nil), .close(on: day("2025-09-29"))]
        #expect(try refusal(.compensate(.init(on: day("2025-10-09"), amountFen: 100, payer: .merchant, kind: .refund)), after: closed)
                == .wrongStage(command: "record compensation", stage: "closed"))
        #expect(try refusal(.close(on: day("2025-10-09")), after: closed) == .wrongStage(command: "close", stage: "closed"))
    }

    @Test func datesCannotGoBackwards() throws {
        #expect(try refusal(.accept(on: day("2025-09-25")), after: [receive(on: "2025-09-26")])
                == .dateBefore(command: "accept", date: day("2025-09-25"), earliest: day("2025-09-26")))
    }

    @Test func amountsAreNeverNegative() throws {
        #expect(try refusal(receive(amountFen: -1), after: []) == .negativeAmount(field: "amountInDisputeFen", amountFen: -1))
        let accepted: [ComplaintCommand] = [receive(amountFen: 10_000), .accept(on: day("2025-09-30"))]
        #expect(try refusal(.compensate(.init(on: day("2025-09-30"), amountFen: 0, payer: .merchant, kind: .refund)), after: accepted)
                == .negativeAmount(field: "amountFen", amountFen: 0))
        #expect(try refusal(.compensate(.init(on: day("2025-09-30"), amountFen: 1, payer: .merchant, kind: .compensation, lossFen: -1)), after: accepted)
                == .negativeAmount(field: "lossFen", amountFen: -1))
    }

    /// Each kind by its own rule. ¥50 of food: the Food Safety Law (Art. 148) awards ten times the price or three
    /// times the loss, at least ¥1,000; the Consumer Rights Protection Law (Art. 55) three times the price, at
    /// least ¥500. Both awards, which a cap of 4 times the price refused, are lawful.
    @Test func eachPaymentIsCheckedByTheRuleOfItsKind() throws {
        let food: [ComplaintCommand] = [receive(amountFen: 5_000), .accept(on: day("2025-09-30"))]
        func pay(_ fen: Int64, _ kind: CompensationKind, _ basis: PunitiveBasis? = nil, loss: Int64? = nil) -> ComplaintCommand {
            .compensate(.init(on: day("2025-10-01"), amountFen: fen, payer: .merchant, kind: kind, basis: basis, lossFen: loss))
        }
        _ = try given(food + [pay(100_000, .punitive, .foodSafetyArt148)])                    // ¥1,000 on ¥50 of food
        _ = try given(food + [pay(50_000, .punitive, .consumerRightsArt55)])                  // ¥500 on ¥50
        #expect(try refusal(pay(100_001, .punitive, .foodSafetyArt148), after: food)
                == .compensationAboveLimit(totalFen: 100_001, limitFen: 100_000, rule: CompensationRules.rule(.punitive(.foodSafetyArt148), multiple: 4)))
        #expect(try refusal(pay(50_001, .punitive, .consumerRightsArt55), after: food)
                == .compensationAboveLimit(totalFen: 50_001, limitFen: 50_000, rule: CompensationRules.rule(.punitive(.consumerRightsArt55), multiple: 4)))
        // Three times a loss of ¥400 is ¥1,200, above the minimum: the loss decides.
        _ = try given(food + [pay(120_000, .punitive, .foodSafetyArt148, loss: 40_000)])
        #expect(try refusal(pay(120_001, .punitive, .foodSafetyArt148, loss: 40_000), after: food) != nil)
        // ¥300 of goods: three times the price, ¥900, is above ¥500.
        let goods: [ComplaintCommand] = [receive(amountFen: 30_000), .accept(on: day("2025-09-30"))]
        _ = try given(goods + [pay(90_000, .punitive, .consumerRightsArt55)])
        #expect(try refusal(pay(90_001, .punitive, .consumerRightsArt55), after: goods) != nil)
        // Punitive damages name their basis; nothing else does.
        #expect(try refusal(pay(100, .punitive), after: food) == .missing(field: "basis (punitive damages)"))
        #expect(try refusal(pay(100, .refund, .consumerRightsArt55), after: food) == .basisWithoutPunitive(kind: "refund"))
        // Everything else adds up to the policy's 4 times the price, apart from the punitive award: a prior
        // compensation and the merchant's own refund both fit.
        let paid = food + [pay(5_000, .refund), pay(5_000, .noReasonReturn), pay(50_000, .punitive, .consumerRightsArt55),
                           pay(5_000, .repair), pay(3_000, .replacement), pay(1_000, .agreed), pay(1_000, .compensation)]
        #expect(try given(paid).compensatedFen == 70_000)
        #expect(try refusal(pay(1, .compensation), after: paid)
                == .compensationAboveLimit(totalFen: 20_001, limitFen: 20_000, rule: CompensationRules.rule(.restitution, multiple: 4)))
        // The award stays within its own limit however much else was paid.
        #expect(try refusal(pay(1, .punitive, .consumerRightsArt55), after: paid) != nil)
        // One claim, one statute.
        #expect(try refusal(pay(1, .punitive, .foodSafetyArt148), after: paid)
                == .punitiveBasisDiffers(recorded: "consumer-rights-art55", given: "food-safety-art148"))
    }

    @Test func aTerminatedMediationNeedsAReason() throws {
        let mediating: [ComplaintCommand] = [receive(), .accept(on: day("2025-09-30")), .startMediation(on: day("2025-10-09"), mode: .administrative)]
        #expect(try refusal(.endMediation(on: day("2025-10-10"), outcome: .terminated, reason: nil), after: mediating)
                == .missing(field: "reason (mediation terminated)"))
        _ = try given(mediating + [.endMediation(on: day("2025-10-10"), outcome: .terminated, reason: "被投诉人拒绝调解")])
    }

    /// Order 121 Art. 16 added identity refused as a ground; a case received the day before it took effect is
    /// judged under Order 20, which has no such ground.
    @Test func aGroundOfOrder121IsRefusedOnAnOrder20Case() throws {
        let refuse = ComplaintCommand.refuse(on: day("2026-04-16"), ground: .identityRefused, note: nil)
        #expect(try refusal(refuse, after: [receive(on: "2026-04-14")]) == .groundNotInRegime(ground: "identity-refused", regime: .order20))
        #expect(try given([receive(on: "2026-04-15"), refuse]).stage == .notAccepted)
        #expect(try given([receive(on: "2026-04-14"), .refuse(on: day("2026-04-16"), ground: .materialsMissing, note: nil)]).stage == .notAccepted)
    }

    /// Accepted Wed 2026-04-15, the 45 working days end Mon 2026-06-22 (docs/DOMAIN.md §2.7): an agreement that day
    /// is in time, the next day it is not, and the mediation is terminated instead (Order 20 Art. 21(5)).
    @Test func anAgreementAfterTheMediationLimitIsRefused() throws {
        let mediating: [ComplaintCommand] = [receive(on: "2026-04-14"), .accept(on: day("2026-04-15")),
                                             .startMediation(on: day("2026-04-20"), mode: .administrative)]
        _ = try given(mediating + [.endMediation(on: day("2026-06-22"), outcome: .agreement, reason: nil)])
        #expect(try refusal(.endMediation(on: day("2026-06-23"), outcome: .agreement, reason: nil), after: mediating)
                == .agreementAfterLimit(on: day("2026-06-23"), due: day("2026-06-22")))
        let terminated = try given(mediating + [.endMediation(on: day("2026-06-23"), outcome: .terminated, reason: "45 个工作日内未达成调解协议")])
        #expect(terminated.stage == .mediated(.terminated))
        // A limit in a year whose holidays are unpublished is provisional: it refuses nothing.
        let late: [ComplaintCommand] = [receive(on: "2026-12-01"), .accept(on: day("2026-12-02")), .startMediation(on: day("2026-12-03"), mode: .odr)]
        _ = try given(late + [.endMediation(on: day("2027-06-30"), outcome: .agreement, reason: nil)])
    }

    /// Received Mon 2025-03-10, due Wed 03-19 (7 working days). Suspended Wed 03-12 with 5 working days left
    /// (13, 14, 17, 18, 19): resumed Mon 03-24 it is due Mon 03-31; resumed Fri 03-28 it is due Mon 04-07, past
    /// Qingming (4–6 April).
    @Test func aSuspendedClockResumesWithTheWorkingDaysItHadLeft() throws {
        let suspended: [ComplaintCommand] = [receive(on: "2025-03-10"), .suspendClock(on: day("2025-03-12"), reason: .consumerDelay, note: nil)]
        #expect(try given(suspended).suspension == Complaint.Suspension(limit: .acceptance, since: day("2025-03-12")))
        let resumed = try given(suspended + [.resumeClock(on: day("2025-03-24"))])
        #expect(resumed.acceptanceDue == Deadline(date: day("2025-03-31"), isProvisional: false) && resumed.suspension == nil)
        #expect(try given(suspended + [.resumeClock(on: day("2025-03-28"))]).acceptanceDue == Deadline(date: day("2025-04-07"), isProvisional: false))
        // Resumed the day it stopped, nothing is lost or gained.
        #expect(try given(suspended + [.resumeClock(on: day("2025-03-12"))]).acceptanceDue?.date == day("2025-03-19"))

        // While suspended, an act that stops the limit waits; a second suspension too.
        #expect(try refusal(.accept(on: day("2025-03-13")), after: suspended) == .clockSuspended(command: "accept", limit: .acceptance, since: day("2025-03-12")))
        #expect(try refusal(.suspendClock(on: day("2025-03-13"), reason: .testingOrAppraisal, note: nil), after: suspended)
                == .clockSuspended(command: "suspend the clock", limit: .acceptance, since: day("2025-03-12")))
        #expect(try refusal(.resumeClock(on: day("2025-03-13")), after: [receive(on: "2025-03-10")]) != nil)
        #expect(try refusal(.suspendClock(on: day("2025-03-13"), reason: .other, note: nil), after: [receive(on: "2025-03-10")])
                == .missing(field: "note (suspended for another reason)"))

        // A limit already passed when suspended stays passed.
        let late = try given([receive(on: "2025-03-10"), .suspendClock(on: day("2025-03-21"), reason: .testingOrAppraisal, note: nil),
                              .resumeClock(on: day("2025-04-01"))])
        #expect(late.acceptanceDue?.date == day("2025-03-19"))

        // The mediation clock: accepted Wed 2026-04-15, due Mon 2026-06-22 (docs/DOMAIN.md §2.7). Suspended for testing
        // on Fri 06-19 with 1 working day left (22), resumed Mon 06-29: due Tue 06-30.
        let mediating = try given([receive(on: "2026-04-14"), .accept(on: day("2026-04-15")), .startMediation(on: day("2026-04-20"), mode: .odr),
                                   .suspendClock(on: day("2026-06-19"), reason: .testingOrAppraisal, note: "送检"), .resumeClock(on: day("2026-06-29"))])
        #expect(mediating.mediationDue == Deadline(date: day("2026-06-30"), isProvisional: false))
        #expect(try refusal(.endMediation(on: day("2026-06-30"), outcome: .agreement, reason: nil), after: [
            receive(on: "2026-04-14"), .accept(on: day("2026-04-15")), .startMediation(on: day("2026-04-20"), mode: .odr),
            .suspendClock(on: day("2026-06-19"), reason: .testingOrAppraisal, note: "送检"), .resumeClock(on: day("2026-06-29"))]) == nil)
    }

    /// ODR has a limit of its own (D10): 10 working days from the start of an ODR mediation, Mon 2025-03-10 to
    /// Mon 03-24. Other tracks have none beyond the mediation limit.
    @Test func anODRMediationRecordsItsOwnLimit() throws {
        let accepted: [ComplaintCommand] = [receive(on: "2025-03-03"), .accept(on: day("2025-03-05"))]
        let odr = try Complaint.decide(.startMediation(on: day("2025-03-10"), mode: .odr), try given(accepted), rules).get()
        #expect(odr == [.mediationStarted(.init(startedOn: day("2025-03-10"), mode: .odr, trackDue: Deadline(date: day("2025-03-24"), isProvisional: false)))])
        let administrative = try Complaint.decide(.startMediation(on: day("2025-03-10"), mode: .administrative), try given(accepted), rules).get()
        #expect(administrative == [.mediationStarted(.init(startedOn: day("2025-03-10"), mode: .administrative))])
    }

    /// A merchant pledging 7 days of no-reason returns takes a return claimed (the complaint received Fri 2025-09-26)
    /// 7 days after purchase, not 8.
    @Test func aNoReasonReturnIsHeldToThePledgedWindow() throws {
        let accepted = try given([receive(on: "2025-09-26"), .accept(on: day("2025-09-30"))])
        func pay(_ purchased: String?) -> ComplaintCommand {
            .compensate(.init(on: day("2025-10-09"), amountFen: 1_000, payer: .merchant, kind: .noReasonReturn, purchasedOn: purchased.map(day)))
        }
        _ = try Complaint.decide(pay("2025-09-19"), accepted, rules, returnWindowDays: 7).get()
        guard case .failure(let refused) = Complaint.decide(pay("2025-09-18"), accepted, rules, returnWindowDays: 7) else {
            Issue.record("a return 8 days after purchase was taken"); return
        }
        #expect(refused == .returnOutsideWindow(purchasedOn: day("2025-09-18"), claimedOn: day("2025-09-26"), windowDays: 7))
        #expect(refused.description.contains("within 7 days"))
        // Goods are bought before they are complained of; a day from the calendar's end is refused too.
        for purchased in ["2025-09-27", "9999-12-31"] {
            #expect(Complaint.decide(pay(purchased), accepted, rules, returnWindowDays: 7)
                    == .failure(.purchasedAfterReceipt(purchasedOn: day(purchased), receivedOn: day("2025-09-26"))))
        }
        // The store that took a return elsewhere goes with a return or exchange only.
        #expect(Complaint.decide(.compensate(.init(on: day("2025-10-09"), amountFen: 100, payer: .merchant, kind: .compensation, returnStore: "某店")),
                                 accepted, rules) == .failure(.returnStoreWithoutReturn(kind: "compensation")))
        // Without the day of purchase, or without a pledged window, there is nothing to hold it to.
        _ = try Complaint.decide(pay(nil), accepted, rules, returnWindowDays: 7).get()
        _ = try Complaint.decide(pay("2025-01-01"), accepted, rules).get()
    }

    @Test func aDeadlineInAnUnpublishedYearIsRecordedAsProvisional() throws {
        // What happened is always recordable; the deadline says it may move once 2027's notice is out.
        let state = try given([receive(on: "2026-12-28")])
        #expect(state.acceptanceDue == Deadline(date: day("2027-01-06"), isProvisional: true))   // 29, 30, 31 Dec, then Mon-Fri
        let events = try Complaint.decide(receive(on: "2026-12-28"), Complaint.initial, rules).get()
        #expect(try ComplaintEvent.decode(type: events[0].type, schemaVersion: 1, events[0].encoded()) == events[0])
    }

    @Test func everyEventSurvivesItsStoredForm() throws {
        var state = Complaint.initial
        var all: [ComplaintEvent] = []
        for command in [receive(), .accept(on: day("2025-09-30")), .startMediation(on: day("2025-10-09"), mode: .odr),
                        .endMediation(on: day("2025-10-10"), outcome: .terminated, reason: "双方无法达成一致"),
                        .compensate(.init(on: day("2025-10-11"), amountFen: 100, payer: .priorCompensationFund, kind: .noReasonReturn)),
                        .close(on: day("2025-10-12"))] as [ComplaintCommand] {
            for event in try Complaint.decide(command, state, rules).get() {
                state = Complaint.evolve(state, event)
                all.append(event)
            }
        }
        all += try Complaint.decide(.refuse(on: day("2026-04-20"), ground: .identityRefused, note: "拒绝身份核验"), try given([receive(on: "2026-04-15")]), rules).get()
        all += [.assigned(on: day("2025-09-27"), unit: "u", transferred: true), .feedbackGiven(on: day("2025-10-12")),
                .satisfactionRated(on: day("2025-10-13"), satisfied: false), .revisited(on: day("2025-11-13"), note: nil),
                .revisited(on: day("2025-11-14"), note: "n")]
        #expect(all.count == 12)
        for event in all {
            #expect(try ComplaintEvent.decode(type: event.type, schemaVersion: ComplaintEvent.schemaVersion, event.encoded()) == event)
        }
        #expect(try ComplaintEvent.decode(type: "merchant.pledged", schemaVersion: 1, []) == nil)
    }
}
