/// A C2SP tlog-checkpoint body: the log's origin, its tree size and the root hash of the tree of that size.
public struct Checkpoint: Hashable, Sendable {
    public var origin: String
    public var size: UInt64
    public var root: TreeHash

    public init(origin: String, size: UInt64, root: TreeHash) {
        self.origin = origin
        self.size = size
        self.root = root
    }

    /// The note text: three lines, each ending in a newline.
    public var text: String { "\(origin)\n\(size)\n\(root.base64)\n" }

    /// Parses a note's text. Extension lines are refused: Fangxin writes none, and nothing checks them.
    public init(text: String) throws(NoteError) {
        guard text.hasSuffix("\n") else { throw .malformed("a checkpoint's text ends with a newline") }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count == 3 else {
            throw .malformed("a checkpoint has three lines (origin, tree size, root hash), this one has \(lines.count)")
        }
        guard !lines[0].isEmpty else { throw .malformed("the checkpoint's origin line is empty") }
        guard let size = UInt64(lines[1]), String(size) == lines[1] else {
            throw .malformed("the checkpoint's tree size \"\(lines[1])\" is not a decimal number without leading zeros")
        }
        guard let root = TreeHash(base64: lines[2]) else {
            throw .malformed("the checkpoint's root hash \"\(lines[2])\" is not 32 bytes of base64")
        }
        self.init(origin: String(lines[0]), size: size, root: root)
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
