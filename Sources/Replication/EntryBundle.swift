/// A tlog-tiles entry bundle read back: `width` records, each behind its length as a big-endian u16.
enum EntryBundle {
    static func records(_ bundle: [UInt8], width: Int, index: UInt64) throws(ReplicationError) -> [[UInt8]] {
        var records: [[UInt8]] = []
        records.reserveCapacity(width)
        var offset = 0
        while offset < bundle.count {
            guard offset + 2 <= bundle.count else {
                throw .malformed("entry bundle \(index) ends inside a record's length, at byte \(offset)")
            }
            let length = Int(bundle[offset]) << 8 | Int(bundle[offset + 1])
            guard offset + 2 + length <= bundle.count else {
                throw .malformed("entry bundle \(index): the record at byte \(offset) says \(length) bytes, the bundle has \(bundle.count - offset - 2) left")
            }
            records.append(Array(bundle[(offset + 2)..<(offset + 2 + length)]))
            offset += 2 + length
        }
        guard records.count == width else {
            throw .malformed("entry bundle \(index) holds \(records.count) records, not the \(width) asked for")
        }
        return records
    }
}
