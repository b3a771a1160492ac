import Crypto
import Foundation

/// A node of an RFC 6962 Merkle tree (§2.1): SHA-256 of 0x00 ‖ the leaf's data for a leaf, of 0x01 ‖ left ‖
/// right for an interior node.
public struct TreeHash: Hashable, Sendable, CustomStringConvertible {
    public static let byteCount = 32
    var storage: SIMD32<UInt8>

    init(storage: SIMD32<UInt8>) { self.storage = storage }

    /// The hash held in `bytes`, which must be 32 bytes long.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == TreeHash.byteCount else { return nil }
        var storage = SIMD32<UInt8>()
        for (index, byte) in bytes.enumerated() { storage[index] = byte }
        self.storage = storage
    }

    init(copying buffer: UnsafeRawBufferPointer) {
        precondition(buffer.count == TreeHash.byteCount)
        var storage = SIMD32<UInt8>()
        withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: buffer) }
        self.storage = storage
    }

    /// Standard base64 (RFC 4648 §4) of 32 bytes, as checkpoints and proofs carry hashes.
    public init?(base64: some StringProtocol) {
        guard base64.utf8.count == 44, let data = Data(base64Encoded: String(base64)), data.count == 32 else { return nil }
        self.init(bytes: data)
    }

    public var bytes: [UInt8] { withUnsafeBytes(of: storage, Array.init) }
    public var base64: String { Data(bytes).base64EncodedString() }
    public var hex: String { bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined() }
    public var description: String { base64 }

    /// The root of the empty tree: SHA-256 of no bytes.
    public static let emptyTree = TreeHash(digest: SHA256.hash(data: [UInt8]()))

    /// The hash of a leaf whose data is `data`.
    public static func leaf(_ data: UnsafeRawBufferPointer) -> TreeHash {
        var hasher = SHA256Stream()
        hasher.update(byte: 0)
        hasher.update(data)
        return TreeHash(storage: hasher.finalize())
    }

    public static func leaf(_ data: [UInt8]) -> TreeHash {
        data.withUnsafeBytes { leaf($0) }
    }

    /// The hash of the interior node whose children are `left` and `right`.
    public static func node(_ left: TreeHash, _ right: TreeHash) -> TreeHash {
        var hasher = SHA256Stream()
        hasher.update(byte: 1)
        withUnsafeBytes(of: left.storage) { hasher.update($0) }
        withUnsafeBytes(of: right.storage) { hasher.update($0) }
        return TreeHash(storage: hasher.finalize())
    }

    /// The root of the complete tree whose leaves' hashes are `hashes`; their count must be a power of two.
    public static func root(ofComplete hashes: some Collection<TreeHash>) -> TreeHash {
        precondition(!hashes.isEmpty && hashes.count & (hashes.count - 1) == 0)
        var level = ContiguousArray(hashes)
        while level.count > 1 {
            for index in 0..<level.count / 2 { level[index] = node(level[2 * index], level[2 * index + 1]) }
            level.removeLast(level.count / 2)
        }
        return level[0]
    }

    private init(digest: SHA256.Digest) {
        self = digest.withUnsafeBytes { TreeHash(copying: $0) }
    }
}

extension TreeHash {
    /// Hashes laid end to end, as a tile holds them.
    public static func concatenated(_ hashes: some Sequence<TreeHash>) -> [UInt8] {
        var bytes: [UInt8] = []
        for hash in hashes { withUnsafeBytes(of: hash.storage) { bytes.append(contentsOf: $0) } }
        return bytes
    }

    /// The hashes of a tile's bytes; nil unless their count is a multiple of 32.
    public static func split(_ bytes: UnsafeRawBufferPointer) -> [TreeHash]? {
        guard bytes.count % byteCount == 0 else { return nil }
        return stride(from: 0, to: bytes.count, by: byteCount).map {
            TreeHash(copying: UnsafeRawBufferPointer(rebasing: bytes[$0..<($0 + byteCount)]))
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
