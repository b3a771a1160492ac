/// A moment, in whole microseconds since 1970-01-01T00:00:00Z (UTC). Stored as a signed 64-bit integer.
public struct Timestamp: RawRepresentable, Hashable, Comparable, Sendable {
    public var rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public init(microsecondsSinceEpoch: Int64) { self.rawValue = microsecondsSinceEpoch }
    public var microsecondsSinceEpoch: Int64 { rawValue }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.rawValue < rhs.rawValue }
}
