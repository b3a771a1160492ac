@testable import Commands
import Domain
import Foundation
import JSONText
import Ledger
import PropertyBased
import Testing
import TestSupport
import Vault

/// An import reads most lines in one pass (`CommandText.read`) and reads the rest whole, through `Decodable`.
/// The two must agree on every text: the same command, the same request digest (recorded in the log, so it may
/// never change), the same fault named. Each test below holds them to each other over texts of every kind: the
/// fixtures, every command with every field, each field missing, null, out of bounds or of another type, and
/// random documents with members moved, doubled, nulled and spaced.
@Suite struct OnePassReadingTests {
    let directory: TemporaryDirectory
    let vault: PersonalDataVault

    init() throws {
        directory = try TemporaryDirectory()
        vault = try PersonalDataVault(directory: directory.path + "/vault")
    }

    /// How `json` fared: read in one pass or not, and whether both readings agree.
    enum Reading { case onePass, whole }

    /// Checks that both readings of `json` give the same command or the same fault; which reading took it.
    @discardableResult
    func agree(_ json: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Reading {
        let label = String(decoding: json, as: UTF8.self)
        let whole = Result { () throws(CommandError) in try ParsedCommand(parsingWhole: json, vault: vault) }
        let either = Result { () throws(CommandError) in try ParsedCommand(parsing: json, vault: vault) }
        switch (whole, either) {
        case (.failure(let expected), .failure(let got)):
            #expect(got == expected, "\(label)", sourceLocation: sourceLocation)
        case (.success(let expected), .success(let got)):
            #expect(Self.summary(got) == Self.summary(expected), "\(label)", sourceLocation: sourceLocation)
        default:
            Issue.record("\(label): read whole \(whole), but \(either)", sourceLocation: sourceLocation)
        }
        guard let text = CommandText.read(json) else { return .whole }
        // What the one-pass reader takes, the whole reading takes as the same parts.
        guard case .object(let members)? = try? JSONReader.value(json), let read = CommandText(members: members, command: text.command) else {
            Issue.record("\(label): read in one pass, but not whole", sourceLocation: sourceLocation)
            return .onePass
        }
        #expect(Self.parts(text) == Self.parts(read), "\(label)", sourceLocation: sourceLocation)
        #expect(unknownMember(of: members, command: text.command) == nil, "\(label)", sourceLocation: sourceLocation)
        #expect(RequestDigest.canonical(text) == Self.canonical(members), "\(label)", sourceLocation: sourceLocation)
        return .onePass
    }

    /// A parsed command as text, its sealed personal data left out (each sealing is random).
    static func summary(_ command: ParsedCommand) -> String {
        let action = String(describing: command.action).replacing(/box: \[[0-9, ]*\]/, with: "box: …")
        return [command.id, command.request, command.actor.id, command.actor.role, command.target.rawValue, command.command,
                command.subject, command.day.description, command.dayField, action].joined(separator: " | ")
    }

    static func parts(_ text: CommandText) -> String {
        let fields = text.fields.sorted { $0.name < $1.name }.map { "\($0.name)=\($0.value)" }
        return "\(text.id) \(text.actorID) \(text.actorRole) \(text.target) \(text.subject) \(text.command) \(fields) \(text.nullTargets.sorted())"
    }

    /// The canonical JSON a request's digest is taken over, as the digest has been defined since digests were
    /// first recorded: the document in sorted-key JSON, less its `id`, and less every object's `id` and personal
    /// data.
    static func canonical(_ document: [String: JSONValue]) -> [UInt8] {
        let omitted: Set<String> = ["id", "consumerName", "consumerPhone", "reporterName", "reporterPhone"]
        var kept = document
        kept["id"] = nil
        for (key, value) in kept {
            if case .object(let members) = value { kept[key] = .object(members.filter { !omitted.contains($0.key) }) }
        }
        var writer = JSONWriter()
        writer.write(JSONValue.object(kept))
        return writer.bytes
    }

    static func bytes(_ document: [String: JSONValue]) -> [UInt8] {
        var writer = JSONWriter()
        writer.write(JSONValue.object(document))
        return writer.bytes
    }

    @Test func everyFixtureLineIsReadInOnePassAsWhole() throws {
        let scenarios = try FileManager.default.contentsOfDirectory(atPath: fixturesDirectory.path + "/scenarios").filter { $0.hasSuffix(".jsonl") }
        var lines = 0
        for file in scenarios {
            let text = try String(contentsOfFile: fixturesDirectory.path + "/scenarios/" + file, encoding: .utf8)
            for line in text.split(separator: "\n") where !line.isEmpty {
                lines += 1
                // Every fixture line is plain: none should need the slower reading.
                #expect(agree(Array(line.utf8)) == .onePass, "\(file): \(line)")
            }
        }
        #expect(lines > 500)
    }

    /// Every command with every field it takes, then each field missing, null, out of bounds and of another type.
    @Test func everyCommandAndEachFieldAtFaultAgree() {
        for target in CommandTarget.allCases {
            let subject: JSONValue = target == .merchant ? "91330421MA28JJY015" : "id-1"
            for command in target.commands {
                let fields = CommandField.of(command)
                var whole = Dictionary(uniqueKeysWithValues: fields.map { ($0.name, CommandFieldTests.sample($0.kind)) })
                if command.hasPrefix("correct") { whole["void"] = false }
                func document(_ body: [String: JSONValue]) -> [UInt8] {
                    var document: [String: JSONValue] = ["id": "k", "actor": ["id": "a", "role": "admin"]]
                    document[target.rawValue] = subject
                    document[command] = .object(body)
                    return Self.bytes(document)
                }
                #expect(agree(document(whole)) == .onePass, "\(command)")
                for field in fields {
                    var variants: [JSONValue?] = [nil, .null, CommandFieldTests.beyond(field.kind), .object([:]), [1], "text", 7, -1, true]
                    if case .list = field.kind { variants.append([.null]) }
                    for variant in variants {
                        var body = whole
                        body[field.name] = variant
                        agree(document(body))
                    }
                }
            }
        }
    }

    /// Texts the one-pass reader declines, each of them read whole: what that reading takes it must still take.
    @Test(arguments: [
        // A member given twice keeps its last value.
        #"{"id":"a","id":"b","actor":{"id":"x","role":"admin"},"complaint":"c-1","accept":{"on":"2025-06-05"}}"#,
        #"{"id":"a","actor":{"id":"x","role":"admin"},"complaint":"c-1","accept":{"on":"2025-06-05","on":"2025-06-06"}}"#,
        // A number written with a point; a body id that is not a string.
        #"{"id":"a","actor":{"id":"x","role":"admin"},"complaint":"c-1","compensate":{"on":"2025-06-05","amountFen":100.0,"payer":"merchant","kind":"refund"}}"#,
        #"{"id":"a","actor":{"id":"x","role":"admin"},"complaint":"c-1","accept":{"on":"2025-06-05","id":{"x":1}}}"#,
        // A null target or command beside the ones given; an empty id; no actor; two targets; a command of another target.
        #"{"id":"a","actor":{"id":"x","role":"admin"},"complaint":"c-1","report":null,"refuse":null,"accept":{"on":"2025-06-05"}}"#,
        #"{"id":"","actor":{"id":"x","role":"admin"},"complaint":"c-1","accept":{"on":"2025-06-05"}}"#,
        #"{"id":"a","complaint":"c-1","accept":{"on":"2025-06-05"}}"#,
        #"{"id":"a","actor":{"id":"x","role":"admin"},"complaint":"c-1","report":"r-1","accept":{"on":"2025-06-05"}}"#,
        #"{"id":"a","actor":{"id":"x","role":"admin"},"complaint":"c-1","verify":{"on":"2025-06-05","substantiated":true,"findings":"f"}}"#,
        // Cut short, text after the document, not an object.
        #"{"id":"a","actor":{"id":"x","role":"admin"},"complaint":"c-1","accept":{"on":"2025-06-05"}"#,
        #"{"id":"a","actor":{"id":"x","role":"admin"},"complaint":"c-1","accept":{"on":"2025-06-05"}} x"#,
        #"["id"]"#, "", "null",
    ])
    func declinedTextsAreReadWholeAlike(_ text: String) {
        agree(Array(text.utf8))
    }

    @Test func bytesThatAreNotUTF8AreRefusedAlike() {
        let document = Array(#"{"id":"a","actor":{"id":"x","role":"admin"},"complaint":"c-1","accept":{"on":"2025-06-05"}}"#.utf8)
        let at = document.firstIndex(of: UInt8(ascii: "x"))!
        for bad: [UInt8] in [[0xFF], [0xC3], [0xED, 0xA0, 0x80]] {
            #expect(agree(Array(document[..<at]) + bad + document[(at + 1)...]) == .whole)
        }
    }

    @Test func theDeclinedTextsAreDeclined() {
        // The first of the texts above: a member given twice is not read in one pass (its last value would be lost).
        #expect(CommandText.read(Array(#"{"id":"a","id":"b","actor":{"id":"x","role":"admin"},"complaint":"c-1","accept":{"on":"2025-06-05"}}"#.utf8)) == nil)
        #expect(CommandText.read(Array(#"{"id":"a","actor":{"id":"x","role":"admin"},"complaint":"c-1","accept":{"on":"2025-06-05"}}"#.utf8)) != nil)
    }

    /// Random documents (the generative suite's), changed at random: members spaced out, moved, doubled, nulled,
    /// added, or their values' types changed.
    @Test func randomDocumentsChangedAtRandomAgree() async {
        let input = zip(CommandSequences.step, Gen.int(in: 0...9), Gen.int(in: 0...20))
        await propertyCheck(count: 400, input: input) { step, change, at in
            var document = CommandSequences.line(step, index: at, sequence: at % 5)
            let command = document.keys.first { CommandField.of($0).isEmpty == false }!
            guard case .object(var fields) = document[command] else { return }
            let names = fields.keys.sorted()
            let name = names[at % names.count]
            var text: [UInt8]
            switch change {
            case 0: fields[name] = .null
            case 1: fields[name] = nil
            case 2: fields[name] = fields[name].map { value -> JSONValue in if case .string = value { 5 } else { "5" } }
            case 3: fields["id"] = .string("body-\(at)")
            case 4: document[["complaint", "merchant", "report"].first { document[$0] == nil }!] = .null
            case 5: fields[name + "X"] = 1
            default: break
            }
            document[command] = .object(fields)
            text = Self.bytes(document)
            switch change {
            case 6:
                // Spaced out: white space around every structural character outside strings.
                text = Self.spaced(text)
            case 7:
                // The id given again, first.
                text = Array(#"{"id":"again","#.utf8) + text.dropFirst()
            case 8:
                // Members in reverse order.
                let reversed = document.sorted { $0.key > $1.key }
                var writer = JSONWriter()
                writer.open()
                for (index, (key, value)) in reversed.enumerated() {
                    writer.member(key, first: index == 0)
                    writer.write(value)
                }
                writer.close()
                text = writer.bytes
            case 9:
                text = Array(text.dropLast(at % 4))
            default: break
            }
            agree(text)
        }
    }

    static func spaced(_ text: [UInt8]) -> [UInt8] {
        var spaced: [UInt8] = [], inString = false, escaped = false
        for byte in text {
            if inString {
                spaced.append(byte)
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            if byte == UInt8(ascii: "\"") { inString = true }
            if [UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]")].contains(byte) {
                spaced += [0x20, byte, 0x0A, 0x09]
            } else {
                spaced.append(byte)
            }
        }
        return spaced
    }
}
