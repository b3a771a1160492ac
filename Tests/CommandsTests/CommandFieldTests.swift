import Commands
import Domain
import Foundation
import JSONText
import Ledger
import Testing
import TestSupport
import Vault

/// The table the API document builds each command's body schema from is what the parser takes: every field it
/// lists parses, every required one is required, and every bound it states is the one enforced.
@Suite struct CommandFieldTests {
    static func sample(_ kind: CommandField.Kind) -> JSONValue {
        switch kind {
        case .date: return "2025-06-01"
        case .fen(let range): return .int(max(range.lowerBound, 100))
        case .integer(let range): return .int(Int64(range.lowerBound))
        case .boolean: return true
        case .identifier, .name, .free: return "x"
        case .choice(let names): return .string(names[0])
        case .region: return "330421"
        case .creditCode: return "91330421MA28JJY015"
        case .list(let item): return [sample(item)]
        }
    }

    /// A value just past the field's bound, and so refused by the parser; nil for kinds the domain judges.
    static func beyond(_ kind: CommandField.Kind) -> JSONValue? {
        switch kind {
        case .date: return "2100-01-01"
        case .fen(let range): return .int(range.upperBound + 1)
        case .identifier: return .string(String(repeating: "i", count: Bounds.Text.identifierCharacters + 1))
        case .name: return .string(String(repeating: "名", count: Bounds.Text.nameCharacters + 1))
        case .free: return .string(String(repeating: "文", count: Bounds.Text.freeCharacters + 1))
        case .choice: return "no-such-value"
        case .region: return "990000"
        case .creditCode: return "91330421MA28JJY016"
        case .list: return .array(Array(repeating: "x", count: Bounds.Text.listItems + 1))
        case .integer, .boolean: return nil
        }
    }

    @Test func everyCommandsFieldsAreWhatTheParserTakes() throws {
        let directory = try TemporaryDirectory()
        let vault = try PersonalDataVault(directory: directory.path + "/vault")
        func parse(_ command: String, _ target: CommandTarget, _ body: [String: JSONValue]) -> CommandError? {
            var writer = JSONWriter()
            writer.write(JSONValue.object(body))
            let subject = target == .merchant ? "91330421MA28JJY015" : "id-1"
            do {
                _ = try ParsedCommand(id: "k", actor: Actor(id: "a", role: "admin"), target: target, subject: subject, command: command,
                                      body: Data(writer.bytes), vault: vault)
                return nil
            } catch { return error }
        }
        for target in CommandTarget.allCases {
            for command in target.commands {
                let fields = CommandField.of(command)
                #expect(!fields.isEmpty, "\(command) has no fields in the table")
                var whole = Dictionary(uniqueKeysWithValues: fields.map { ($0.name, Self.sample($0.kind)) })
                // A correction voids or amends, not both: the whole body amends every field it may.
                if command.hasPrefix("correct") { whole["void"] = false }
                #expect(parse(command, target, whole) == nil, "\(command): \(String(describing: parse(command, target, whole)))")
                // A member the command does not take is refused and named, whatever it holds.
                var misspelt = whole
                misspelt["\(fields[0].name)X"] = .array([.int(1)])
                #expect(parse(command, target, misspelt)?.field == "\(fields[0].name)X", "\(command)")
                for field in fields {
                    var without = whole
                    without[field.name] = nil
                    let error = parse(command, target, without)
                    if field.required {
                        #expect(error?.field == field.name, "\(command).\(field.name) is required: \(String(describing: error))")
                    } else {
                        #expect(error == nil, "\(command).\(field.name) is optional: \(String(describing: error))")
                    }
                    guard let beyond = Self.beyond(field.kind) else { continue }
                    var out = whole
                    out[field.name] = beyond
                    let refused = parse(command, target, out)
                    #expect(refused?.field?.hasPrefix(field.name) == true, "\(command).\(field.name) = \(beyond): \(String(describing: refused))")
                }
            }
        }
    }

    /// Texts are held to their bounds however they are written: a control character anywhere (C0, DEL, C1) is
    /// refused and named, Latin-1 letters that share C1's first byte are taken, and a text of many bytes is
    /// counted in characters.
    @Test(arguments: [
        ("a\u{1}b", "contains the control character U+0001"), ("a\u{7F}b", "contains the control character U+007F"),
        ("a\u{85}b", "contains the control character U+0085"), ("\u{9F}", "contains the control character U+009F"),
        ("a\tb", "contains the control character U+0009"), ("£é\u{A0}ÿ", nil), (String(repeating: "名", count: 100), nil),
        (String(repeating: "名", count: 101), "is 101 characters long; at most 100 are taken"), (String(repeating: "i", count: 100), nil),
    ] as [(String, String?)])
    func aNamesCharactersAreCheckedHoweverTheyAreWritten(name: String, refusal: String?) throws {
        let directory = try TemporaryDirectory()
        let vault = try PersonalDataVault(directory: directory.path + "/vault")
        var writer = JSONWriter()
        writer.write(["on": "2025-06-01", "name": .string(name), "region": "330421", "industry": "零售", "address": "地址\t第二行",
                      "route": "self-declared"] as JSONValue)
        do {
            _ = try ParsedCommand(id: "k", actor: Actor(id: "a", role: "admin"), target: .merchant, subject: "91330421MA28JJY015",
                                  command: "apply", body: Data(writer.bytes), vault: vault)
            #expect(refusal == nil)
        } catch {
            #expect(error == CommandError("name", refusal ?? "(taken)"))
        }
    }

    @Test func everyExampleInTheCommandsDocumentUsesOnlyTheTablesFields() throws {
        let document = try String(contentsOf: fixturesDirectory.deletingLastPathComponent().appendingPathComponent("docs/COMMANDS.md"), encoding: .utf8)
        var examples = 0
        for line in document.split(separator: "\n") where line.hasPrefix("{\"id\"") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for (key, value) in object {
                guard let body = value as? [String: Any], key != "actor" else { continue }
                let fields = Set(CommandField.of(key).map(\.name))
                #expect(!fields.isEmpty && Set(body.keys).isSubset(of: fields), "\(key): \(Set(body.keys).subtracting(fields))")
                examples += 1
            }
        }
        #expect(examples >= CommandTarget.allCases.flatMap(\.commands).count)
    }
}
