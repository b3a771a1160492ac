/// A C2SP tlog-checkpoint body: the log's origin, its tree size and the root hash of the tree of that size.
public struct Checkpoint: Hashable, Sendable {
    public var origin: String
    public var size: UInt64
    public var root: TreeHash
    /// Lines after the root hash, each non-empty (C2SP tlog-checkpoint's extension lines). Fangxin writes none; a
    /// checkpoint carrying some is taken, kept and cosigned whole, and nothing is concluded from them.
    public var extensions: [String]

    public init(origin: String, size: UInt64, root: TreeHash, extensions: [String] = []) {
        self.origin = origin
        self.size = size
        self.root = root
        self.extensions = extensions
    }

    /// The note text: origin, size and root, then any extension lines, each line ending in a newline.
    public var text: String { "\(origin)\n\(size)\n\(root.base64)\n" + extensions.map { $0 + "\n" }.joined() }

    /// Parses a note's text: three lines, then any number of non-empty extension lines (C2SP tlog-checkpoint).
    public init(text: String) throws(NoteError) {
        guard text.hasSuffix("\n") else { throw .malformed("a checkpoint's text ends with a newline") }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 3 else {
            throw .malformed("a checkpoint has three lines (origin, tree size, root hash) and any extension lines, this one has \(lines.count)")
        }
        if let empty = lines.dropFirst(3).firstIndex(where: \.isEmpty) {
            throw .malformed("the checkpoint's line \(empty + 1), an extension line, is empty")
        }
        guard !lines[0].isEmpty else { throw .malformed("the checkpoint's origin line is empty") }
        guard let size = UInt64(lines[1]), String(size) == lines[1] else {
            throw .malformed("the checkpoint's tree size \"\(lines[1])\" is not a decimal number without leading zeros")
        }
        guard let root = TreeHash(base64: lines[2]) else {
            throw .malformed("the checkpoint's root hash \"\(lines[2])\" is not 32 bytes of base64")
        }
        self.init(origin: String(lines[0]), size: size, root: root, extensions: lines.dropFirst(3).map(String.init))
    }
}

/// Why a note, a key or a checkpoint was refused.
public enum NoteError: Error, Hashable, CustomStringConvertible {
    case malformed(String)
    case badKey(String)
    /// No signature by the key was found on the note.
    case notSigned(by: String)
    /// A signature by the key is on the note and does not verify: the text or the signature was altered.
    case badSignature(by: String)

    public var description: String {
        switch self {
        case .malformed(let reason): return "malformed note: \(reason)"
        case .badKey(let reason): return "bad key: \(reason)"
        case .notSigned(let name): return "the note carries no signature by \(name)"
        case .badSignature(let name): return "the signature by \(name) does not verify: the note's text or the signature was altered"
        }
    }
}
