import Commands
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Ledger
import Service
import Testing
import TestSupport

/// Who may act on what (属地管理): every command, sent by bureaus of a county, a city and a province, a mediator,
/// a bank and a merchant, inside and outside what each holds. A refused command is 403 and writes nothing.
@Suite struct JurisdictionTests {
    /// An organisation's token, and whether it holds what the matrix acts on: a merchant, a complaint and a
    /// report of 长兴 (330522), the merchant's credit with 岱山农商银行.
    struct Organisation: Sendable {
        let token: String
        let entry: AccessTokens.Entry
        let holds: Bool
        var name: String { entry.actor }

        init(_ token: String, _ actor: String, _ role: Role, region: String? = nil, bank: String? = nil, merchant: String? = nil, holds: Bool) {
            self.token = token
            entry = AccessTokens.Entry(token: token, actor: actor, role: role, merchant: merchant, bank: bank, region: region)
            self.holds = holds
        }
    }

    static let bank = ServedLedger.bank
    static let organisations: [Organisation] = [
        .init("t-changxing", "county-330522", .regulator, region: "330522", holds: true),
        .init("t-deqing", "county-330521", .regulator, region: "330521", holds: false),
        .init("t-huzhou", "city-330500", .regulator, region: "330500", holds: true),
        .init("t-jiaxing", "city-330400", .regulator, region: "330400", holds: false),
        .init("t-zhejiang", "province-330000", .regulator, region: "330000", holds: true),
        .init("t-jiangsu", "province-320000", .regulator, region: "320000", holds: false),
        .init("t-odr-changxing", "mediator-330522", .mediator, region: "330522", holds: true),
        .init("t-odr-jiaxing", "mediator-330400", .mediator, region: "330400", holds: false),
        .init("t-daishan-rcb", "bank-own", .bank, bank: bank, holds: true),
        .init("t-other-bank", "bank-other", .bank, bank: "湖州银行", holds: false),
        .init("t-merchant-self", "merchant-self", .merchant, merchant: ServedLedger.quiet.description, holds: true),
        .init("t-merchant-other", "merchant-other", .merchant, merchant: ServedLedger.warned.description, holds: false),
    ]

    static let admin = Organisation("t-admin", "operator", .admin, holds: true)
    static let held = "330522"

    /// The roles' own permissions (README's roles table), apart from where a command acts.
    static func roleMay(_ role: Role, _ command: String) -> Bool {
        let bankCommands: Set = ["grantCredit", "revokeCredit", "expireCredit", "openCardAcquiring", "correctCredit"]
        switch role {
        case .regulator: return !bankCommands.contains(command)
        case .mediator: return ["startMediation", "endMediation", "compensate", "giveFeedback", "rateSatisfaction", "revisit",
                                "suspendClock", "resumeClock"].contains(command)
        case .bank: return bankCommands.contains(command)
        case .merchant: return ["apply", "pledge", "withdrawPledge", "rectify"].contains(command)
        case .admin: return true
        case .auditor, .replica: return false
        }
    }

    /// A body that parses for `command`: each required field with a plain value of its kind, the region the
    /// streams are held in, and `bank` as the bank (the line acted on is that bank's).
    static func body(_ command: String, bank: String) -> String {
        func value(_ kind: CommandField.Kind) -> String {
            switch kind {
            case .date: return #""2025-06-10""#
            case .fen(let range): return "\(max(range.lowerBound, 1))"
            case .integer(let range): return "\(range.lowerBound)"
            case .boolean: return "true"
            case .identifier: return #""x-1""#
            case .name: return #""名称""#
            case .free: return #""说明""#
            case .choice(let names): return "\"\(names[0])\""
            case .region: return "\"\(held)\""
            case .creditCode: return "\"\(ServedLedger.quiet)\""
            case .list(let item): return "[\(value(item))]"
            }
        }
        var fields = CommandField.of(command).filter(\.required).map { field in
            "\"\(field.name)\": " + (field.name == "bank" ? "\"\(bank)\"" : value(field.kind))
        }
        // A correction says what it amends.
        if command.hasPrefix("correct") { fields.append(#""void": true"#) }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    /// The path of `command` on the matrix's subject of its target.
    static func path(_ target: CommandTarget, _ command: String, merchant: String) -> String {
        switch target {
        case .complaint: return "/v1/complaints/t-1/\(command)"
        case .merchant: return "/v1/merchants/\(merchant)/\(command)"
        case .report: return "/v1/reports/mx-1/\(command)"
        }
    }

    @Test func everyCommandIsRefusedOutsideWhatTheCallerHoldsAndTakenInside() async throws {
        let served = try await ServedLedger(moreTokens: (Self.organisations + [Self.admin]).map(\.entry))
        let ledger = served.scratch.ledger
        try await served.test { client in
            let report = #"{"channel": "12315-online", "reporter": "r-1", "merchantName": "商户", "allegation": "无证经营", "receivedRegion": "330522", "receivedOn": "2025-06-02"}"#
            #expect(try await client.post("/v1/reports/mx-1/receiveReport", report, token: Self.admin.token).status == .created)
            var refused = 0, taken = 0
            for organisation in Self.organisations {
                let role = organisation.entry.role
                for target in CommandTarget.allCases {
                    for command in target.commands {
                        // The other merchant acts on one it is not; the other bank on a line of 岱山农商银行's.
                        let merchant = ServedLedger.quiet.description
                        let body = Self.body(command, bank: Self.bank)
                        let before = try ledger.head().position
                        let response = try await client.post(Self.path(target, command, merchant: merchant), body, token: organisation.token)
                        let mayAct = Self.roleMay(role, command) && organisation.holds
                        let answer = "\(organisation.name) \(command): \(response.status.code) \(String(buffer: response.body))"
                        if mayAct {
                            #expect(![.forbidden, .unauthorized, .badRequest, .notFound].contains(response.status), "\(answer)")
                            taken += 1
                        } else {
                            #expect(response.status == .forbidden, "\(answer)")
                            #expect(try ledger.head().position == before, "\(answer) wrote to the log")
                            refused += 1
                        }
                    }
                }
            }
            // Every command was refused to someone, and taken from someone.
            #expect(refused > 300 && taken > 50, "\(refused) refused, \(taken) taken")
        }
    }

    /// A county bureau cannot take another county's merchant by sending `apply` again after a failed pre-review
    /// (as a 330421 token once did for a 330921 merchant); neither can the merchant move itself. The bureau that
    /// holds it, or an operator, can.
    @Test func anApplicationSentAgainCannotMoveAMerchantOutOfTheRegionThatHoldsIt() async throws {
        let daishan = Organisation("t-daishan", "county-330921", .regulator, region: "330921", holds: true)
        let jiashan = Organisation("t-jiashan", "county-330421", .regulator, region: "330421", holds: false)
        let code = "91330921MA2A0D4Q8F"
        let owner = Organisation("t-owner", "owner", .merchant, merchant: code, holds: true)
        let served = try await ServedLedger(moreTokens: [daishan, jiashan, owner, Self.admin].map(\.entry))
        let ledger = served.scratch.ledger
        @Sendable func apply(_ region: String, on day: String = "2025-06-03") -> String {
            #"{"on": "\#(day)", "name": "岱山商户", "region": "\#(region)", "industry": "零售", "address": "岱山", "route": "self-declared"}"#
        }
        try await served.test { client in
            let applied = try await client.post("/v1/merchants/\(code)/apply", apply("330921", on: "2025-06-02"), token: owner.token)
            try #require(applied.status == .created, "\(String(buffer: applied.body))")
            let failed = try await client.post("/v1/merchants/\(code)/preReview", #"{"on": "2025-06-03", "passed": false, "reasons": ["材料不全"]}"#, token: daishan.token)
            try #require(failed.status == .created)

            let before = try ledger.head().position
            let taken = try await client.post("/v1/merchants/\(code)/apply", apply("330421"), token: jiashan.token)
            #expect(taken.status == .forbidden && String(buffer: taken.body).contains("held by region 330921"), "\(String(buffer: taken.body))")
            let moved = try await client.post("/v1/merchants/\(code)/apply", apply("330421"), token: owner.token)
            #expect(moved.status == .forbidden && String(buffer: moved.body).contains("moving it to 330421"), "\(String(buffer: moved.body))")
            #expect(try ledger.head().position == before)

            // The rightful bureau still acts on it; an operator may move it.
            let again = try await client.post("/v1/merchants/\(code)/apply", apply("330921", on: "2025-06-04"), token: owner.token)
            #expect(again.status == .created, "\(String(buffer: again.body))")
            #expect(try await client.post("/v1/merchants/\(code)/preReview", #"{"on": "2025-06-04", "passed": false, "reasons": ["材料不全"]}"#, token: daishan.token).status == .created)
            #expect(try await client.post("/v1/merchants/\(code)/apply", apply("330421", on: "2025-06-05"), token: Self.admin.token).status == .created)
            #expect(try await client.post("/v1/merchants/\(code)/preReview", #"{"on": "2025-06-05", "passed": true}"#, token: jiashan.token).status == .created)
            #expect(try await client.post("/v1/merchants/\(code)/review", #"{"on": "2025-06-06", "passed": true}"#, token: daishan.token).status == .forbidden)
        }
    }

    /// A complainant's contact details open for a regulator holding the case's region only; a refused reveal
    /// records nothing.
    @Test func aRevealIsForARegulatorOfTheCasesRegionAndARefusalRecordsNothing() async throws {
        let served = try await ServedLedger(moreTokens: (Self.organisations + [Self.admin]).map(\.entry))
        let ledger = served.scratch.ledger
        let receive = #"{"channel": "12315-online", "consumer": "c-9", "consumerName": "李四", "consumerPhone": "13900000001", "merchantName": "商户", "category": "goods", "subcategory": "食品", "amountInDisputeFen": 100, "receivedRegion": "330522", "merchantRegion": "330522", "receivedOn": "2025-06-02"}"#
        try await served.test { client in
            #expect(try await client.post("/v1/complaints/rv-1/receive", receive, token: Self.admin.token).status == .created)
            for organisation in Self.organisations {
                let before = try ledger.head().position
                let response = try await client.post("/v1/complaints/rv-1/reveal", #"{"reason": "核实"}"#, token: organisation.token)
                if organisation.entry.role == .regulator && organisation.holds {
                    #expect(response.status == .ok && String(buffer: response.body).contains("李四"), "\(organisation.name)")
                    #expect(try ledger.head().position == before + 1, "a reveal is recorded before it is answered")
                } else {
                    #expect(response.status == .forbidden, "\(organisation.name): \(response.status)")
                    #expect(try ledger.head().position == before, "\(organisation.name)'s refused reveal wrote to the log")
                }
            }
        }
    }
}
