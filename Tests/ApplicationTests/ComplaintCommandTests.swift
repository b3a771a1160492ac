import Application
import Domain
import Foundation
import Ledger
import Testing
import TestSupport

@Suite struct ComplaintCommandTests {
    let official = Actor(id: "changxing-amr-01", role: "regulator")

    func receive(_ date: String) -> ComplaintCommand {
        .receive(.init(
            channel: .online12315, consumer: "consumer-42", merchant: nil, merchantName: "某餐馆", category: .service,
            subcategory: "餐饮", amountInDisputeFen: 100_000, receivedRegion: try! RegionCode("320412"),
            merchantRegion: try! RegionCode("330421"), receivedOn: CivilDate(date)!))
    }

    @Test func commandsBecomeEventsInTheComplaintsStream() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        let service = CommandHandler(ledger: ledger, rules: .standard(calendar: fixtureCalendar))
        let received = try await service.handle(.complaint(id: "C1", receive("2025-09-26")), commandID: "cmd-1", actor: official)
        let accepted = try await service.handle(.complaint(id: "C1", .accept(on: CivilDate("2025-09-30")!)), commandID: "cmd-2", actor: official)
        #expect(received.streamVersions == 1...1 && accepted.streamVersions == 2...2)

        let events = try ledger.readStream("complaint-C1")
        #expect(events.map(\.type) == ["complaint.received", "complaint.accepted"])
        #expect(events[0].occurredAt == Timestamp(rawValue: 1_758_816_000_000_000))   // 2025-09-26T00:00+08:00
        #expect(events[1].actor == official && events[1].commandID == "cmd-2")
        let (state, version) = try service.load(Complaint.self, "C1")
        #expect(state.stage == .accepted && version == 2)
    }

    @Test func aRetriedCommandIsAnsweredNotDecidedAgain() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        let service = CommandHandler(ledger: ledger, rules: .standard(calendar: fixtureCalendar))
        _ = try await service.handle(.complaint(id: "C1", receive("2025-09-26")), commandID: "cmd-1", actor: official)
        let first = try await service.handle(.complaint(id: "C1", .accept(on: CivilDate("2025-09-30")!)), commandID: "cmd-2", actor: official)
        // Decided again, a second "accept" would be refused; retried, it is the same command, already done.
        let retry = try await service.handle(.complaint(id: "C1", .accept(on: CivilDate("2025-09-30")!)), commandID: "cmd-2", actor: official)
        #expect(retry.positions == first.positions && retry.alreadyRecorded)
        do {
            _ = try await service.handle(.complaint(id: "C1", .accept(on: CivilDate("2025-10-01")!)), commandID: "cmd-3", actor: official)
            Issue.record("a second acceptance was recorded")
        } catch {
            #expect(error == .rejected(.complaint(.wrongStage(command: "accept", stage: "accepted"))))
        }
        #expect(try ledger.readStream("complaint-C1").count == 2)
    }

    /// An id names one request of one caller. Another official of the same role asks the same under the same id
    /// (so the same digest, which leaves out the actor's id): refused, nothing written. The first official's
    /// retry is answered.
    @Test func anotherCallerUnderTheSameIDIsRefused() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        let service = CommandHandler(ledger: ledger, rules: .standard(calendar: fixtureCalendar))
        _ = try await service.handle(.complaint(id: "C1", receive("2025-09-26")), commandID: "cmd-1", actor: official)
        let accept = ComplaintCommand.accept(on: CivilDate("2025-09-30")!)
        let first = try await service.handle(.complaint(id: "C1", accept), commandID: "cmd-2", request: "sha256:accept", actor: official)
        let colleague = Actor(id: "changxing-amr-02", role: official.role)
        await #expect(throws: HandlingError.commandIDReusedForAnotherRequest(commandID: "cmd-2", stream: "complaint-C1")) {
            try await service.handle(.complaint(id: "C1", accept), commandID: "cmd-2", request: "sha256:accept", actor: colleague)
        }
        let retry = try await service.handle(.complaint(id: "C1", accept), commandID: "cmd-2", request: "sha256:accept", actor: official)
        #expect(retry.positions == first.positions && retry.alreadyRecorded)
        #expect(try ledger.readStream("complaint-C1").count == 2)
    }

    @Test func concurrentOfficialsCannotBothActOnAStaleView() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        let service = CommandHandler(ledger: ledger, rules: .standard(calendar: fixtureCalendar))
        _ = try await service.handle(.complaint(id: "C1", receive("2025-09-26")), commandID: "cmd-1", actor: official)
        // Eight officials try to decide the same complaint at once: one accepts, the rest are told it is decided.
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<8 {
                group.addTask {
                    let command: ComplaintCommand = index % 2 == 0
                        ? .accept(on: CivilDate("2025-09-30")!) : .refuse(on: CivilDate("2025-09-30")!, ground: .alreadyHandled, note: nil)
                    return (try? await service.handle(.complaint(id: "C1", command), commandID: "decide-\(index)", actor: self.official)) != nil
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        #expect(try ledger.readStream("complaint-C1").count == 2)
    }
}
