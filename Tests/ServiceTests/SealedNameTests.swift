import Foundation
import Hummingbird
import HummingbirdTesting
import Service
import Testing
import TestSupport

/// A key exists only for what is recorded: a command refused, forbidden or malformed that carries a name or a
/// phone number leaves no key in the vault, and a retry under a recorded id with other personal data is refused.
@Suite struct SealedNameTests {
    static func receive(_ consumer: String, name: String, phone: String = "13900000009", region: String = "330522", on day: String = "2025-06-02") -> String {
        #"{"channel": "12315-online", "consumer": "\#(consumer)", "consumerName": "\#(name)", "consumerPhone": "\#(phone)", "merchantName": "商户", "category": "goods", "subcategory": "食品", "amountInDisputeFen": 100, "receivedRegion": "\#(region)", "merchantRegion": "330522", "receivedOn": "\#(day)"}"#
    }

    static let outsider = (token: "t-jiaxing", entry: AccessTokens.Entry(token: "t-jiaxing", actor: "city-330400", role: .regulator, region: "330400"))

    /// The vault's key file's size: 32 bytes a key.
    static func keyBytes(_ ledger: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: ledger + "/vault/keys")[.size] as? Int ?? -1
    }

    @Test func aRefusedCommandLeavesNoKeyBehind() async throws {
        let served = try await ServedLedger(moreTokens: [Self.outsider.entry])
        let ledger = served.scratch.directory.path
        try await served.test { client in
            #expect(try await client.post("/v1/complaints/s-1/receive", Self.receive("c-first", name: "张三")).status == .created)
            let kept = try Self.keyBytes(ledger)
            #expect(kept == 32)
            var refused: [(String, Int)] = []
            for index in 0..<50 {
                // Forbidden (another region's case, or a new case in another region), refused by the domain
                // (received already, a day not come), and malformed.
                func post(_ id: String, _ body: String, token: String? = ServedLedger.tokens[.regulator]) async throws -> Int {
                    Int(try await client.post("/v1/complaints/\(id)/receive", body, token: token).status.code)
                }
                refused.append(("outside", try await post("s-1", Self.receive("c-out-\(index)", name: "李四"), token: Self.outsider.token)))
                refused.append(("outside, new", try await post("s-\(index + 10)", Self.receive("c-new-\(index)", name: "李四"), token: Self.outsider.token)))
                refused.append(("twice", try await post("s-1", Self.receive("c-dup-\(index)", name: "王五"))))
                refused.append(("future", try await post("s-\(index + 100)", Self.receive("c-late-\(index)", name: "赵六", on: "2999-01-01"))))
                refused.append(("malformed", try await post("s-\(index + 200)", Self.receive("c-bad-\(index)", name: "孙七", phone: "x\\u0007"))))
            }
            #expect(refused.allSatisfy { $0.1 >= 400 && $0.1 < 500 }, "\(refused.filter { $0.1 < 400 || $0.1 >= 500 }.prefix(5))")
            #expect(try Self.keyBytes(ledger) == kept, "refused commands made keys")
        }
    }

    @Test func aRetryWithAnotherNameOrPhoneIsRefusedAndTheSameIsAnsweredAsRecorded() async throws {
        let served = try await ServedLedger()
        try await served.test { client in
            let first = try await client.post("/v1/complaints/r-1/receive", Self.receive("c-9", name: "张三"), key: "k-9")
            #expect(first.status == .created)
            let same = try await client.post("/v1/complaints/r-1/receive", Self.receive("c-9", name: "张三"), key: "k-9")
            #expect(try same.status == .ok && decode(RecordedBody.self, same).alreadyRecorded)
            for (name, phone) in [("李四", "13900000009"), ("张三", "13900000000")] {
                let other = try await client.post("/v1/complaints/r-1/receive", Self.receive("c-9", name: name, phone: phone), key: "k-9")
                #expect(other.status == .unprocessableContent && String(buffer: other.body).contains("another request"), "\(name) \(phone): \(String(buffer: other.body))")
            }
            // Reports alike.
            let report = { (name: String) in #"{"channel": "12315-online", "reporter": "rp-1", "reporterName": "\#(name)", "merchantName": "商户", "allegation": "无证经营", "receivedRegion": "330522", "receivedOn": "2025-06-02"}"# }
            #expect(try await client.post("/v1/reports/rp-1/receiveReport", report("周八"), key: "k-r").status == .created)
            #expect(try await client.post("/v1/reports/rp-1/receiveReport", report("周八"), key: "k-r").status == .ok)
            #expect(try await client.post("/v1/reports/rp-1/receiveReport", report("吴九"), key: "k-r").status == .unprocessableContent)
        }
    }
}
