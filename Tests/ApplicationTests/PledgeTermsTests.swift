import Application
import Domain
import Ledger
import Testing
import TestSupport

/// A no-reason return is held to the merchant's pledge as it stood on the day of purchase (docs/COMMANDS.md,
/// `compensate`), read from the merchant's own stream when the return is decided.
@Suite struct PledgeTermsTests {
    let official = Actor(id: "changxing-amr-01", role: "regulator")
    let code = try! UnifiedSocialCreditCode("91330522MA2B3C4D57")

    func on(_ text: String) -> CivilDate { CivilDate(text)! }

    func receive(on date: String) -> ComplaintCommand {
        .receive(.init(
            channel: .hotline12315, consumer: "consumer-0001", merchant: code, merchantName: "长兴放心超市", category: .goods, subcategory: "服装鞋帽",
            amountInDisputeFen: 19_900, receivedRegion: try! RegionCode("330522"), merchantRegion: try! RegionCode("330522"), receivedOn: on(date)))
    }

    func noReasonReturn(on date: String, purchasedOn: String) -> ComplaintCommand {
        .compensate(.init(on: on(date), amountFen: 19_900, payer: .merchant, kind: .noReasonReturn, purchasedOn: on(purchasedOn)))
    }

    /// Pledged 7 days on 2025-03-03, withdrawn on 06-01, pledged 15 days on 06-02. Goods bought 05-20 and claimed
    /// 06-01 (12 days) are held to 7: refused, though the merchant pledges 15 today. Goods bought 06-10 and claimed
    /// 06-22 (12 days) are held to 15: recorded. Goods bought 02-20, before any pledge, are held to none.
    @Test func aReturnIsHeldToThePledgeInForceOnTheDayOfPurchase() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(directory: directory.path)
        let handler = CommandHandler(ledger: ledger, rules: .standard(calendar: fixtureCalendar))
        var next = 0
        func record(_ command: DomainCommand) async throws(HandlingError) -> AppendResult {
            next += 1
            return try await handler.handle(command, commandID: "cmd-\(next)", actor: official)
        }
        _ = try await record(.merchant(code, .apply(on: on("2025-03-03"), name: "长兴放心超市", region: try RegionCode("330522"), industry: "零售",
                                                    address: "雉城街道", route: .localNomination)))
        _ = try await record(.merchant(code, .pledge(on: on("2025-03-03"), Pledge(kind: .offlineNoReasonReturn, windowDays: 7))))
        _ = try await record(.merchant(code, .withdrawPledge(on: on("2025-06-01"), kind: .offlineNoReasonReturn)))
        _ = try await record(.merchant(code, .pledge(on: on("2025-06-02"), Pledge(kind: .offlineNoReasonReturn, windowDays: 15))))

        for (complaint, received) in [("C1", "2025-06-01"), ("C2", "2025-06-22"), ("C3", "2025-03-10")] {
            _ = try await record(.complaint(id: complaint, receive(on: received)))
            _ = try await record(.complaint(id: complaint, .accept(on: on(received))))
        }
        await #expect(throws: HandlingError.rejected(.complaint(.returnOutsideWindow(purchasedOn: on("2025-05-20"), claimedOn: on("2025-06-01"), windowDays: 7)))) {
            try await record(.complaint(id: "C1", noReasonReturn(on: "2025-06-03", purchasedOn: "2025-05-20")))
        }
        _ = try await record(.complaint(id: "C2", noReasonReturn(on: "2025-06-23", purchasedOn: "2025-06-10")))
        // Bought 18 days before the claim, before the first pledge: no window to hold it to.
        _ = try await record(.complaint(id: "C3", noReasonReturn(on: "2025-03-11", purchasedOn: "2025-02-20")))
        #expect(try handler.load(Complaint.self, "C2").state.compensatedFen == 19_900)
        #expect(try handler.load(Complaint.self, "C3").state.compensatedFen == 19_900)
    }
}
