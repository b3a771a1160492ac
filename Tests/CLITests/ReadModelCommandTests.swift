import Crypto
import Foundation
import LMDB
import Projections
import Ledger
@testable import ReadModels
import Testing
import TestSupport

/// The read-model commands, run as an operator would.
@Suite struct ReadModelCommandTests {
    let cli = CLITests()

    @Test func demoReadModelsAnswerAndReproduce() throws {
        let directory = try TemporaryDirectory()
        let data = directory.path + "/ledger"
        #expect(try cli.fangxin(["demo", "--data", data], environment: CLITests.fixtures).status == 0)

        let tiers = try cli.fangxin("tiers", "--json", "--data", data)
        #expect(tiers.status == 0, "\(tiers.error)")
        let counts = try #require(try JSONSerialization.jsonObject(with: Data(tiers.output.utf8)) as? [String: Any])
        let byTier = try #require(counts["counts"] as? [String: Int])
        #expect(Set(byTier.keys) == ["selection-pool", "cultivation", "star-rated", "warning", "delisted"])
        // A living province: every library has merchants in it.
        #expect(byTier.values.allSatisfy { $0 > 0 }, "\(byTier)")

        let merchant = try cli.fangxin("merchant", "91330522MA2B3C4D57", "--data", data)
        #expect(merchant.status == 0 && merchant.output.contains("预警库 warning") && merchant.output.contains("pledge breach"))

        let stats = try cli.fangxin("stats", "--by", "province", "--json", "--data", data)
        let groups = try #require((try JSONSerialization.jsonObject(with: Data(stats.output.utf8)) as? [String: Any])?["groups"] as? [[String: Any]])
        #expect(groups.map { $0["group"] as? String } == ["220000", "320000", "330000", "370000"])

        let check = try cli.fangxin("rebuild", "--check", "--json", "--data", data)
        #expect(check.status == 0, "\(check.error)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(check.output.utf8)) as? [String: Any])
        let lines = try #require(report["projections"] as? [[String: Any]])
        #expect(lines.count == 5 && lines.allSatisfy { $0["matches"] as? Bool == true && ($0["digest"] as? String)?.count == 64 })
        #expect((report["setAside"] as? [Any])?.isEmpty == true)

        // The digest is SHA-256 of the canonical export, which anyone can write: the export's own bytes hash to it.
        let export = try cli.fangxin("export", "tiers", "--data", data)
        let digest = try #require(lines.first { $0["projection"] as? String == "tiers" }?["digest"] as? String)
        #expect(export.status == 0 && export.error.contains("sha256 \(digest)"))
        #expect(hexadecimal(SHA256.hash(data: Data(export.output.utf8))) == digest)
        #expect(export.output.split(separator: "\n").first?.hasPrefix(#"{"table":"standing","merchant":"#) == true)
        let dryRun = try cli.fangxin("rebuild", "--dry-run", "--diff", "--data", data)
        #expect(dryRun.status == 0 && dryRun.output.split(separator: "\n").count == 5 && dryRun.output.contains("tiers: version"),
                "\(dryRun.output)\(dryRun.error)")
        #expect(try cli.fangxin("rebuild", "--diff", "--data", data).status == 64)
        #expect(try cli.fangxin("export", "nope", "--data", data).status == 64)

        let trail = try cli.fangxin("trail", "complaint-2022-WJ-0001", "--json", "--data", data)
        #expect(trail.status == 0 && trail.output.split(separator: "\n").count >= 5)

        // The demo records each story on its own day, from 09:00 Beijing time (01:00 UTC), as a live system would:
        // as of a day, the statistics hold the complaints known by then.
        let events = try cli.fangxin("events", "--stream", "complaint-2022-WJ-0001", "--json", "--data", data)
        let received = try #require(try JSONSerialization.jsonObject(with: Data(events.output.split(separator: "\n")[0].utf8)) as? [String: Any])
        #expect((received["recordedAt"] as? String)?.hasPrefix("2025-06-03T01:") == true)
        #expect((received["data"] as? [String: Any])?["receivedOn"] as? String == "2025-06-03")
        let then = try cli.fangxin("stats", "--by", "year", "--as-of", "2025-01-01", "--json", "--data", data)
        let years = try #require((try JSONSerialization.jsonObject(with: Data(then.output.utf8)) as? [String: Any])?["groups"] as? [[String: Any]])
        #expect(years.map { $0["group"] as? String } == ["2023", "2024"])
    }

    @Test func badArgumentsAreNamed() throws {
        let directory = try TemporaryDirectory()
        let data = directory.path + "/ledger"
        #expect(try cli.fangxin(["demo", "--data", data], environment: CLITests.fixtures).status == 0)
        let grouping = try cli.fangxin("stats", "--by", "week", "--data", data)
        #expect(grouping.status == 64 && grouping.error.contains("--by \"week\""))
        let asOf = try cli.fangxin("tiers", "--as-of", "yesterday", "--data", data)
        #expect(asOf.status == 64 && asOf.error.contains("--as-of yesterday"))
        let beyond = try cli.fangxin("stats", "--as-of", "999999", "--data", data)
        #expect(beyond.status == 2 && beyond.error.contains("beyond the head"))
        let projection = try cli.fangxin("rebuild", "--projection", "nope", "--data", data)
        #expect(projection.status == 64 && projection.error.contains("nope"))
        for (arguments, named) in [(["tiers", "--tier", "warning", "--limit", "0"], "--limit"), (["tiers", "--tier", "warning", "--limit", "-3"], "--limit"),
                                   (["tiers", "--tier", "warning", "--after", "9133"], "--after"),
                                   (["tiers", "--tier", "warning", "--limit", "9223372036854775808"], "--limit"),
                                   (["rebuild", "--dry-run", "--diff", "--limit", "-1"], "--limit"), (["rebuild", "--check", "--dry-run"], "--check"),
                                   (["export", "stats", "--as-of", "2026-02-30"], "--as-of"),
                                   (["overdue", "--due-within", "251"], "--due-within"), (["overdue", "--due-within", "-1"], "--due-within"),
                                   (["overdue", "--on", "2025-02-29"], "--on"), (["overdue", "--region", "330"], "--region")] {
            let refused = try cli.fangxin(arguments + ["--data", data])
            #expect(refused.status == 64 && refused.error.contains(named), "\(arguments): \(refused.error)")
        }
        // Complaint 2025-3305-0032 of the demo, received Mon 2025-03-10: its 7 working days end Wed 2025-03-19. On the
        // 10th it is due within 10 working days (to Mon 2025-03-24); accepted on the 14th, it is awaited no more.
        let supervised = try cli.fangxin("overdue", "--on", "2025-03-10", "--due-within", "10", "--json", "--data", data)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(supervised.output.utf8)) as? [String: Any], "\(supervised.error)")
        let cases = try #require(list["cases"] as? [[String: Any]])
        #expect(list["windowEnds"] as? String == "2025-03-24")
        #expect(cases.contains { $0["id"] as? String == "2025-3305-0032" && $0["limit"] as? String == "acceptance" && $0["due"] as? String == "2025-03-19"
            && $0["status"] as? String == "due-soon" && $0["daysPastDue"] as? Int == -9 })
        let later = try cli.fangxin("overdue", "--on", "2025-03-14", "--due-within", "10", "--json", "--data", data)
        let laterCases = try #require((try JSONSerialization.jsonObject(with: Data(later.output.utf8)) as? [String: Any])?["cases"] as? [[String: Any]])
        #expect(laterCases.contains { $0["id"] as? String == "2025-3305-0032" } == false)   // and its mediation runs to May
        // The window's last day is in it: 7 working days after the 10th is the 19th.
        let printed = try cli.fangxin("overdue", "--on", "2025-03-10", "--due-within", "7", "--data", data)
        #expect(printed.status == 0 && printed.output.hasPrefix("on 2025-03-10, as of position") && printed.output.contains("2025-3305-0032"))
        let exportBeyond = try cli.fangxin("export", "tiers", "--as-of", "99999999", "--data", data)
        #expect(exportBeyond.status == 2 && exportBeyond.error.contains("beyond the head"))
        // An erasure request: the key goes, the privacy stream says so (not what was erased), and asking again records nothing.
        let erased = try cli.fangxin("erase", "consumer-wj-0001", "--reason", "本人申请删除", "--data", data)
        #expect(erased.status == 0 && erased.output.hasPrefix("erased consumer-wj-0001: recorded at position"), "\(erased.error)")
        #expect(try cli.fangxin("erase", "consumer-wj-0001", "--reason", "本人申请删除", "--data", data).output.contains("already erased"))
        let nobody = try cli.fangxin("erase", "nobody", "--reason", "x", "--data", data)
        #expect(nobody.status == 1 && nobody.error.contains("no personal data is kept for nobody"))
        let privacy = try cli.fangxin("events", "--stream", "privacy", "--json", "--data", data)
        #expect(privacy.output.split(separator: "\n").count == 1 && privacy.output.contains(#""type":"privacy.erased""#)
                && privacy.output.contains(#""subject":"consumer-wj-0001""#) && !privacy.output.contains("武进某餐馆负责人"))
        let unknown = try cli.fangxin("merchant", "91330522MA2B3C4D57", "--data", directory.path + "/empty")
        #expect(unknown.status == 2)
    }

    /// The same seed writes the same file; a generated ledger's read models rebuild to the live ones.
    @Test func generateIsDeterministic() throws {
        let directory = try TemporaryDirectory()
        let arguments = ["generate", "--merchants", "40", "--events", "3000", "--seed", "11"]
        #expect(try cli.fangxin(arguments + ["--out", directory.sub("a.jsonl")], environment: CLITests.fixtures).status == 0)
        #expect(try cli.fangxin(arguments + ["--out", directory.sub("b.jsonl")], environment: CLITests.fixtures).status == 0)
        let a = try Data(contentsOf: URL(fileURLWithPath: directory.sub("a.jsonl")))
        let b = try Data(contentsOf: URL(fileURLWithPath: directory.sub("b.jsonl")))
        #expect(a.count > 100_000 && a == b)

        let generated = try cli.fangxin(arguments + ["--data", directory.sub("ledger")], environment: CLITests.fixtures)
        #expect(generated.status == 0, "\(generated.error)")
        let check = try cli.fangxin("rebuild", "--check", "--data", directory.sub("ledger"))
        #expect(check.status == 0 && !check.output.contains("DIFFERS"), "\(check.output)\(check.error)")
        // What the import file says is what the ledger was given: importing it decides the same.
        let imported = try cli.fangxin(["import", directory.sub("a.jsonl"), "--data", directory.sub("imported")], environment: CLITests.fixtures)
        #expect(imported.status == 0, "\(imported.error.prefix(500))")
        let direct = try cli.fangxin("stats", "--json", "--data", directory.sub("ledger"))
        let viaImport = try cli.fangxin("stats", "--json", "--data", directory.sub("imported"))
        // Compared as JSON with sorted keys: a dictionary's description orders its keys differently from one
        // instance to the next.
        func groups(_ text: String) throws -> String {
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            let groups = try JSONSerialization.data(withJSONObject: object?["groups"] ?? [], options: [.sortedKeys])
            return String(decoding: groups, as: UTF8.self)
        }
        let directGroups = try groups(direct.output), importedGroups = try groups(viaImport.output)
        #expect(directGroups == importedGroups)
    }

    /// A byte changed in a model's history is found by `rebuild --check`, which names the model, the row and the
    /// position, and exits 1; the other models still check equal.
    @Test func checkNamesAnAlteredPastVersion() throws {
        let directory = try TemporaryDirectory()
        let data = directory.sub("ledger")
        #expect(try cli.fangxin(["demo", "--data", data], environment: CLITests.fixtures).status == 0)
        let rebuild = try cli.fangxin("rebuild", "--data", data)
        #expect(rebuild.status == 0)
        // Once every event is folded, the progress says which model is being written.
        #expect(rebuild.error.contains("rebuild: writing stats (2 of 5)"), "\(rebuild.error)")
        var altered: (subject: String, position: UInt64)?
        do {
            let store = try ReadModelStore(ledgerDirectory: data)
            let entry = try #require(try store.entry("stats"))
            let history = try store.database("stats", entry.generation, history: true)
            var found: ([UInt8], [UInt8])?
            try store.environment.withSnapshot { snapshot in
                var seen = 0
                try snapshot.forEach(in: history, from: nil) { key, value in
                    seen += 1
                    if seen == 500 { found = (Array(key), Array(value)) }
                    return found == nil
                }
            }
            let (key, value) = try #require(found)
            var changed = value
            changed[changed.count - 1] ^= 1
            try store.environment.write { try $0.put(changed, forKey: key, in: history) }
            let (group, position) = try #require(VersionKey.split(key))
            let row = try #require(VersionKey.key(of: group))
            altered = (try StatisticsProjection.describe(Row(key: row, value: value)).subject, position)
        }
        let (subject, position) = try #require(altered)
        let check = try cli.fangxin("rebuild", "--check", "--data", data)
        #expect(check.status == 1, "\(check.output)\(check.error)")
        #expect(check.output.contains("history of \(subject) at position \(position): the store holds other bytes than the log gives"), "\(check.output)")
        #expect(check.output.split(separator: "\n").filter { $0.contains("DIFFERS") }.count == 1)
        // A dry run counts it among what a rebuild would change, though no live row would.
        let dryRun = try cli.fangxin("rebuild", "--dry-run", "--projection", "stats", "--projection", "tiers", "--data", data)
        #expect(dryRun.status == 1 && dryRun.output.contains("stats: version") && dryRun.output.contains("no row would change; 1 version(s) of its history would")
                && dryRun.output.contains("nor any version of its history"), "\(dryRun.output)\(dryRun.error)")
    }
}
