/// A six-digit administrative division code (GB/T 2260): province (2 digits), city (2), county (2).
public struct RegionCode: Hashable, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ text: String) throws(IdentifierError) {
        guard text.count == 6, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw IdentifierError(text, "is not a region code: six digits (GB/T 2260) are needed")
        }
        guard let province = Int(text.prefix(2)), (11...82).contains(province) else {
            throw IdentifierError(text, "does not start with a province code (11 to 82)")
        }
        guard RegionTable.contains(text) else { throw IdentifierError(text, Self.unlisted(text)) }
        description = text
    }

    /// Every code a command or query may name (Fixtures/regions/gb2260.csv), in order.
    public static var listed: [String] { RegionTable.codes.map(String.init).sorted() }

    /// Why a well-formed code is not a region: which level it names, and whether its parent is one.
    private static func unlisted(_ text: String) -> String {
        let table = "names no region of GB/T 2260 (Fixtures/regions/gb2260.csv)"
        guard !text.hasSuffix("0000") else { return "\(table): no province has this code" }
        let (parent, level) = text.hasSuffix("00") ? (String(text.prefix(2)) + "0000", "city") : (String(text.prefix(4)) + "00", "county")
        return RegionTable.contains(parent) ? "\(table): \(parent) has no such \(level)" : "\(table): nor does \(parent)"
    }

    /// A code read back from the log, checked when it was recorded.
    init(recorded text: String) { description = text }

    /// The province: its first two digits followed by 0000.
    public var province: String { String(description.prefix(2)) + "0000" }
    /// The city (prefecture): its first four digits followed by 00.
    public var city: String { String(description.prefix(4)) + "00" }

    /// Whether `other` lies within this region: a province (xx0000) holds its cities and counties, a city (xxxx00)
    /// its counties, a county only itself.
    public func contains(_ other: RegionCode) -> Bool { contains(recorded: other.description) }

    /// Whether one of two recorded codes lies within the other: a county and its own city are not two regions.
    public static func areNested(_ a: String, _ b: String) -> Bool {
        RegionCode(recorded: a).contains(recorded: b) || RegionCode(recorded: b).contains(recorded: a)
    }

    /// Whether the code `text`, as a read model stored it, lies within this region.
    /// Compared as bytes (the codes are ASCII digits): a rebuild asks this twice per complaint event.
    public func contains(recorded text: String) -> Bool {
        let own = description.utf8
        // Each trailing "00" pair widens the code by a level, down to the province's two digits.
        var length = own.count
        while length > 2, own[own.index(own.startIndex, offsetBy: length - 1)] == 0x30,
              own[own.index(own.startIndex, offsetBy: length - 2)] == 0x30 {
            length -= 2
        }
        return text.utf8.starts(with: own.prefix(length))
    }
}
