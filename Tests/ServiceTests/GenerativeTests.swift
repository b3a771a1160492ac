import Application
import Commands
import Domain
import Foundation
import JSONText
import Ledger
import Projections
import PropertyBased
import Queries
import ReadModels
import Testing
import TestSupport
import Vault

/// Random sequences of commands, extreme values mixed in, go through the recorder that import and the service
/// share; then the read models must build, a rebuild must equal the incremental fold byte for byte, and every
/// query must answer, now and as of earlier positions. A failure reports its seed (`.fixedSeed(…)` replays it)
/// and shrinks to the fewest, simplest steps that still fail.
@Suite struct GenerativeTests {
    /// One command, as choices among the values below: small integers, so that shrinking simplifies them.
    struct Step: Sendable, CustomStringConvertible {
        var target: Int, command: Int, day: Int, amount: Int, text: Int, choice: Int

        var description: String { "(\(target),\(command),\(day),\(amount),\(text),\(choice))" }
    }

    static let step = zip(Gen.int(in: 0...5), Gen.int(in: 0...40), Gen.int(in: 0...31), Gen.int(in: 0...31), Gen.int(in: 0...39), Gen.int(in: 0...15))
        .map { Step(target: $0, command: $1, day: $2, amount: $3, text: $4, choice: $5) }

    @Test func anySequenceOfCommandsFoldsAndEveryQueryAnswers() async {
        await propertyCheck(count: 60, input: Self.step.array(of: 1...80)) { steps in
            try await Self.check(steps)
        }
    }

    // MARK: - The values

    /// The ledger's own day is 2026-01-15. Most values are ordinary, so that sequences reach every stage of a
    /// complaint's, a merchant's and a report's life; the rest sit at and beyond every bound.
    static let ledgerDay = CivilDate("2026-01-15")!
    static let ordinaryDays = ["2025-03-03", "2025-03-04", "2025-03-10", "2025-06-30", "2025-12-31", "2026-01-14", "2026-01-15", "2026-01-16"]
    static let extremeDays = ["2026-01-17", "2000-01-01", "2099-12-31", "1999-12-31", "9999-12-31", "0001-01-01"]
    static let ordinaryAmounts: [Int64] = [1, 100, 400, 9_900, 1_000, 50, 7, 300]
    static let extremeAmounts: [Int64] = [0, 10_000_000_000, 10_000_000_001, .max, -1, .min]
    static let ordinaryTexts = ["x", "商户", "说明", "bank", "甲", "y", "第一行\n第二行"]
    static let extremeTexts = ["", String(repeating: "i", count: 100), String(repeating: "i", count: 101), String(repeating: "名", count: 100),
                               String(repeating: "名", count: 101), String(repeating: "文", count: 1_333), String(repeating: "文", count: 1_334),
                               "a\u{1}b", "  ", "\u{7F}", "\u{85}"]
    static let complaints = ["c-1", "c-2"], reports = ["r-1"]
    static let merchants = ["91330522MA2B3C4D57", "91330421MA28JJY015"]

    /// Each target's life, in an order the domain takes.
    static let lives = [
        ["receive", "suspendClock", "resumeClock", "accept", "startMediation", "suspendClock", "compensate", "resumeClock", "endMediation", "compensate",
         "close", "giveFeedback", "rateSatisfaction", "revisit", "assign"],
        ["apply", "preReview", "review", "pledge", "evaluate", "inspect", "grantCredit", "openCardAcquiring", "recordViolation", "listAbnormal",
         "recordBreach", "rectify", "removeAbnormal", "withdrawPledge", "revokeCredit", "expireCredit", "grantCredit", "delist"],
        ["receiveReport", "suspendVerification", "resumeVerification", "verify", "decideCase", "closeCase", "payReward"],
    ]

    static func day(_ step: Step, _ sequence: Int) -> String {
        step.day < 26 ? ordinaryDays[min(sequence, ordinaryDays.count - 1)] : extremeDays[(step.day - 26) % extremeDays.count]
    }

    /// The import line a step stands for; `sequence` counts the steps on its target before it. Half the time the
    /// command is the next in the target's life (the order docs/COMMANDS.md lists them in), else any.
    static func line(_ step: Step, index: Int, sequence: Int) -> [String: JSONValue] {
        let day = JSONValue.string(day(step, sequence))
        let amount = JSONValue.int(step.amount < 26 ? ordinaryAmounts[step.amount % ordinaryAmounts.count] : extremeAmounts[(step.amount - 26) % extremeAmounts.count])
        let text = JSONValue.string(step.text < 29 ? ordinaryTexts[step.text % ordinaryTexts.count] : extremeTexts[(step.text - 29) % extremeTexts.count])
        let name = step.text % 3 == 0 ? text : "商户"
        func pick(_ names: [String]) -> JSONValue { .string(step.choice == 15 ? "no-such-value" : names[step.choice % names.count]) }
        let region: JSONValue = step.choice == 14 ? "000000" : (step.choice % 2 == 0 ? "330522" : "330421")
        let flag = JSONValue.bool(step.choice % 2 == 0)
        var document: [String: JSONValue] = ["id": .string("cmd-\(index)-\(step.choice)"), "actor": ["id": "gen", "role": "admin"]]

        let target = step.target % 3
        let keys = CommandTarget.allCases[target].commands
        let key = step.command % 2 == 0 ? lives[target][sequence % lives[target].count] : keys[step.command % keys.count]
        var fields: [String: JSONValue]
        switch key {
        case "receive":
            fields = ["channel": pick(["12315-hotline", "12315-online", "odr-enterprise"]), "consumer": step.text % 4 == 0 ? text : "consumer-1",
                      "consumerName": "张三", "consumerPhone": "13900000000", "merchant": .string(merchants[step.choice % 2]), "merchantName": name,
                      "category": pick(["goods", "service"]), "subcategory": name, "amountInDisputeFen": amount, "receivedRegion": region,
                      "merchantRegion": "330522", "receivedOn": day]
        case "refuse": fields = ["on": day, "ground": pick(["other", "identity-refused", "time-barred"]), "note": text]
        case "startMediation": fields = ["on": day, "mode": pick(["odr", "administrative"])]
        case "endMediation": fields = ["on": day, "outcome": pick(["agreement", "failed", "terminated"]), "reason": text]
        case "compensate": fields = ["on": day, "amountFen": amount, "payer": pick(["merchant", "platform"]), "kind": pick(["refund", "punitive"])]
        case "assign": fields = ["on": day, "unit": text, "transferred": flag]
        case "rateSatisfaction": fields = ["on": day, "satisfied": flag]
        case "revisit": fields = ["on": day, "note": text]
        case "suspendVerification": fields = ["on": day, "reason": pick(["testing-or-appraisal", "other"]), "note": text]
        case "suspendClock": fields = ["on": day, "reason": pick(["testing-or-appraisal", "consumer-delay", "other"]), "note": text]
        case "apply": fields = ["on": day, "name": name, "region": region, "industry": name, "address": text, "route": pick(["self-declared", "local-nomination"])]
        case "preReview", "review": fields = ["on": day, "passed": .bool(step.choice != 1), "reasons": [text]]
        case "pledge":
            fields = ["on": day, "kind": pick(["reassured-consumption", "offline-no-reason-return", "cross-store-return", "prior-compensation"]),
                      "windowDays": .int(Int64(step.amount) * 40 - 1), "brand": name, "coverage": [text], "exclusions": [], "fundFen": amount]
        case "withdrawPledge", "recordBreach":
            fields = ["on": day, "kind": pick(["reassured-consumption", "offline-no-reason-return"]), "description": text]
        case "evaluate": fields = ["on": day, "score": .int(Int64(step.amount * 4)), "stars": .int(Int64(step.choice % 7))]
        case "inspect": fields = ["on": day, "method": pick(["undercover", "cross-check"]), "passed": flag, "findings": text]
        case "recordViolation": fields = ["on": day, "kind": pick(["violation", "administrative-penalty"]), "description": text, "penaltyFen": amount]
        case "listAbnormal", "removeAbnormal", "delist": fields = ["on": day, "reason": text]
        case "rectify": fields = ["on": day, "description": text]
        case "grantCredit": fields = ["on": day, "bank": pick(["bank-a", "bank-b"]), "product": "p", "amountFen": amount, "termMonths": .int(Int64(step.amount) * 50)]
        case "revokeCredit": fields = ["on": day, "bank": pick(["bank-a", "bank-b"]), "product": "p", "reason": text]
        case "expireCredit": fields = ["on": day, "bank": pick(["bank-a", "bank-b"]), "product": "p"]
        case "openCardAcquiring": fields = ["on": day, "bank": pick(["bank-a", "bank-b"]), "feeSubsidyFen": amount]
        case "receiveReport":
            fields = ["channel": pick(["12315-hotline"]), "reporter": "r", "merchantName": name, "allegation": text, "receivedRegion": region, "receivedOn": day]
        case "verify": fields = ["on": day, "substantiated": flag, "findings": text]
        case "decideCase": fields = ["on": day, "filed": flag, "reference": text]
        case "closeCase": fields = ["on": day, "penaltyFen": amount, "decision": text]
        case "payReward": fields = ["on": day, "amountFen": amount]
        default: fields = ["on": day]   // accept, close, giveFeedback
        }
        switch target {
        case 0: document["complaint"] = .string(complaints[step.target / 3 % complaints.count])
        case 1: document["merchant"] = .string(merchants[step.target / 3 % merchants.count])
        default: document["report"] = .string(reports[0])
        }
        document[key] = .object(fields)
        return document
    }

    // MARK: - The property

    static func check(_ steps: [Step]) async throws {
        let clock: @Sendable () -> Timestamp = { Timestamp(businessDay: ledgerDay) }
        let scratch = try Scratch(clock: clock)
        let recorder = try await CommandRecorder.open(
            ledger: scratch.ledger, calendar: fixtureCalendar, deadlines: .standard, tiers: .standard, actor: Actor(id: "gen", role: "system"))
        let runner = try scratch.runner()
        var positions: [UInt64] = []
        var sequences: [Int: Int] = [:]
        for (index, step) in steps.enumerated() {
            var advanced = false
            if step.target == 5 {
                // Days pass too: the clock's ticks wake merchants in 预警库.
                let closing = CivilDate(day(step, sequences[5, default: 0]))!
                _ = try? await ClockService(ledger: scratch.ledger).close(closing, actor: Actor(id: "gen", role: "system"))
            } else {
                var writer = JSONWriter()
                writer.write(JSONValue.object(line(step, index: index, sequence: sequences[step.target, default: 0])))
                if let parsed = try? ParsedCommand(parsing: Data(writer.bytes), vault: recorder.vault) {
                    _ = try? await recorder.record(parsed)
                    // A command within the bounds moves its target's life on, decided or refused.
                    if parsed.day <= ledgerDay { advanced = true }
                }
            }
            // The live models fold as the log grows, in batches of every size.
            if step.choice % 3 == 0 { try runner.catchUp() }
            positions.append(try scratch.ledger.head().position)
            if advanced || step.target == 5 { sequences[step.target, default: 0] += 1 }
        }
        try runner.catchUp()

        // A rebuild from the first event gives the live rows, byte for byte.
        let checks = try runner.check()
        #expect(checks.count == ProjectionRunner.projectionNames.count)
        for check in checks { #expect(check.matches, "\(check.projection): the rebuild differs from the incremental fold") }

        // Every question answers, now and as of earlier positions.
        let queries = ReadModelQueries(runner: runner, catchesUp: false)
        for asOf in [nil, positions.first.map(AsOf.position), positions.dropLast().last.map(AsOf.position)] {
            try ask(queries, asOf: asOf)
        }
    }

    static func ask(_ queries: ReadModelQueries, asOf: AsOf?) throws {
        for region in [nil, try RegionCode("330000"), try RegionCode("330522")] {
            _ = try queries.tierCounts(region: region, asOf: asOf)
            for tier in Tier.allCases { _ = try queries.tierList(tier, region: region, asOf: asOf) }
        }
        for code in merchants {
            do { _ = try queries.merchant(code, asOf: asOf) } catch .noSuchMerchant {}
        }
        let ranges: [(CivilDate?, CivilDate?)] = [(nil, nil), (.earliest, .latest), (.earliest, .earliest), (.latest, .latest),
                                                  (CivilDate("2025-01-01"), CivilDate("2025-12-31"))]
        for grouping in StatisticsQuery.Grouping.allCases {
            for (from, to) in ranges {
                _ = try queries.statistics(StatisticsQuery(from: from, to: to, groupBy: grouping, top: grouping == .merchant ? 3 : nil), asOf: asOf)
            }
        }
        _ = try queries.statistics(StatisticsQuery(region: try RegionCode("330000"), category: .goods, channel: .hotline12315, merchant: merchants[0]), asOf: asOf)
        _ = try queries.credit(asOf: asOf)
        _ = try queries.credit(merchant: merchants[0], bank: "bank-a", asOf: asOf)
        _ = try queries.credit(alertsOnly: true, asOf: asOf)
        _ = try queries.setAside(asOf: asOf)
        _ = try queries.events(limit: 1_000, asOf: asOf)
        _ = try queries.trail(actor: "gen", limit: 1_000, asOf: asOf)
        for complaint in complaints { _ = try queries.trail(stream: "complaint-\(complaint)", limit: 1_000, asOf: asOf) }
    }
}
