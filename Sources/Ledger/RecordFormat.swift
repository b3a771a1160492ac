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
///         35   2+n  stream, event type, actor id, actor role, correlation id, causation id, command id
///             4+n   payload
///         end-32 32  chain hash
enum RecordFormat {
    static let envelopeFormat: UInt8 = 1
    static let fixedHeaderSize = 35
    static let textFieldCount = 7
    static let chainHashSize = 32
    /// Every byte that is not text or payload.
    static let overheadSize = fixedHeaderSize + textFieldCount * 2 + 4 + chainHashSize
}

/// The per-append text fields, already in UTF-8, so that encoding an event is a run of copies.
struct EncodedMetadata: Sendable {
    var stream: [UInt8]
    var actorID: [UInt8]
    var actorRole: [UInt8]
    var correlationID: [UInt8]
    var causationID: [UInt8]
    var commandID: [UInt8]

    var textSize: Int {
        stream.count + actorID.count + actorRole.count + correlationID.count + causationID.count + commandID.count
    }
}

/// One event ready to encode.
struct EncodedEvent: Sendable {
    var type: [UInt8]
    var schemaVersion: UInt16
    var occurredAt: Int64
    var payload: [UInt8]
}

/// Writes an envelope field by field into a buffer of exactly the record's size.
struct RecordWriter {
    let buffer: UnsafeMutableRawBufferPointer
    private(set) var offset = 0

    init(_ buffer: UnsafeMutableRawBufferPointer) { self.buffer = buffer }

    static func size(of metadata: EncodedMetadata, _ event: EncodedEvent) -> Int {
        RecordFormat.overheadSize + metadata.textSize + event.type.count + event.payload.count
    }

    /// Encodes everything but the chain hash; returns the bytes to hash.
    static func encode(
        position: UInt64, streamVersion: UInt64, recordedAt: Int64, metadata: EncodedMetadata, event: EncodedEvent,
        into buffer: UnsafeMutableRawBufferPointer
    ) -> UnsafeRawBufferPointer {
        var writer = RecordWriter(buffer)
        writer.write(RecordFormat.envelopeFormat)
        writer.write(position)
        writer.write(streamVersion)
        writer.write(UInt64(bitPattern: recordedAt))
        writer.write(UInt64(bitPattern: event.occurredAt))
        writer.write(event.schemaVersion)
        writer.writeText(metadata.stream)
        writer.writeText(event.type)
        writer.writeText(metadata.actorID)
        writer.writeText(metadata.actorRole)
        writer.writeText(metadata.correlationID)
        writer.writeText(metadata.causationID)
        writer.writeText(metadata.commandID)
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

    mutating func writeText(_ bytes: [UInt8]) {
        write(UInt16(bytes.count))
        writeBytes(bytes)
    }

    mutating func writeBytes(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { source in
            UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<(offset + source.count)]).copyMemory(from: source)
        }
        offset += bytes.count
    }
}
