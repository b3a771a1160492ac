import Commands
public import Domain
public import JSONText
public import PropertyBased

/// Random sequences of commands, as import lines, for the generative tests: most values ordinary, so that sequences
/// reach every stage of a complaint's, a merchant's and a report's life; the rest at and beyond every bound. A step
/// is a handful of small integers, so that a failing sequence shrinks to the simplest.
public enum CommandSequences {
    /// One command, as choices among the values below: small integers, so that shrinking simplifies them.
    public struct Step: Sendable, CustomStringConvertible {
        public var target: Int, command: Int, day: Int, amount: Int, text: Int, choice: Int

        public var description: String { "(\(target),\(command),\(day),\(amount),\(text),\(choice))" }
    }

    public static let step = zip(Gen.int(in: 0...5), Gen.int(in: 0...40), Gen.int(in: 0...31), Gen.int(in: 0...31), Gen.int(in: 0...39), Gen.int(in: 0...15))
        .map { Step(target: $0, command: $1, day: $2, amount: $3, text: $4, choice: $5) }

    // MARK: - The values

    /// The ledger's own day is 2026-01-15. Most values are ordinary, so that sequences reach every stage of a
    /// complaint's, a merchant's and a report's life; the rest sit at and beyond every bound.
    public static let ledgerDay = CivilDate("2026-01-15")!
    public static let ordinaryDays = ["2025-03-03", "2025-03-04", "2025-03-10", "2025-06-30", "2025-12-31", "2026-01-14", "2026-01-15", "2026-01-16"]
    public static let extremeDays = ["2026-01-17", "2000-01-01", "2099-12-31", "1999-12-31", "9999-12-31", "0001-01-01"]
    public static let ordinaryAmounts: [Int64] = [1, 100, 400, 9_900, 1_000, 50, 7, 300]
    public static let extremeAmounts: [Int64] = [0, 10_000_000_000, 10_000_000_001, .max, -1, .min]
    public static let ordinaryTexts = ["x", "商户", "说明", "bank", "甲", "y", "第一行\n第二行"]
    public static let extremeTexts = ["", String(repeating: "i", count: 100), String(repeating: "i", count: 101), String(repeating: "名", count: 100),
                               String(repeating: "名", count: 101), String(repeating: "文", count: 1_333), String(repeating: "文", count: 1_334),
                               "a\u{1}b", "  ", "\u{7F}", "\u{85}"]
    public static let complaints = ["c-1", "c-2"], reports = ["r-1"]
    public static let merchants = ["91330522MA2B3C4D57", "91330421MA28JJY015"]

    /// Each target's life, in an order the domain takes.
    public static let lives = [
        ["receive", "suspendClock", "resumeClock", "accept", "startMediation", "suspendClock", "compensate", "resumeClock", "endMediation", "compensate",
         "close", "giveFeedback", "rateSatisfaction", "revisit", "assign"],
        ["apply", "preReview", "review", "pledge", "evaluate", "inspect", "grantCredit", "openCardAcquiring", "recordViolation", "listAbnormal",
         "recordBreach", "rectify", "removeAbnormal", "withdrawPledge", "revokeCredit", "expireCredit", "grantCredit", "delist"],
        ["receiveReport", "suspendVerification", "resumeVerification", "verify", "decideCase", "closeCase", "payReward"],
    ]

    public static func day(_ step: Step, _ sequence: Int) -> String {
        step.day < 26 ? ordinaryDays[min(sequence, ordinaryDays.count - 1)] : extremeDays[(step.day - 26) % extremeDays.count]
    }

    /// The import line a step stands for; `sequence` counts the steps on its target before it. Half the time the
    /// command is the next in the target's life (the order docs/COMMANDS.md lists them in), else any.
    public static func line(_ step: Step, index: Int, sequence: Int) -> [String: JSONValue] {
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
        case "correct", "correctReport", "correctMerchant", "correctCredit":
            // A position among the first the sequence records: often an event of the stream, at times another's or none.
            fields = ["on": day, "corrects": .int(Int64(step.amount % 24 + 1)), "reason": text]
            if step.choice % 3 == 0 {
                fields["void"] = true
            } else {
                switch key {
                case "correct": fields["amountFen"] = amount
                case "correctReport": fields["amountFen"] = amount
                case "correctMerchant": fields[step.choice % 3 == 1 ? "penaltyFen" : "description"] = step.choice % 3 == 1 ? amount : text
                default: fields["amountFen"] = amount
                }
            }
            if key == "correctCredit" { fields["bank"] = pick(["bank-a", "bank-b"]) }
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
}
