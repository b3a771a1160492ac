import Domain
import JSONText
import Ledger
import Queries

/// A generated command as a line of an import file (docs/COMMANDS.md); nil for day closes, which import does not take.
enum GeneratedLine {
    static func json(_ command: ProvinceGenerator.Command) -> String? {
        var line: [String: JSONValue] = ["id": .string(command.id), "actor": .object(["id": .string(command.actor.id), "role": .string(command.actor.role)])]
        func day(_ date: CivilDate) -> JSONValue { .string(date.description) }
        func name(_ value: some ImportName) -> JSONValue { .string(value.importName) }
        switch command.action {
        case .closeDay:
            return nil
        case let .complaint(id, complaintCommand):
            line["complaint"] = .string(id)
            switch complaintCommand {
            case .receive(let receive):
                var body: [String: JSONValue] = [
                    "channel": name(receive.channel), "consumer": .string(receive.consumer), "merchantName": .string(receive.merchantName),
                    "category": name(receive.category), "subcategory": .string(receive.subcategory), "amountInDisputeFen": .int(receive.amountInDisputeFen),
                    "receivedRegion": .string(receive.receivedRegion.description), "merchantRegion": .string(receive.merchantRegion.description),
                    "receivedOn": day(receive.receivedOn)]
                if let merchant = receive.merchant { body["merchant"] = .string(merchant.description) }
                line["receive"] = .object(body)
            case .accept(let on): line["accept"] = .object(["on": day(on)])
            case let .refuse(on, ground, _): line["refuse"] = .object(["on": day(on), "ground": name(ground)])
            case let .startMediation(on, mode): line["startMediation"] = .object(["on": day(on), "mode": name(mode)])
            case let .endMediation(on, outcome, _): line["endMediation"] = .object(["on": day(on), "outcome": name(outcome)])
            case .compensate(let paid):
                var body: [String: JSONValue] = ["on": day(paid.on), "amountFen": .int(paid.amountFen), "payer": name(paid.payer), "kind": name(paid.kind)]
                if let basis = paid.basis { body["basis"] = name(basis) }
                if let loss = paid.lossFen { body["lossFen"] = .int(loss) }
                line["compensate"] = .object(body)
            case .close(let on): line["close"] = .object(["on": day(on)])
            case .giveFeedback(let on): line["giveFeedback"] = .object(["on": day(on)])
            case let .rateSatisfaction(on, satisfied): line["rateSatisfaction"] = .object(["on": day(on), "satisfied": .bool(satisfied)])
            case .notifyParties(let on): line["notifyParties"] = .object(["on": day(on)])
            case .assign, .revisit, .suspendClock, .resumeClock, .correct: return nil   // not generated
            }
        case let .merchant(code, merchantCommand):
            line["merchant"] = .string(code.description)
            switch merchantCommand {
            case let .apply(on, merchantName, region, industry, address, route):
                line["apply"] = .object(["on": day(on), "name": .string(merchantName), "region": .string(region.description),
                                         "industry": .string(industry), "address": .string(address), "route": name(route)])
            case let .preReview(on, passed, reasons):
                line["preReview"] = .object(["on": day(on), "passed": .bool(passed), "reasons": .array(reasons.map(JSONValue.string))])
            case let .pledge(on, pledge):
                var body: [String: JSONValue] = ["on": day(on), "kind": name(pledge.kind)]
                if let window = pledge.windowDays { body["windowDays"] = .int(Int64(window)) }
                if !pledge.exclusions.isEmpty { body["exclusions"] = .array(pledge.exclusions.map(JSONValue.string)) }
                if let fund = pledge.fundFen { body["fundFen"] = .int(fund) }
                line["pledge"] = .object(body)
            case let .review(on, passed, reasons):
                line["review"] = .object(["on": day(on), "passed": .bool(passed), "reasons": .array(reasons.map(JSONValue.string))])
            case let .evaluate(on, score, stars, rank):
                var body: [String: JSONValue] = ["on": day(on), "score": .int(Int64(score)), "stars": .int(Int64(stars))]
                if let rank { body["rank"] = name(rank) }
                line["evaluate"] = .object(body)
            case let .recordViolation(on, kind, description, penalty):
                var body: [String: JSONValue] = ["on": day(on), "kind": name(kind), "description": .string(description)]
                if let penalty { body["penaltyFen"] = .int(penalty) }
                line["recordViolation"] = .object(body)
            case let .rectify(on, description): line["rectify"] = .object(["on": day(on), "description": .string(description)])
            default: return nil   // not generated
            }
        case let .credit(code, creditCommand):
            line["merchant"] = .string(code.description)
            guard case let .grant(on, bank, product, amount, term) = creditCommand else { return nil }   // only grants are generated
            line["grantCredit"] = .object(["on": day(on), "bank": .string(bank), "product": .string(product),
                                           "amountFen": .int(amount), "termMonths": .int(Int64(term))])
        }
        return jsonLine(JSONValue.object(line))
    }
}
