import Foundation

/// The body of C2SP tlog-witness's `POST /add-checkpoint`: `old SIZE`, the consistency proof's hashes one per
/// line, a blank line, then the signed checkpoint.
public struct AddCheckpointRequest: Hashable, Sendable {
    public var oldSize: UInt64
    public var proof: [TreeHash]
    public var note: SignedNote

    /// The protocol allows at most 63 proof lines.
    public static let proofLinesMax = 63

    public init(oldSize: UInt64, proof: [TreeHash], note: SignedNote) {
        self.oldSize = oldSize
        self.proof = proof
        self.note = note
    }

    public var body: String {
        "old \(oldSize)\n" + proof.map { $0.base64 + "\n" }.joined() + "\n" + note.serialized
    }

    public init(body: String) throws(NoteError) {
        guard let blank = body.range(of: "\n\n") else {
            throw .malformed("an add-checkpoint body is `old SIZE`, the proof's lines, a blank line and the checkpoint")
        }
        let head = body[..<blank.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = head.first, first.hasPrefix("old "), let size = UInt64(first.dropFirst(4)), String(size) == first.dropFirst(4) else {
            throw .malformed("the first line is `old SIZE`, SIZE in decimal without leading zeros")
        }
        guard head.count - 1 <= Self.proofLinesMax else { throw .malformed("more than \(Self.proofLinesMax) proof lines") }
        var proof: [TreeHash] = []
        for line in head.dropFirst() {
            guard let hash = TreeHash(base64: line) else { throw .malformed("a proof line is not a base64 hash: \"\(line.prefix(60))\"") }
            proof.append(hash)
        }
        self.init(oldSize: size, proof: proof, note: try SignedNote(parsing: String(body[blank.upperBound...])))
    }
}
