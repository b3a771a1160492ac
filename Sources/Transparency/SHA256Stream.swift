import CSHA256

/// SHA-256 over bytes given in pieces, without allocating (see CSHA256): the chain hash and the tree's
/// hashes, on the writer's hot path.
public struct SHA256Stream {
    private var context = fx_sha256()

    public init() { fx_sha256_init(&context) }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        fx_sha256_update(&context, bytes.baseAddress, bytes.count)
    }

    public mutating func update(byte: UInt8) {
        var byte = byte
        fx_sha256_update(&context, &byte, 1)
    }

    /// The digest; the stream is spent.
    public mutating func finalize() -> SIMD32<UInt8> {
        var digest = SIMD32<UInt8>()
        withUnsafeMutableBytes(of: &digest) { fx_sha256_final(&context, $0.baseAddress!.assumingMemoryBound(to: UInt8.self)) }
        return digest
    }

    /// Whether the CPU's SHA extensions do the work.
    public static var usesSHAExtensions: Bool { fx_sha256_uses_sha_extensions() != 0 }
}
