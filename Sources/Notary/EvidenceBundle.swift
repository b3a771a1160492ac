import Foundation
import Ledger
public import Transparency

/// One file an auditor can hand to a court: a signed checkpoint, the records concerned as stored, an inclusion
/// proof of each against that checkpoint, the verifier keys, the read model's answer about the subject as of the
/// checkpoint, and a README. docs/PROOFS.md, "Evidence bundles", is its contract.
///
/// The archive is POSIX ustar, written deterministically. `MANIFEST.txt` is a signed note by the log's key whose
/// text lists the SHA-256 and name of every other file, so that a change to any of them — the answer and the
/// README included — is refused, with nothing but the log's verifier key.
public struct EvidenceBundle: Sendable, Equatable {
    public static let manifestHeader = "fangxin evidence bundle v1"

    /// `checkpoint.txt`: the signed checkpoint, with the cosignatures it gathered.
    public var checkpoint: SignedNote
    /// `records/<position>.json`: each record with its inclusion proof.
    public var proofs: [InclusionProofDocument]
    /// `keys.txt`: the log's verifier key, then the witnesses'.
    public var keys: [String]
    /// `answer.json`: what the read model said about the subject as of the checkpoint (absent for a range).
    public var answer: [UInt8]?
    /// `README.txt`
    public var readme: String

    public init(checkpoint: SignedNote, proofs: [InclusionProofDocument], keys: [String], answer: [UInt8]?, readme: String) {
        self.checkpoint = checkpoint
        self.proofs = proofs
        self.keys = keys
        self.answer = answer
        self.readme = readme
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case refused(String)
        public var description: String {
            switch self { case .refused(let reason): return reason }
        }
    }

    /// The archive's bytes, signed with the log's key.
    public func archive(signedBy signer: NoteSigner) throws -> [UInt8] {
        var files = [Tar.File(name: "README.txt", bytes: Array(readme.utf8)),
                     Tar.File(name: "checkpoint.txt", bytes: Array(checkpoint.serialized.utf8)),
                     Tar.File(name: "keys.txt", bytes: Array(keys.map { $0 + "\n" }.joined().utf8))]
        if let answer { files.append(Tar.File(name: "answer.json", bytes: answer)) }
        for proof in proofs {
            files.append(Tar.File(name: "records/\(proof.position).json", bytes: Array(try JSONEncoder.proofs.encode(proof)) + [0x0A]))
        }
        let text = Self.manifestHeader + "\n" + files.map { Self.digest($0.bytes) + " " + $0.name + "\n" }.joined()
        let manifest = SignedNote(text: text, signatures: [try signer.sign(text)])
        return Tar.write([Tar.File(name: "MANIFEST.txt", bytes: Array(manifest.serialized.utf8))] + files)
    }

    /// What `verify` checked.
    public struct Report: Sendable, Equatable {
        public var checkpoint: Checkpoint
        public var positions: [UInt64]
        public var witnesses: [String]
    }

    /// Checks a bundle with nothing but the log's verifier key (and witnesses' keys, for a quorum): the archive's
    /// bytes, the manifest's signature and every file's digest, the checkpoint's signature, and each record's
    /// inclusion proof against the checkpoint's root.
    public static func verify(_ archive: [UInt8], log: NoteVerifier, witnesses: [NoteVerifier] = [], quorum: Int = 0) throws(Failure) -> (EvidenceBundle, Report) {
        let files: [Tar.File]
        do { files = try Tar.read(archive) } catch { throw .refused("\(error)") }
        guard let manifestFile = files.first, manifestFile.name == "MANIFEST.txt" else { throw .refused("the bundle does not start with MANIFEST.txt") }
        let manifest: SignedNote
        do {
            manifest = try SignedNote(parsing: String(decoding: manifestFile.bytes, as: UTF8.self))
            try log.verify(manifest)
        } catch {
            throw .refused("MANIFEST.txt: \(error)")
        }
        var lines = manifest.text.split(separator: "\n")[...]
        guard lines.popFirst() == Substring(manifestHeader) else { throw .refused("MANIFEST.txt does not begin \"\(manifestHeader)\"") }
        let rest = files.dropFirst()
        guard lines.count == rest.count else { throw .refused("MANIFEST.txt lists \(lines.count) files, the bundle holds \(rest.count) besides it") }
        for (line, file) in zip(lines, rest) {
            guard line == Substring(digest(file.bytes) + " " + file.name) else {
                throw .refused("\(file.name) is not the file MANIFEST.txt lists there: it was altered, renamed or reordered")
            }
        }
        func file(_ name: String) -> [UInt8]? { rest.first { $0.name == name }?.bytes }
        guard let checkpointBytes = file("checkpoint.txt"), let keyBytes = file("keys.txt"), let readme = file("README.txt") else {
            throw .refused("the bundle lacks checkpoint.txt, keys.txt or README.txt")
        }
        let note: SignedNote, checkpoint: Checkpoint
        do {
            note = try SignedNote(parsing: String(decoding: checkpointBytes, as: UTF8.self))
            try log.verify(note)
            checkpoint = try Checkpoint(text: note.text)
        } catch {
            throw .refused("checkpoint.txt: \(error)")
        }
        let cosigned = note.cosigners(among: witnesses, log: log)
        guard cosigned.count >= quorum else {
            throw .refused("checkpoint.txt is cosigned by \(cosigned.count) distinct witnesses of the keys given, \(quorum) are required (a key counts once, and never the log's own)")
        }
        var proofs: [InclusionProofDocument] = []
        for record in rest where record.name.hasPrefix("records/") {
            guard let proof = try? JSONDecoder().decode(InclusionProofDocument.self, from: Data(record.bytes)),
                  record.name == "records/\(proof.position).json" else { throw .refused("\(record.name) is not an inclusion proof of that position") }
            guard proof.size == checkpoint.size, proof.proves(root: checkpoint.root) else {
                throw .refused("\(record.name): the record is not in the checkpoint's tree of \(checkpoint.size) records (its proof fails)")
            }
            guard let bytes = proof.decoded?.record, bytes.count >= 9,
                  bytes[1..<9].reduce(UInt64(0), { $0 << 8 | UInt64($1) }) == proof.position else {
                throw .refused("\(record.name): the record's envelope names another position")
            }
            proofs.append(proof)
        }
        let bundle = EvidenceBundle(checkpoint: note, proofs: proofs,
                                    keys: String(decoding: keyBytes, as: UTF8.self).split(separator: "\n").map(String.init),
                                    answer: file("answer.json"), readme: String(decoding: readme, as: UTF8.self))
        return (bundle, Report(checkpoint: checkpoint, positions: proofs.map(\.position), witnesses: cosigned))
    }

    static func digest(_ bytes: [UInt8]) -> String { sha256Hex(bytes) }
}
