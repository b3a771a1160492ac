import Domain

extension CommandDocument {
    /// Holds every value of the document to `Bounds` (docs/COMMANDS.md, "Bounds"), naming the first field out
    /// of bounds by its path in the document (`compensate.amountFen`). The domain then judges what is left.
    func checkBounds() throws(CommandError) {
        var check = BoundsCheck()
        try check.identifier(id, "id")
        try check.identifier(actor.id, "actor.id")
        try check.identifier(actor.role, "actor.role")
        if let complaint { try check.identifier(complaint, "complaint") }
        if let report { try check.identifier(report, "report") }
        typealias Fen = Bounds.Fen

        if let receive {
            try check.day(receive.receivedOn, "receive.receivedOn")
            try check.identifier(receive.consumer, "receive.consumer")
            try check.name(receive.consumerName, "receive.consumerName")
            try check.name(receive.consumerPhone, "receive.consumerPhone")
            try check.name(receive.merchantName, "receive.merchantName")
            try check.name(receive.subcategory, "receive.subcategory")
            try check.fen(receive.amountInDisputeFen, 0...Fen.dispute, "receive.amountInDisputeFen")
        }
        if let accept { try check.day(accept.on, "accept.on") }
        if let refuse {
            try check.day(refuse.on, "refuse.on")
            try check.free(refuse.note, "refuse.note")
        }
        if let startMediation { try check.day(startMediation.on, "startMediation.on") }
        if let endMediation {
            try check.day(endMediation.on, "endMediation.on")
            try check.free(endMediation.reason, "endMediation.reason")
        }
        if let compensate {
            try check.day(compensate.on, "compensate.on")
            try check.fen(compensate.amountFen, 1...Fen.dispute, "compensate.amountFen")
        }
        if let close { try check.day(close.on, "close.on") }
        if let assign {
            try check.day(assign.on, "assign.on")
            try check.identifier(assign.unit, "assign.unit")
        }
        if let giveFeedback { try check.day(giveFeedback.on, "giveFeedback.on") }
        if let rateSatisfaction { try check.day(rateSatisfaction.on, "rateSatisfaction.on") }
        if let revisit {
            try check.day(revisit.on, "revisit.on")
            try check.free(revisit.note, "revisit.note")
        }

        if let apply {
            try check.day(apply.on, "apply.on")
            try check.name(apply.name, "apply.name")
            try check.name(apply.industry, "apply.industry")
            try check.free(apply.address, "apply.address")
        }
        for (key, review) in [("preReview", preReview), ("review", review)] {
            guard let review else { continue }
            try check.day(review.on, "\(key).on")
            try check.list(review.reasons, "\(key).reasons", item: BoundsCheck.free)
        }
        if let pledge {
            try check.day(pledge.on, "pledge.on")
            if let days = pledge.windowDays { try check.number(days, Bounds.windowDays, "pledge.windowDays") }
            try check.list(pledge.exclusions, "pledge.exclusions", item: BoundsCheck.name)
            try check.name(pledge.brand, "pledge.brand")
            try check.list(pledge.coverage, "pledge.coverage", item: BoundsCheck.name)
            if let fund = pledge.fundFen { try check.fen(fund, 1...Fen.dispute, "pledge.fundFen") }
        }
        if let withdrawPledge { try check.day(withdrawPledge.on, "withdrawPledge.on") }
        if let evaluate { try check.day(evaluate.on, "evaluate.on") }
        if let inspect {
            try check.day(inspect.on, "inspect.on")
            try check.free(inspect.findings, "inspect.findings")
        }
        if let recordViolation {
            try check.day(recordViolation.on, "recordViolation.on")
            try check.free(recordViolation.description, "recordViolation.description")
            if let penalty = recordViolation.penaltyFen { try check.fen(penalty, 0...Fen.penalty, "recordViolation.penaltyFen") }
        }
        for (key, reason) in [("listAbnormal", listAbnormal), ("removeAbnormal", removeAbnormal), ("delist", delist)] {
            guard let reason else { continue }
            try check.day(reason.on, "\(key).on")
            try check.free(reason.reason, "\(key).reason")
        }
        if let recordBreach {
            try check.day(recordBreach.on, "recordBreach.on")
            try check.free(recordBreach.description, "recordBreach.description")
            if let complaint = recordBreach.complaint { try check.identifier(complaint, "recordBreach.complaint") }
        }
        if let rectify {
            try check.day(rectify.on, "rectify.on")
            try check.free(rectify.description, "rectify.description")
        }

        if let grantCredit {
            try check.day(grantCredit.on, "grantCredit.on")
            try check.identifier(grantCredit.bank, "grantCredit.bank")
            try check.identifier(grantCredit.product, "grantCredit.product")
            try check.fen(grantCredit.amountFen, 1...Fen.credit, "grantCredit.amountFen")
            try check.number(grantCredit.termMonths, Bounds.termMonths, "grantCredit.termMonths")
        }
        if let revokeCredit {
            try check.day(revokeCredit.on, "revokeCredit.on")
            try check.identifier(revokeCredit.bank, "revokeCredit.bank")
            try check.identifier(revokeCredit.product, "revokeCredit.product")
            try check.free(revokeCredit.reason, "revokeCredit.reason")
        }
        if let expireCredit {
            try check.day(expireCredit.on, "expireCredit.on")
            try check.identifier(expireCredit.bank, "expireCredit.bank")
            try check.identifier(expireCredit.product, "expireCredit.product")
        }
        if let openCardAcquiring {
            try check.day(openCardAcquiring.on, "openCardAcquiring.on")
            try check.identifier(openCardAcquiring.bank, "openCardAcquiring.bank")
            try check.fen(openCardAcquiring.feeSubsidyFen, 0...Fen.reward, "openCardAcquiring.feeSubsidyFen")
        }

        if let receiveReport {
            try check.day(receiveReport.receivedOn, "receiveReport.receivedOn")
            try check.identifier(receiveReport.reporter, "receiveReport.reporter")
            try check.name(receiveReport.reporterName, "receiveReport.reporterName")
            try check.name(receiveReport.reporterPhone, "receiveReport.reporterPhone")
            try check.name(receiveReport.merchantName, "receiveReport.merchantName")
            try check.free(receiveReport.allegation, "receiveReport.allegation")
        }
        if let verify {
            try check.day(verify.on, "verify.on")
            try check.free(verify.findings, "verify.findings")
        }
        if let decideCase {
            try check.day(decideCase.on, "decideCase.on")
            try check.identifier(decideCase.reference, "decideCase.reference")
        }
        if let closeCase {
            try check.day(closeCase.on, "closeCase.on")
            try check.fen(closeCase.penaltyFen, 0...Fen.penalty, "closeCase.penaltyFen")
            try check.free(closeCase.decision, "closeCase.decision")
        }
        if let payReward {
            try check.day(payReward.on, "payReward.on")
            try check.fen(payReward.amountFen, 1...Fen.reward, "payReward.amountFen")
        }
    }
}

extension CommandDocument {
    /// The business day the command acts on, and its field's path: what may not lie after the ledger's day.
    var actDay: (day: CivilDate, field: String)? {
        if let receive { return (receive.receivedOn, "receive.receivedOn") }
        if let receiveReport { return (receiveReport.receivedOn, "receiveReport.receivedOn") }
        let days: [(String, CivilDate?)] = [
            ("accept", accept?.on), ("refuse", refuse?.on), ("startMediation", startMediation?.on), ("endMediation", endMediation?.on),
            ("compensate", compensate?.on), ("close", close?.on), ("assign", assign?.on), ("giveFeedback", giveFeedback?.on),
            ("rateSatisfaction", rateSatisfaction?.on), ("revisit", revisit?.on), ("apply", apply?.on), ("preReview", preReview?.on),
            ("pledge", pledge?.on), ("withdrawPledge", withdrawPledge?.on), ("review", review?.on), ("evaluate", evaluate?.on),
            ("inspect", inspect?.on), ("recordViolation", recordViolation?.on), ("listAbnormal", listAbnormal?.on),
            ("removeAbnormal", removeAbnormal?.on), ("recordBreach", recordBreach?.on), ("rectify", rectify?.on), ("delist", delist?.on),
            ("grantCredit", grantCredit?.on), ("revokeCredit", revokeCredit?.on), ("expireCredit", expireCredit?.on),
            ("openCardAcquiring", openCardAcquiring?.on), ("verify", verify?.on), ("decideCase", decideCase?.on),
            ("closeCase", closeCase?.on), ("payReward", payReward?.on),
        ]
        return days.first { $0.1 != nil }.map { ($0.1!, $0.0 + ".on") }
    }
}

/// The checks `checkBounds` applies, one per kind of value.
private struct BoundsCheck {
    func day(_ day: CivilDate, _ field: String) throws(CommandError) {
        guard Bounds.days.contains(day) else {
            throw CommandError(field, "\(day) is outside the days this ledger records (\(Bounds.days.lowerBound) to \(Bounds.days.upperBound))")
        }
    }

    func fen(_ amount: Int64, _ range: ClosedRange<Int64>, _ field: String) throws(CommandError) {
        guard range.contains(amount) else {
            throw CommandError(field, "is \(amount) fen; it must be from \(range.lowerBound) to \(range.upperBound) fen (¥\(range.upperBound / 100))")
        }
    }

    func number(_ value: Int, _ range: ClosedRange<Int>, _ field: String) throws(CommandError) {
        guard range.contains(value) else { throw CommandError(field, "is \(value); it must be from \(range.lowerBound) to \(range.upperBound)") }
    }

    func identifier(_ text: String, _ field: String) throws(CommandError) {
        try Self.text(text, field, charactersMax: Bounds.Text.identifierCharacters, lineBreaks: false)
    }

    func name(_ text: String?, _ field: String) throws(CommandError) {
        if let text { try Self.name(text, field) }
    }

    func free(_ text: String?, _ field: String) throws(CommandError) {
        if let text { try Self.free(text, field) }
    }

    func list(_ items: [String]?, _ field: String, item: (String, String) throws(CommandError) -> Void) throws(CommandError) {
        guard let items else { return }
        guard items.count <= Bounds.Text.listItems else {
            throw CommandError(field, "has \(items.count) items; at most \(Bounds.Text.listItems) are taken")
        }
        for (index, text) in items.enumerated() { try item(text, "\(field)[\(index)]") }
    }

    static func name(_ text: String, _ field: String) throws(CommandError) {
        try Self.text(text, field, charactersMax: Bounds.Text.nameCharacters, lineBreaks: false)
    }

    static func free(_ text: String, _ field: String) throws(CommandError) {
        try Self.text(text, field, charactersMax: Bounds.Text.freeCharacters, lineBreaks: true)
    }

    /// At most `charactersMax` characters (code points), and no control character but, in free text, tab and
    /// line breaks.
    private static func text(_ text: String, _ field: String, charactersMax: Int, lineBreaks: Bool) throws(CommandError) {
        let characters = text.unicodeScalars.count
        guard characters <= charactersMax else { throw CommandError(field, "is \(characters) characters long; at most \(charactersMax) are taken") }
        for scalar in text.unicodeScalars where scalar.properties.generalCategory == .control {
            if lineBreaks, scalar == "\n" || scalar == "\r" || scalar == "\t" { continue }
            throw CommandError(field, "contains the control character U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4))")
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
