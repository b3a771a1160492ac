import Domain
import Testing

@Suite struct ClockTests {
    let today = day("2026-05-01")

    @Test func daysCloseInOrderOnlyOnce() throws {
        var state = Clock.initial
        for event in try Clock.close(day("2026-04-14"), state, ledgerDay: today).get() { state = Clock.evolve(state, event) }
        #expect(state.lastClosed == day("2026-04-14"))
        #expect(Clock.close(day("2026-04-14"), state, ledgerDay: today) == .failure(.notAfterLastClosed(day: day("2026-04-14"), last: day("2026-04-14"))))
        #expect(Clock.close(day("2026-04-01"), state, ledgerDay: today) == .failure(.notAfterLastClosed(day: day("2026-04-01"), last: day("2026-04-14"))))
        #expect(try Clock.close(day("2026-04-16"), state, ledgerDay: today).get() == [.dayClosed(day("2026-04-16"))])   // a gap is allowed: the service may have been down
        // Only a day that is over, and within the ledger's days, can be closed.
        #expect(Clock.close(today, state, ledgerDay: today) == .failure(.notOver(day: today, ledgerDay: today)))
        #expect(Clock.close(day("9999-12-31"), state, ledgerDay: today) == .failure(.outOfBounds(day: day("9999-12-31"))))
        let event = ClockEvent.dayClosed(day("2026-04-16"))
        #expect(try ClockEvent.decode(type: event.type, schemaVersion: 1, event.encoded()) == event)
    }
}
