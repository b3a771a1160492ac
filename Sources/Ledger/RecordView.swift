/// A stored record, decoded in place: integers are read at once, text and payload only when asked for.
///
/// A view borrows the ledger's memory map and is valid only inside the closure it was lent to; copy out
/// what you keep (`RecordedEvent(self)` copies everything).
public struct RecordView {
    /// The whole stored value, chain hash included.
    public let bytes: UnsafeRawBufferPointer
    public let position: UInt64
    public let streamVersion: UInt64
    public let recordedAt: Timestamp
    public let occurredAt: Timestamp
    public let schemaVersion: UInt16
    // Where each text field lies in `bytes`, in envelope order: type, stream, actor id, actor role,
    // correlation id, causation id, command id.
    private let textRanges: (Range<Int>, Range<Int>, Range<Int>, Range<Int>, Range<Int>, Range<Int>, Range<Int>)
    private let payloadRange: Range<Int>

    /// Decodes the envelope, checking every length against the buffer; a record that fails is damaged.
    public init(parsing bytes: UnsafeRawBufferPointer) throws(RecordFormatError) {
        guard bytes.count >= RecordFormat.overheadSize else {
            throw RecordFormatError("the record is \(bytes.count) bytes, shorter than the \(RecordFormat.overheadSize) every record has")
        }
        guard bytes[0] == RecordFormat.envelopeFormat else {
            throw RecordFormatError("unknown envelope format \(bytes[0]) (expected \(RecordFormat.envelopeFormat))")
        }
        self.bytes = bytes
        position = bytes.loadBigEndian(at: 1)
        streamVersion = bytes.loadBigEndian(at: 9)
        recordedAt = Timestamp(rawValue: Int64(bitPattern: bytes.loadBigEndian(at: 17)))
        occurredAt = Timestamp(rawValue: Int64(bitPattern: bytes.loadBigEndian(at: 25)))
        schemaVersion = bytes.loadBigEndian(at: 33)
        let end = bytes.count - RecordFormat.chainHashSize
        var offset = RecordFormat.fixedHeaderSize
        func text() throws(RecordFormatError) -> Range<Int> {
            guard offset + 2 <= end else { throw RecordFormatError("a text field's length runs past the end of the record") }
            let length = Int(bytes.loadBigEndian(at: offset) as UInt16)
            let start = offset + 2
            guard start + length <= end else { throw RecordFormatError("a text field of \(length) bytes runs past the end of the record") }
            offset = start + length
            return start..<offset
        }
        textRanges = (try text(), try text(), try text(), try text(), try text(), try text(), try text())
        guard offset + 4 <= end else { throw RecordFormatError("the payload length runs past the end of the record") }
        let payloadLength = Int(bytes.loadBigEndian(at: offset) as UInt32)
        guard offset + 4 + payloadLength == end else {
            throw RecordFormatError("the payload length \(payloadLength) does not fill the record up to its chain hash")
        }
        payloadRange = (offset + 4)..<end
    }

    public var type: String { string(textRanges.0) }
    public var stream: String { string(textRanges.1) }
    public var actor: Actor { Actor(id: string(textRanges.2), role: string(textRanges.3)) }
    public var correlationID: String? { optionalString(textRanges.4) }
    public var causationID: String? { optionalString(textRanges.5) }
    public var commandID: String? { optionalString(textRanges.6) }
    /// The stream's UTF-8 bytes, without decoding them.
    public var streamBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[textRanges.1]) }
    var commandIDBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[textRanges.6]) }
    public var payload: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[payloadRange]) }
    /// The bytes the chain hash covers: all but the last 32.
    public var hashedBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count - RecordFormat.chainHashSize)]) }
    /// The chain hash's 32 bytes, in place.
    public var chainHashBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[(bytes.count - RecordFormat.chainHashSize)...]) }
    public var chainHash: ChainHash { ChainHash(copying: UnsafeRawBufferPointer(rebasing: bytes[(bytes.count - RecordFormat.chainHashSize)...])) }

    /// The seven text fields in envelope order, by name, as bytes: what `verify` holds to the format's rules.
    var textFields: [(name: String, bytes: UnsafeRawBufferPointer)] {
        let ranges = [textRanges.0, textRanges.1, textRanges.2, textRanges.3, textRanges.4, textRanges.5, textRanges.6]
        return zip(RecordFormat.textFieldNames, ranges).map { ($0, UnsafeRawBufferPointer(rebasing: bytes[$1])) }
    }

    private func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    private func optionalString(_ range: Range<Int>) -> String? {
        range.isEmpty ? nil : string(range)
    }
}

/// A stored record that does not follow the envelope format.
public struct RecordFormatError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension UnsafeRawBufferPointer {
    @inline(__always)
    func loadBigEndian<T: FixedWidthInteger>(at offset: Int, as type: T.Type = T.self) -> T {
        T(bigEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}
