import ArgumentParser
import Foundation
import Transparency

/// Reading and writing the key files and verifier keys the proof commands take.
enum KeyFiles {
    /// Reads a private key file written by `fangxin keys generate`.
    static func signer(at path: String) throws -> NoteSigner {
        let data = try OutsideFile.read(path, atMost: OutsideFile.keyBytesMax, what: "a key file")
        do {
            return try NoteSigner(privateKey: String(decoding: data, as: UTF8.self))
        } catch {
            throw ValidationError("the key file \(path): \(error)")
        }
    }

    /// A verifier key given as its text (`NAME+KEYID+BASE64`) or as a file holding it.
    static func verifier(_ argument: String) throws -> NoteVerifier {
        var text = argument
        if FileManager.default.fileExists(atPath: argument) {
            text = String(decoding: try OutsideFile.read(argument, atMost: OutsideFile.keyBytesMax, what: "a verifier key"), as: UTF8.self)
        }
        do {
            return try NoteVerifier(vkey: text)
        } catch {
            throw ValidationError("\(argument): \(error) (give the verifier key `fangxin keys generate` printed, or a file holding it)")
        }
    }

    /// Writes `text` to a new file readable by its owner only; refuses to replace a file.
    static func writeSecret(_ text: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            let reason = errno == EEXIST ? "it exists; a key is never overwritten" : String(cString: strerror(errno))
            throw ValidationError("cannot write the key file \(path): \(reason)")
        }
        defer { close(descriptor) }
        let bytes = Array((text + "\n").utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count, fsync(descriptor) == 0 else {
            throw ValidationError("cannot write the key file \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Reads a signed note from a file, or from standard input for `-`.
    static func note(at path: String) throws -> SignedNote {
        let data = try OutsideFile.read(path, atMost: OutsideFile.noteBytesMax, what: "a signed note")
        do {
            return try SignedNote(parsing: String(decoding: data, as: UTF8.self))
        } catch {
            throw ValidationError("\(path): \(error)")
        }
    }
}
