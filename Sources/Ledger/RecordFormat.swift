/// The record envelope, version 1: how one event is laid out as the value under its position in `records`.
///
/// All integers are big-endian. Text is UTF-8 behind a 2-byte length; the payload is behind a 4-byte length.
/// See docs/FORMAT.md, which is the normative description; this type must match it byte for byte.
///
///     offset  size  field
///          0     1  envelope format, 1
///          1     8  global position
///          9     8  stream version
///         17     8  recorded at, µs since the Unix epoch (signed)
///         25     8  occurred at, µs since the Unix epoch (signed)
///         33     2  schema version
///         35   2+n  event type
///             2+n   stream, actor id, actor role, correlation id, causation id, command id (empty: none)
///             4+n   payload
///         end-32 32  chain hash
enum RecordFormat {
    static let envelopeFormat: UInt8 = 1
    static let fixedHeaderSize = 35
    static let textFieldCount = 7
    /// The text fields in envelope order; the first four may not be empty.
    static let textFieldNames = ["event type", "stream", "actor id", "actor role", "correlation id", "causation id", "command id"]
    static let requiredTextFields = 4
    static let chainHashSize = 32
    /// Every byte that is not text or payload.
    static let overheadSize = fixedHeaderSize + textFieldCount * 2 + 4 + chainHashSize
}

/// Writes an envelope field by field into a buffer of exactly the record's size.
struct RecordWriter {
    let buffer: UnsafeMutableRawBufferPointer
    private(set) var offset = 0

    init(_ buffer: UnsafeMutableRawBufferPointer) { self.buffer = buffer }

    static func size(of metadata: EncodedMetadata, _ event: NewEvent) -> Int {
        RecordFormat.fixedHeaderSize + 2 + event.type.utf8.count + metadata.block.count + 4 + event.payload.count + RecordFormat.chainHashSize
    }

    /// Encodes everything but the chain hash; returns the bytes to hash.
    static func encode(
        position: UInt64, streamVersion: UInt64, recordedAt: Int64, metadata: EncodedMetadata, event: NewEvent,
        into buffer: UnsafeMutableRawBufferPointer
    ) -> UnsafeRawBufferPointer {
        var writer = RecordWriter(buffer)
        writer.write(RecordFormat.envelopeFormat)
        writer.write(position)
        writer.write(streamVersion)
        writer.write(UInt64(bitPattern: recordedAt))
        writer.write(UInt64(bitPattern: event.occurredAt.rawValue))
        writer.write(event.schemaVersion)
        writer.write(UInt16(event.type.utf8.count))
        writer.writeText(event.type)
        writer.writeBytes(metadata.block)
        writer.write(UInt32(event.payload.count))
        writer.writeBytes(event.payload)
        precondition(writer.offset + RecordFormat.chainHashSize == buffer.count, "record size miscounted")
        return UnsafeRawBufferPointer(rebasing: buffer[..<writer.offset])
    }

    mutating func write(_ value: UInt8) {
        buffer[offset] = value
        offset += 1
    }

    mutating func write<T: FixedWidthInteger>(_ value: T) {
        buffer.storeBytes(of: value.bigEndian, toByteOffset: offset, as: T.self)
        offset += MemoryLayout<T>.size
    }

    mutating func writeText(_ text: String) {
        var text = text
        text.withUTF8 { source in
            UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<(offset + source.count)]).copyMemory(from: UnsafeRawBufferPointer(source))
            offset += source.count
        }
    }

    mutating func writeBytes(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { source in
            UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<(offset + source.count)]).copyMemory(from: source)
        }
        offset += bytes.count
    }
}
