import Crypto
import Foundation

/// The two kinds of Ed25519 key a note can be signed with (C2SP signed-note's signature types).
public enum NoteKeyKind: UInt8, Sendable, Hashable, CaseIterable {
    /// A log's key: plain Ed25519 over the note's text.
    case ed25519 = 0x01
    /// A witness's key: a C2SP tlog-cosignature/v1, Ed25519 over a header, a timestamp and the checkpoint.
    case cosignature = 0x04
}

/// A key name as signed notes require it: not empty, no space, no plus.
func checkKeyName(_ name: String) throws(NoteError) {
    guard !name.isEmpty, name.utf8.count <= 256,
          !name.unicodeScalars.contains(where: { $0 == "+" || $0.properties.isWhitespace || $0.value < 0x20 }) else {
        throw .badKey("a key name is 1 to 256 bytes with no space and no plus: \"\(name)\"")
    }
}

/// key ID = SHA-256(key name ‖ 0x0A ‖ signature type ‖ public key)[:4], big-endian.
func keyID(name: String, kind: NoteKeyKind, publicKey: [UInt8]) -> UInt32 {
    let digest = SHA256.hash(data: Array(name.utf8) + [0x0A, kind.rawValue] + publicKey)
    return digest.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
}

/// What checks a note's signatures: a verifier key `<name>+<key ID hex>+base64(type ‖ public key)`.
public struct NoteVerifier: Hashable, Sendable {
    public let name: String
    public let kind: NoteKeyKind
    public let keyID: UInt32
    public let publicKey: [UInt8]

    public init(name: String, kind: NoteKeyKind, publicKey: [UInt8]) throws(NoteError) {
        try checkKeyName(name)
        guard publicKey.count == 32 else { throw .badKey("an Ed25519 public key is 32 bytes, not \(publicKey.count)") }
        self.name = name
        self.kind = kind
        self.publicKey = publicKey
        self.keyID = Transparency.keyID(name: name, kind: kind, publicKey: publicKey)
    }

    /// Parses a vkey.
    public init(vkey: String) throws(NoteError) {
        let text = vkey.trimmingCharacters(in: .whitespacesAndNewlines)
        // Base64 may itself hold plus signs: the first two separate the parts.
        let parts = text.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .badKey("a verifier key is NAME+KEYID+BASE64, with two plus signs: \"\(text.prefix(120))\"") }
        guard parts[1].count == 8, let id = UInt32(parts[1], radix: 16) else {
            throw .badKey("the key ID of \"\(parts[0])\" is 8 hexadecimal digits, not \"\(parts[1])\"")
        }
        guard let data = Data(base64Encoded: String(parts[2])), let type = data.first else {
            throw .badKey("the key of \"\(parts[0])\" is not base64 of a type byte and a public key")
        }
        guard let kind = NoteKeyKind(rawValue: type) else {
            throw .badKey("the key of \"\(parts[0])\" has signature type 0x\(String(type, radix: 16)); Ed25519 (0x01) and cosignature/v1 (0x04) are known")
        }
        try self.init(name: String(parts[0]), kind: kind, publicKey: Array(data.dropFirst()))
        guard keyID == id else {
            throw .badKey("the key ID of \"\(name)\" is \(String(format: "%08x", keyID)) for that public key, not \(parts[1])")
        }
    }

    public var vkey: String {
        "\(name)+\(String(format: "%08x", keyID))+" + Data([kind.rawValue] + publicKey).base64EncodedString()
    }

    /// Whether `signature` is this key's and verifies over `text` (for a cosignature, over the cosigned message
    /// built from its timestamp and `text`).
    public func verifies(_ signature: SignedNote.Signature, over text: String) -> Bool {
        guard signature.name == name, signature.keyID == keyID,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        switch kind {
        case .ed25519:
            return signature.bytes.count == 64 && key.isValidSignature(signature.bytes, for: Array(text.utf8))
        case .cosignature:
            guard signature.bytes.count == 72 else { return false }
            let time = signature.bytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            guard time <= UInt64(Int64.max) else { return false }
            return key.isValidSignature(signature.bytes.dropFirst(8), for: Cosignature.message(time: time, checkpointText: text))
        }
    }

    /// Checks that `note` carries a valid signature by this key, and none by it that fails.
    public func verify(_ note: SignedNote) throws(NoteError) {
        let mine = note.signatures.filter { $0.name == name && $0.keyID == keyID }
        guard !mine.isEmpty else { throw .notSigned(by: name) }
        for signature in mine where !verifies(signature, over: note.text) { throw .badSignature(by: name) }
    }
}

/// What signs notes: an Ed25519 private key with its name and kind.
///
/// Its file holds one line, as Go's golang.org/x/mod/sumdb/note writes signer keys:
/// `PRIVATE+KEY+<name>+<key ID hex>+base64(type ‖ 32-byte seed)`.
public struct NoteSigner: Sendable {
    public let verifier: NoteVerifier
    private let key: Curve25519.Signing.PrivateKey

    public var name: String { verifier.name }

    public init(name: String, kind: NoteKeyKind, seed: [UInt8]) throws(NoteError) {
        guard seed.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw .badKey("an Ed25519 private key is a 32-byte seed")
        }
        self.key = key
        self.verifier = try NoteVerifier(name: name, kind: kind, publicKey: Array(key.publicKey.rawRepresentation))
    }

    /// A new key from the system's random source.
    public static func generate(name: String, kind: NoteKeyKind) throws(NoteError) -> NoteSigner {
        try NoteSigner(name: name, kind: kind, seed: Array(Curve25519.Signing.PrivateKey().rawRepresentation))
    }

    public init(privateKey text: String) throws(NoteError) {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY" else {
            throw .badKey("a private key file holds PRIVATE+KEY+NAME+KEYID+BASE64 (as `fangxin keys generate` writes it)")
        }
        guard let data = Data(base64Encoded: String(parts[4])), data.count == 33, let kind = NoteKeyKind(rawValue: data[data.startIndex]) else {
            throw .badKey("the private key of \"\(parts[2])\" is not base64 of a known type byte and a 32-byte seed")
        }
        try self.init(name: String(parts[2]), kind: kind, seed: Array(data.dropFirst()))
        guard String(format: "%08x", verifier.keyID) == parts[3] else {
            throw .badKey("the key ID of \"\(name)\" is \(String(format: "%08x", verifier.keyID)) for that key, not \(parts[3])")
        }
    }

    /// The private key file's line.
    public var privateKeyText: String {
        "PRIVATE+KEY+\(name)+\(String(format: "%08x", verifier.keyID))+"
            + Data([verifier.kind.rawValue] + Array(key.rawRepresentation)).base64EncodedString()
    }

    /// Signs a note's text. A cosigner's key signs the cosignature message for `time` (seconds since 1970).
    public func sign(_ text: String, time: UInt64 = 0) throws(NoteError) -> SignedNote.Signature {
        do {
            switch verifier.kind {
            case .ed25519:
                return SignedNote.Signature(name: name, keyID: verifier.keyID, bytes: Array(try key.signature(for: Array(text.utf8))))
            case .cosignature:
                let signature = try key.signature(for: Cosignature.message(time: time, checkpointText: text))
                return SignedNote.Signature(name: name, keyID: verifier.keyID, bytes: withUnsafeBytes(of: time.bigEndian, Array.init) + Array(signature))
            }
        } catch {
            throw .badKey("signing failed: \(error)")
        }
    }
}

/// C2SP tlog-cosignature/v1 (Ed25519): what a witness signs.
public enum Cosignature {
    /// `cosignature/v1\ntime <t>\n` followed by the checkpoint's note text.
    public static func message(time: UInt64, checkpointText: String) -> [UInt8] {
        Array("cosignature/v1\ntime \(time)\n\(checkpointText)".utf8)
    }

    /// The time a cosignature states, in seconds since 1970.
    public static func time(of signature: SignedNote.Signature) -> UInt64? {
        signature.bytes.count == 72 ? signature.bytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } : nil
    }
}
