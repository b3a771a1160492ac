import Foundation
import JSONText
import PropertyBased
import Testing

/// `JSONReader` reads what `JSONWriter` writes and what `JSONDecoder` reads as a `JSONValue`, and refuses the
/// rest with the reason and the place.
@Suite struct JSONReaderTests {
    // Below the surrogates (the generator cannot make those); characters beyond the BMP are in the escapes test.
    static let text = Gen.character(in: "\u{0}"..."\u{D7FF}").string(of: 0...12)
    static let leaf = zip(Gen.int(in: 0...3), Gen.int64(in: .min ... .max), text).map { kind, number, text -> JSONValue in
        switch kind {
        case 0: return .int(number)
        case 1: return .string(text)
        case 2: return .bool(number % 2 == 0)
        default: return .null
        }
    }
    static let document = zip(text.array(of: 0...6), leaf.array(of: 0...6), leaf.array(of: 0...4)).map { keys, values, list -> JSONValue in
        var members: [String: JSONValue] = [:]
        for (key, value) in zip(keys, values) { members[key] = value }
        members["list"] = .array(list)
        members["nested"] = .object(["again": .array([.object(members)])])
        return .object(members)
    }

    @Test func whatTheWriterWritesTheReaderReadsAsTheDecoderDoes() async {
        await propertyCheck(count: 300, input: Self.document) { (value: JSONValue) async throws in
            var writer = JSONWriter()
            writer.write(value)
            #expect(try JSONReader.value(writer.bytes) == value)
            #expect(try JSONDecoder().decode(JSONValue.self, from: Data(writer.bytes)) == value)
        }
    }

    @Test func escapesAndSpacesAreReadAsJSONSaysAndAMemberGivenTwiceIsRefused() throws {
        let text = #" { "a" : [ 1 , -0 , true , false , null ] , "b" : { } , "c": "\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00" } "#
        #expect(try JSONReader.value(Array(text.utf8)) == .object(["a": [1, 0, true, false, .null], "b": .object([:]), "c": "\"\\/\u{8}\u{c}\n\r\té😀"]))
        // Two readers could read a member given twice two ways: it is refused, at the second, by name.
        do {
            _ = try JSONReader.value(Array(#"{"a": 1, "a": 2}"#.utf8))
            Issue.record("a member given twice was taken")
        } catch {
            #expect(error.reason == "the member \"a\" is given twice" && error.offset == 12, "\(error)")
        }
        #expect(throws: JSONReader.Failure.self) { try JSONReader.value(Array(#"[{"b": {"a": 1, "a": 1}}]"#.utf8)) }
        #expect(try JSONReader.value(Array(#"[{"a": 1}, {"a": 1}]"#.utf8)) == [["a": 1], ["a": 1]])
        #expect(try JSONReader.value(Array(#""\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00""#.utf8)) == .string("\"\\/\u{8}\u{c}\n\r\té😀"))
        #expect(try JSONReader.value(Array("9223372036854775807".utf8)) == .int(.max))
        #expect(try JSONReader.value(Array("-9223372036854775808".utf8)) == .int(.min))
        // Whole numbers written with a point or an exponent, as JSON Schema's integer allows them.
        #expect(try JSONReader.value(Array("[421.0, 4.21e2, 42100E-2, -0.0]".utf8)) == [421, 421, 421, 0])
    }

    /// Bytes that are not UTF-8 in a string are refused, in a string with escapes or without.
    @Test func aStringThatIsNotUTF8IsRefused() throws {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), n = UInt8(ascii: "n")
        for bytes in [[quote, 0xFF, quote], [quote, 0x61, 0xC3, quote], [quote, backslash, n, 0xFF, quote], [quote, 0xED, 0xA0, 0x80, quote]] {
            do {
                _ = try JSONReader.value(bytes)
                Issue.record("\(bytes) was read")
            } catch {
                #expect(error.reason == "a string that is not UTF-8", "\(bytes)")
            }
        }
        #expect(try JSONReader.value([quote, 0xC3, 0xA9, quote]) == .string("é"))
    }

    @Test(arguments: [
        ("1.5", "a number that is not a whole number"), ("1e-3", "a number that is not a whole number"), ("1.", "a number with no digits after its point"),
        ("1e400", "a number written with a point or an exponent beyond 2^53"), ("1e20", "a number written with a point or an exponent beyond 2^53"),
        ("9223372036854775808", "a number beyond 64 bits"), ("01", "a number with a leading zero"), ("", "the text ends where a value should be"),
        ("{\"a\":1,}", "a member's name should be a string"), ("[1 2]", "a ',' or ']' should follow an element"), ("{} {}", "text after the value"),
        ("\"\u{1}\"", "a control character in a string"), (#""\ud800""#, "a lone surrogate"), (#""\x""#, "an unknown escape"),
        ("tru", "not a JSON value"), ("\"abc", "a string that does not end"), (String(repeating: "[", count: 65), "values nested more than 64 deep"),
    ])
    func whatIsNotAJSONValueIsRefusedWithItsReason(text: String, reason: String) {
        #expect(throws: JSONReader.Failure.self) { try JSONReader.value(Array(text.utf8)) }
        do {
            _ = try JSONReader.value(Array(text.utf8))
        } catch {
            #expect(error.reason == reason, "\(text)")
        }
    }
}
