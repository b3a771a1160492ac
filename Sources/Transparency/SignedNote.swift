import Foundation

/// A C2SP signed note: text ending in a newline, a blank line, then signature lines
/// `— <key name> base64(key ID ‖ signature)`.
public struct SignedNote: Hashable, Sendable {
    public struct Signature: Hashable, Sendable {
        public var name: String
        public var keyID: UInt32
        /// The signature's bytes after the key ID.
        public var bytes: [UInt8]

        public init(name: String, keyID: UInt32, bytes: [UInt8]) {
            self.name = name
            self.keyID = keyID
            self.bytes = bytes
        }

        /// The signature line, with its newline.
        public var line: String {
            "\u{2014} \(name) " + Data(withUnsafeBytes(of: keyID.bigEndian, Array.init) + bytes).base64EncodedString() + "\n"
        }

        /// Parses one signature line, without its newline.
        public init(line: Substring) throws(NoteError) {
            guard line.hasPrefix("\u{2014} ") else { throw .malformed("a signature line starts with an em dash and a space: \"\(line.prefix(80))\"") }
            let parts = line.dropFirst(2).split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else { throw .malformed("a signature line is \"— <name> <base64>\": \"\(line.prefix(80))\"") }
            guard let data = Data(base64Encoded: String(parts[1])), data.count > 4 else {
                throw .malformed("the signature of \(parts[0]) is not base64 of a key ID and a signature")
            }
            let bytes = [UInt8](data)
            self.init(name: String(parts[0]), keyID: bytes.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }, bytes: Array(bytes.dropFirst(4)))
        }
    }

    /// The signed text, ending in a newline.
    public var text: String
    public var signatures: [Signature]

    public init(text: String, signatures: [Signature]) {
        self.text = text
        self.signatures = signatures
    }

    /// The note as text: its text, a blank line, its signature lines.
    public var serialized: String { text + "\n" + signatures.map(\.line).joined() }

    /// Verifiers must accept 16 signatures; more than this many is refused, to bound the work.
    public static let signaturesMax = 64

    public init(parsing note: String) throws(NoteError) {
        guard note.utf8.count <= 1 << 20 else { throw .malformed("a note is at most 1 MiB") }
        guard !note.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" }) else {
            throw .malformed("a note holds no control character but newline")
        }
        // The text ends at the last blank line; signature lines follow it.
        guard note.hasSuffix("\n"), let separator = note.range(of: "\n\n", options: .backwards) else {
            throw .malformed("a signed note is text, a blank line and signature lines, each ending in a newline")
        }
        let text = String(note[..<separator.lowerBound]) + "\n"
        let lines = note[separator.upperBound...].dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        guard !lines.isEmpty, lines.count <= SignedNote.signaturesMax else {
            throw .malformed("a signed note carries 1 to \(SignedNote.signaturesMax) signature lines, this one \(lines.count)")
        }
        var signatures: [Signature] = []
        for line in lines { signatures.append(try Signature(line: line)) }
        self.init(text: text, signatures: signatures)
    }
}
