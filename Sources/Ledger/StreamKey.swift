/// UTF-8 bytes used as a dictionary key (a stream name or a command id), hashed in one pass rather than
/// byte by byte. A slice, so that it can share the append's encoded metadata instead of copying it.
struct StreamKey: Hashable, Sendable {
    let bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }
    init(_ bytes: [UInt8]) { self.bytes = bytes[...] }

    var isEmpty: Bool { bytes.isEmpty }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    static func == (lhs: StreamKey, rhs: StreamKey) -> Bool { lhs.bytes.elementsEqual(rhs.bytes) }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes(body)
    }
}

/// A command id as a dictionary key.
typealias CommandKey = StreamKey
