import Projections

/// A live row of a model that keeps history: its value stamped with the position of the event that wrote it.
/// So a row's latest version is stored once, as its live row, and the history keeps only the versions that were
/// superseded (docs/READMODELS.md, "History").
///
/// Stored value = P (u64, big-endian) ‖ value.
enum LiveRow {
    static let stampCount = 8

    /// `value` as the live row of a model with history, written at `position`.
    static func stamped(_ value: [UInt8], at position: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(stampCount + value.count)
        appendStamp(position, to: &bytes)
        bytes.append(contentsOf: value)
        return bytes
    }

    static func appendStamp(_ position: UInt64, to bytes: inout [UInt8]) {
        VersionKey.appendPosition(position, to: &bytes)
    }

    /// The position that wrote a stored live row, and its value; nil when it is too short to hold a stamp.
    static func split<Bytes: RandomAccessCollection<UInt8>>(_ stored: Bytes) -> (position: UInt64, value: Bytes.SubSequence)? {
        guard stored.count >= stampCount else { return nil }
        let end = stored.index(stored.startIndex, offsetBy: stampCount)
        return (stored[..<end].reduce(0) { $0 << 8 | UInt64($1) }, stored[end...])
    }

    /// `split`, or an error naming the row whose value cannot hold a stamp.
    static func parts<Bytes: RandomAccessCollection<UInt8>>(_ stored: Bytes) throws(RowError) -> (position: UInt64, value: Bytes.SubSequence) {
        guard let parts = split(stored) else { throw RowError("a live row of \(stored.count) bytes holds no position") }
        return parts
    }
}
