import Domain
import Foundation
@testable import Service
import Testing
import TestSupport

@Suite struct AccessTokenTests {
    /// A known token is digested once, then found by itself; made-up tokens are refused each time and never kept,
    /// so presenting them does not grow what the service holds.
    @Test func knownTokensAreKeptOnceAndMadeUpOnesNever() throws {
        let tokens = try AccessTokens([.init(token: "s3cret", actor: "bureau-1", role: .regulator, region: "330421"),
                                       .init(token: "other", actor: "bank-1", role: .bank, bank: "岱山农商银行")])
        for attempt in 0..<1_000 { #expect(tokens.caller(presenting: "guess-\(attempt)") == nil) }
        #expect(tokens.presented.count == 0)
        let caller = Caller(actor: "bureau-1", role: .regulator, region: try RegionCode("330421"))
        #expect(tokens.caller(presenting: "s3cret") == caller && tokens.caller(presenting: "s3cret") == caller)
        #expect(tokens.presented.count == 1)
        #expect(tokens.caller(presenting: "s3cre") == nil && tokens.presented.count == 1)
    }

    @Test func aTokensFileKeepsDigestsAndNamesItsFaults() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/tokens.json"
        let file = AccessTokens.File(tokens: [.init(token: "s3cret", actor: "bureau-1", role: .regulator, region: "330421")])
        try JSONEncoder().encode(file).write(to: URL(fileURLWithPath: path))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("s3cret"))

        let tokens = try AccessTokens(contentsOf: path)
        #expect(tokens.caller(presenting: "s3cret") == Caller(actor: "bureau-1", role: .regulator, region: try RegionCode("330421")))
        #expect(tokens.caller(presenting: "s3cret ") == nil)

        try Data(#"{"tokens":[{"sha256":"abc","actor":"a","role":"regulator"}]}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: AccessTokenError.invalid(entry: 1, reason: "sha256 must be 64 hexadecimal digits")) { try AccessTokens(contentsOf: path) }

        let digest = AccessTokens.digest("x")
        try Data(#"{"tokens":[{"sha256":"\#(digest)","actor":"shop","role":"merchant"}]}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: AccessTokenError.invalid(entry: 1, reason: "a merchant token names its merchant, and only a merchant token does")) {
            try AccessTokens(contentsOf: path)
        }

        // A bank names its bank; a regulator or mediator its region, a real one.
        for (line, reason) in [(#""role":"bank""#, "a bank token names its bank, and only a bank token does"),
                               (#""role":"mediator""#, "a regulator's or mediator's token names its region, and only such a token does"),
                               (#""role":"auditor","region":"330421""#, "a regulator's or mediator's token names its region, and only such a token does"),
                               (#""role":"regulator","region":"990000""#, "region \"990000\" does not start with a province code (11 to 82)")] {
            try Data(#"{"tokens":[{"sha256":"\#(digest)","actor":"a",\#(line)}]}"#.utf8).write(to: URL(fileURLWithPath: path))
            #expect(throws: AccessTokenError.invalid(entry: 1, reason: reason)) { try AccessTokens(contentsOf: path) }
        }

        try Data(#"{"tokens":[{"sha256":"\#(digest)","actor":"a","role":"king"}]}"#.utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try AccessTokens(contentsOf: path)
            Issue.record("an unknown role was accepted")
        } catch {
            #expect("\(error)".contains(path) && "\(error)".contains("king"))
        }
    }
}
