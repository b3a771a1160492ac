import Foundation
import Ledger
@testable import Projections
@testable import ReadModels
@testable import Sink
import Testing

/// What the sink writes for values PostgreSQL cannot hold (docs/SQL.md, "Rules"): a time beyond the years 1 to
/// 9999 is NULL beside its exact microseconds, U+0000 becomes U+FFFD, and COPY's specials are escaped, so that
/// no record can stop the sink.
@Suite struct SinkEncodingTests {
    @Test(arguments: [
        (Int64.max, nil), (Int64.min, nil), (-62_135_596_800_000_001, nil), (253_402_300_800_000_000, nil),
        (-62_135_596_800_000_000, "0001-01-01T00:00:00.000000Z"), (253_402_300_799_999_999, "9999-12-31T23:59:59.999999Z"),
        (0, "1970-01-01T00:00:00.000000Z"), (-1, "1969-12-31T23:59:59.999999Z"),
    ] as [(Int64, String?)])
    func aTimeBeyondTheYears1To9999IsNull(microseconds: Int64, text: String?) {
        #expect(EventsTable.time(Timestamp(microsecondsSinceEpoch: microseconds)) == text)
    }

    @Test func copysSpecialsAreEscapedAndU0000Replaced() {
        var row: [UInt8] = []
        EventsTable.escape("a\tb\nc\rd\\e\u{0}f名".utf8, into: &row)
        #expect(String(decoding: row, as: UTF8.self) == #"a\tb\nc\rd\\e"# + "\u{FFFD}f名")
        // A long text goes through whole: 4 MiB of it, escaped byte for byte.
        var long: [UInt8] = []
        EventsTable.escape(String(repeating: "长\\", count: 1 << 20).utf8, into: &long)
        #expect(long.count == (1 << 20) * 5)
    }

    /// A read model's row goes into `model_rows` as its export line (docs/READMODELS.md), escaped for COPY; one
    /// whose text holds U+0000, which jsonb cannot, as NULL. Text that only spells `\u0000` is text like any other.
    @Test func aModelRowIsItsExportLineAndOneHoldingU0000IsNull() {
        func copied(_ fields: [(String, FieldValue)]) -> [String] {
            var line: [UInt8] = [], json: [UInt8] = []
            let changed = ModelFollower.ChangedRow(model: "stats", key: [1, 0, 2], row: RowDescription("complaint", fields))
            ModelTables.append(changed, origin: "zj", position: 42, to: &line, json: &json)
            return String(decoding: line, as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
        let plain = copied([("id", .text("G1 \"名\"\u{1F}")), ("fen", .integer(-5)), ("kinds", .list([.text("refund"), .unsigned(7)])), ("on", .null)])
        #expect(plain == ["zj", "stats", "complaint", #"\\x010002"#,
                          #"{"table":"complaint","id":"G1 \\"名\\"\\u001f","fen":-5,"kinds":["refund",7],"on":null}"#, "42\n"])
        #expect(plain[4].replacingOccurrences(of: #"\\"#, with: #"\"#)
                == ModelExport.line(RowDescription("complaint", [("id", .text("G1 \"名\"\u{1F}")), ("fen", .integer(-5)),
                                                                 ("kinds", .list([.text("refund"), .unsigned(7)])), ("on", .null)])))
        #expect(copied([("name", .list([.text("a\u{0}b")]))])[4] == #"\N"#)
        #expect(copied([("name", .text(#"a\u0000b"#))])[4] == #"{"table":"complaint","name":"a\\\\u0000b"}"#)
    }

    /// An event's data holding U+0000 is NULL in `events`; text that only spells the escape is not.
    @Test(arguments: [
        (#"{"a":"x\u0000"}"#, true), (#"{"a":"\\\u0000"}"#, true), (#"{"a":"\u0000\u0000"}"#, true),
        (#"{"a":"x\\u0000"}"#, false), (#"{"a":"\u00001"}"#, true), (#"{"a":"\u0001"}"#, false), (#"\u000"#, false), ("", false),
    ])
    func dataHoldingU0000IsToldByItsEscapes(json: String, holdsZero: Bool) {
        #expect(EventsTable.holdsZero(json: Array(json.utf8)) == holdsZero)
    }

    /// 4 MiB of escaped backslashes: what follows them is text, however long the run; one more backslash makes
    /// it an escape.
    @Test func aLongRunOfEscapesIsReadPairwise() {
        let run = String(repeating: #"\\"#, count: 2 << 20)
        #expect(!EventsTable.holdsZero(json: Array((#"{"a":""# + run + #"u0000"}"#).utf8)))
        #expect(EventsTable.holdsZero(json: Array((#"{"a":""# + run + #"\u0000"}"#).utf8)))
    }

    @Test func aURLsPasswordIsNeverShownAndItsPartsAreChecked() throws {
        let url = try PostgresURL("postgresql://sink:se%2Fcret@db.example:6432/national?sslmode=require")
        #expect(url.description == "postgres://sink:***@db.example:6432/national?sslmode=require")
        #expect(url.port == 6432 && url.requiresTLS && url.database == "national")
        // Even in a text that is not a URL, what stands between the user's colon and the first @ is hidden.
        #expect(PostgresURL.hidingPassword("postgres://u:secret@h/db x") == "postgres://u:***@h/db x")
        for bad in ["", "postgres://", "postgres://u@h/" + String(repeating: "d", count: 4 << 20) + "/x", "postgres://u@h:0/db", "postgres://u@h:-1/db"] {
            #expect(throws: SinkError.self) { try PostgresURL(bad) }
        }
    }
}
