import Vault

/// The layout the standby frame and the backup files share (docs/REPLICAS.md, docs/OPERATIONS.md): big-endian
/// integers, and a vault slot as u16 subject length ‖ subject ‖ u8 kind (1: a 32-byte key follows; 0: none).
enum BinaryLayout {
    static let subjectBytesMax = 200

    static func append<I: FixedWidthInteger>(_ value: I, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes += $0 }
    }

    static func append(_ key: MirroredKey, to bytes: inout [UInt8]) {
        append(UInt16(key.subject.utf8.count), to: &bytes)
        bytes += key.subject.utf8
        if let secret = key.key {
            bytes.append(1)
            bytes += secret
        } else {
            bytes.append(0)
        }
    }

    /// Reads what `BinaryLayout` writes, every length checked against what remains; `failure` makes the error,
    /// from what was being read and where, or from a message.
    struct Reader<Failure: Error> {
        let bytes: [UInt8]
        var offset: Int
        let cutShort: (_ what: String, _ offset: Int) -> Failure
        let refused: (String) -> Failure

        mutating func bytes(_ count: Int, _ what: String) throws(Failure) -> [UInt8] {
            guard count >= 0, count <= bytes.count - offset else { throw cutShort(what, offset) }
            defer { offset += count }
            return Array(bytes[offset..<offset + count])
        }

        mutating func integer<I: FixedWidthInteger>(_ type: I.Type, _ what: String) throws(Failure) -> I {
            try bytes(MemoryLayout<I>.size, what).reduce(I(0)) { $0 << 8 | I($1) }
        }

        mutating func text(_ count: Int, _ what: String) throws(Failure) -> String {
            guard let text = String(validating: try bytes(count, what), as: UTF8.self) else { throw refused("\(what) is not UTF-8") }
            return text
        }

        /// A vault slot, the `index`th read, numbered `slot`.
        mutating func key(slot: UInt64, index: UInt64) throws(Failure) -> MirroredKey {
            let length = Int(try integer(UInt16.self, "slot \(index)'s subject length"))
            guard length <= BinaryLayout.subjectBytesMax else {
                throw refused("slot \(index)'s subject is \(length) bytes, more than \(BinaryLayout.subjectBytesMax)")
            }
            let subject = try text(length, "slot \(index)'s subject")
            switch try integer(UInt8.self, "slot \(index)'s kind") {
            case 0: return MirroredKey(slot: slot, subject: subject, key: nil)
            case 1:
                guard length > 0 else { throw refused("slot \(index) holds a key but names no subject") }
                return MirroredKey(slot: slot, subject: subject, key: try bytes(32, "slot \(index)'s key"))
            case let kind: throw refused("slot \(index)'s kind is \(kind), neither 0 (no key) nor 1 (a key)")
            }
        }

        var atEnd: Bool { offset == bytes.count }
    }
}
