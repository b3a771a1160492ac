import Domain
import Testing

@Suite struct ClockTests {
    @Test func daysCloseInOrderOnlyOnce() throws {
        var state = Clock.initial
        for event in try Clock.close(day("2026-04-14"), state).get() { state = Clock.evolve(state, event) }
        #expect(state.lastClosed == day("2026-04-14"))
        #expect(Clock.close(day("2026-04-14"), state) == .failure(.notAfterLastClosed(day: day("2026-04-14"), last: day("2026-04-14"))))
        #expect(Clock.close(day("2026-04-01"), state) == .failure(.notAfterLastClosed(day: day("2026-04-01"), last: day("2026-04-14"))))
        #expect(try Clock.close(day("2026-04-16"), state).get() == [.dayClosed(day("2026-04-16"))])   // a gap is allowed: the service may have been down
        let event = ClockEvent.dayClosed(day("2026-04-16"))
        #expect(try ClockEvent.decode(type: event.type, schemaVersion: 1, event.encoded()) == event)
    }
}
