/// A tile of C2SP tlog-tiles: up to 256 consecutive hashes at tree height 8 · `level`.
///
/// Tile `index` at `level` holds MTH(D[(index · 256 + i) · 256^level ..< (index · 256 + i + 1) · 256^level]) for
/// i from 0 to its width − 1. A full tile holds 256; the rightmost tile of a level may be partial.
public struct TileAddress: Hashable, Sendable, CustomStringConvertible {
    public static let height = 8
    public static let fullWidth = 256
    /// The highest level tlog-tiles allows.
    public static let levelMax = 63

    public var level: Int
    public var index: UInt64

    public init(level: Int, index: UInt64) {
        self.level = level
        self.index = index
    }

    /// Hashes at this tile's level in a tree of `size` leaves: ⌊size / 256^level⌋.
    public static func nodes(atLevel level: Int, size: UInt64) -> UInt64 {
        let shift = height * level
        return shift >= 64 ? 0 : size >> UInt64(shift)
    }

    /// This tile's width in a tree of `size` leaves: 0 when it holds nothing yet, else 1…256.
    public func width(inTreeOf size: UInt64) -> Int {
        let nodes = TileAddress.nodes(atLevel: level, size: size)
        let first = index.multipliedReportingOverflow(by: UInt64(TileAddress.fullWidth))
        guard !first.overflow, nodes > first.partialValue else { return 0 }
        return Int(min(nodes - first.partialValue, UInt64(TileAddress.fullWidth)))
    }

    /// The path of the tile under a log's prefix: `tile/<L>/<N>[.p/<W>]`, a partial tile with its width.
    public func path(width: Int = TileAddress.fullWidth) -> String {
        "tile/\(level)/" + TileAddress.encode(index) + (width < TileAddress.fullWidth ? ".p/\(width)" : "")
    }

    /// The path of the entry bundle `index`: `tile/entries/<N>[.p/<W>]`.
    public static func entriesPath(index: UInt64, width: Int = fullWidth) -> String {
        "tile/entries/" + encode(index) + (width < fullWidth ? ".p/\(width)" : "")
    }

    public var description: String { "tile \(level)/\(index)" }

    /// An index as tlog-tiles writes it: 3-digit groups, all but the last prefixed with `x` (1234067 →
    /// `x001/x234/067`).
    public static func encode(_ index: UInt64) -> String {
        var groups: [String] = []
        var rest = index
        repeat {
            groups.append(String(rest % 1000).leftPadded(to: 3))
            rest /= 1000
        } while rest > 0
        return groups.reversed().enumerated().map { $0.offset < groups.count - 1 ? "x" + $0.element : $0.element }.joined(separator: "/")
    }

    /// Parses what follows `tile/<L>/` or `tile/entries/`: the index groups and an optional `.p/<W>`.
    /// Returns nil for anything tlog-tiles would not write.
    public static func parse(indexAndWidth components: [Substring]) -> (index: UInt64, width: Int)? {
        guard !components.isEmpty else { return nil }
        var parts = components
        var width = fullWidth
        if parts.count >= 2, parts[parts.count - 2].hasSuffix(".p") {
            guard let parsed = Int(parts[parts.count - 1]), (1..<fullWidth).contains(parsed),
                  String(parsed) == parts[parts.count - 1] else { return nil }
            width = parsed
            parts.removeLast()
            parts[parts.count - 1] = parts[parts.count - 1].dropLast(2)
        }
        var index: UInt64 = 0
        for (offset, part) in parts.enumerated() {
            let last = offset == parts.count - 1
            let digits = last ? part : (part.hasPrefix("x") ? part.dropFirst() : "")
            guard digits.count == 3, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let group = UInt64(digits) else { return nil }
            let (shifted, overflow) = index.multipliedReportingOverflow(by: 1000)
            guard !overflow, case let (sum, false) = shifted.addingReportingOverflow(group) else { return nil }
            index = sum
        }
        // One way to write each index: no leading all-zero group.
        guard parts.count == 1 || !parts[0].dropFirst().allSatisfy({ $0 == "0" }) else { return nil }
        return (index, width)
    }
}
