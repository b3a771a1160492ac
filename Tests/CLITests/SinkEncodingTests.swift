import Foundation
import Ledger
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
