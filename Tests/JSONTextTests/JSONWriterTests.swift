import Foundation
import JSONText
import Testing

/// `JSONWriter` writes what `JSONEncoder` would, sorted keys and unescaped slashes, byte for byte: hot paths use the
/// one, every other answer the other.
@Suite struct JSONWriterTests {
    static func encoded(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func valuesAreWrittenAsJSONEncoderWritesThem() throws {
        let awkward = "引号\"反斜杠\\斜杠/换行\n回车\r制表\t退格\u{8}换页\u{c}控制\u{1}\u{1f}结束"
        let value: JSONValue = ["b": [1, -2, true, .null, .string(awkward)], "a": ["z": "", "y": 9_223_372_036_854_775_807], awkward: false]
        var writer = JSONWriter()
        writer.write(value)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == (try Self.encoded(value)))
    }
}
