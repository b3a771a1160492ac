import Domain
import Foundation
import Testing

@Suite struct RegionTableTests {
    /// Codes are checked against GB/T 2260, not only their province: 330499 lies in 嘉兴 (330400), which has no such county.
    @Test func aCodeMustNameARegionOfTheTable() throws {
        for code in ["330000", "330400", "330421", "330522", "441900", "310118", "710000"] { _ = try RegionCode(code) }
        for (code, reason) in [("330499", "330400 has no such county"), ("339900", "330000 has no such city"), ("190000", "no province"),
                               ("339999", "nor does 339900"), ("11010", "six digits"), ("990101", "11 to 82")] {
            #expect(throws: IdentifierError.self, "\(code)") { try RegionCode(code) }
            do { _ = try RegionCode(code) } catch { #expect(error.description.contains(reason), "\(code): \(error)") }
        }
    }

    /// The codes compiled in are the fixture's: tools/embed-regions --check.
    @Test func theCompiledCodesAreTheFixtures() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = root.appendingPathComponent("tools/embed-regions")
        process.arguments = ["--check"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "run tools/embed-regions")
    }
}
