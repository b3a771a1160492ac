import Domain
import Testing
import TestSupport

/// Local, temporary limits (docs/DOMAIN.md §2.3: Changchun shortened acceptance and report verification to 3 working
/// days during the 2020 epidemic). The calendar here starts in 2023, so the tests use the same rule in 2025.
@Suite struct DeadlineOverrideTests {
    let changchun = try! RegionCode("220100")
    var rules: ComplaintRules {
        var policy = DeadlinePolicy.standard
        policy.overrides = [.init(regions: [changchun], from: day("2025-03-01"), to: day("2025-05-31"),
                                  acceptanceWorkingDays: 3, reportVerificationWorkingDays: 3, note: "疫情期间缩短时限")]
        return ComplaintRules(calendar: fixtureCalendar, policy: policy)
    }

    func received(in region: String, on date: String) throws -> ComplaintEvent.Received? {
        let command = ComplaintCommand.receive(.init(
            channel: .hotline12315, consumer: "c", merchant: nil, merchantName: "m", category: .goods, subcategory: "s",
            amountInDisputeFen: 1, receivedRegion: try RegionCode(region), merchantRegion: try RegionCode(region), receivedOn: day(date)))
        guard case .received(let event) = try Complaint.decide(command, Complaint.initial, rules).get().first else { return nil }
        return event
    }

    @Test func anOverrideAppliesWithinItsRegionAndPeriodOnly() throws {
        #expect(try received(in: "220102", on: "2025-04-07")?.acceptanceDue.date == day("2025-04-10"))   // 南关区, within: 3 days
        #expect(try received(in: "220102", on: "2025-06-03")?.acceptanceDue.date == day("2025-06-12"))   // after the period: 7
        #expect(try received(in: "330522", on: "2025-04-07")?.acceptanceDue.date == day("2025-04-16"))   // elsewhere: 7
        // Only what the override names changes: mediation keeps its 45 working days.
        #expect(rules.limits(region: try RegionCode("220102"), receivedOn: day("2025-04-07"))
                == DeadlinePolicy.Limits(acceptanceWorkingDays: 3, mediationWorkingDays: 45, reportVerificationWorkingDays: 3, odrWorkingDays: 10,
                                         terminationNoticeWorkingDays: 7, reporterNoticeWorkingDays: 5, penaltyDecisionCalendarDays: 90,
                                         penaltyExtensionCalendarDays: 30))
    }

    @Test func regionsHoldTheirCountiesAndCities() throws {
        #expect(try RegionCode("220000").contains(try RegionCode("220102")))
        #expect(try RegionCode("220100").contains(try RegionCode("220102")))
        #expect(try !RegionCode("220100").contains(try RegionCode("220200")))
        #expect(try RegionCode("330522").contains(try RegionCode("330522")))
        #expect(try !RegionCode("330522").contains(try RegionCode("330521")))
        // A province holds a city of its own and not one of another province; codes as read models keep them.
        #expect(try RegionCode("330000").contains(recorded: "330500") && !RegionCode("330000").contains(recorded: "320500"))
        // A county and its own city are not two regions; two counties, or a county and another city, are.
        #expect(RegionCode.areNested("330522", "330500") && RegionCode.areNested("330500", "330522"))
        #expect(!RegionCode.areNested("330522", "330521") && !RegionCode.areNested("330522", "330400"))
    }

    @Test func theOverridesAndTheTierPolicyAreRecordedWithThePolicy() throws {
        for event in [PolicyEvent.deadlinesAdopted(rules.policy), .tierPolicyAdopted(.standard)] {
            #expect(try PolicyEvent.decode(type: event.type, schemaVersion: 1, event.encoded()) == event)
        }
    }
}
