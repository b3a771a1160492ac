import Transparency

/// A SHA-256 digest linking a record to every record before it.
///
/// hash(n) = SHA-256(hash(n-1) ‖ the stored bytes of record n without its last 32), with hash(0) all zeros.
public struct ChainHash: Hashable, Sendable, CustomStringConvertible {
    var bytes: SIMD32<UInt8>

    /// The hash before the first record: 32 zero bytes.
    public static let genesis = ChainHash(bytes: SIMD32(repeating: 0))

    init(bytes: SIMD32<UInt8>) { self.bytes = bytes }

    init(copying buffer: UnsafeRawBufferPointer) {
        precondition(buffer.count == 32)
        var bytes = SIMD32<UInt8>()
        withUnsafeMutableBytes(of: &bytes) { $0.copyMemory(from: buffer) }
        self.bytes = bytes
    }

    /// The hash of the record whose hashed bytes are `body`, following `previous`.
    static func next(after previous: ChainHash, body: UnsafeRawBufferPointer) -> ChainHash {
        var hasher = SHA256Stream()
        withUnsafeBytes(of: previous.bytes) { hasher.update($0) }
        hasher.update(body)
        return ChainHash(bytes: hasher.finalize())
    }

    func write(to buffer: UnsafeMutableRawBufferPointer) {
        withUnsafeBytes(of: bytes) { buffer.copyMemory(from: $0) }
    }

    /// Lowercase hexadecimal, 64 characters.
    public var hex: String { hexadecimal(withUnsafeBytes(of: bytes) { Array($0) }) }

    public var description: String { hex }
}
