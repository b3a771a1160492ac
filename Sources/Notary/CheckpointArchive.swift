import Foundation
import LMDB
public import Transparency

/// Every checkpoint this log signed, in `DIR/checkpoints` (an LMDB environment of its own, beside the log):
/// database `signed`, key = tree size (u64, big-endian), value = the signed note as text, with the cosignatures
/// collected for it. A note of a size later signed afresh under a rotated key moves to database `superseded`,
/// key = tree size (u64, big-endian) ‖ the key ID of its first signature (u32, big-endian).
///
/// It is what keeps the log from signing a checkpoint inconsistent with one it signed before, and what a court
/// or an auditor can be handed later. It is not part of the log: losing it loses no record.
public final class CheckpointArchive: Sendable {
    private let environment: Environment
    private let notes: Database
    private let replaced: Database

    public init(directory: String) throws {
        let path = directory + "/checkpoints"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        var options = EnvironmentOptions()
        options.initialMapSizeBytes = 16 << 20
        environment = try Environment(directory: path, options: options)
        notes = try environment.openDatabase(named: "signed")
        replaced = try environment.openDatabase(named: "superseded")
    }

    /// The checkpoint signed at the largest size, if any.
    public func latest() throws -> SignedNote? {
        try environment.read { transaction in
            try transaction.last(in: notes) { _, value in try SignedNote(parsing: String(decoding: value, as: UTF8.self)) }
        }
    }

    /// The checkpoint signed for `size`, if any.
    public func note(size: UInt64) throws -> SignedNote? {
        try environment.read { transaction in
            try withUnsafeBytes(of: size.bigEndian) { key in
                try transaction.value(forKey: key, in: notes) { try SignedNote(parsing: String(decoding: $0, as: UTF8.self)) }
            }
        }
    }

    /// Keeps `note` as the checkpoint of `size` (replacing an earlier copy that had fewer cosignatures).
    public func keep(_ note: SignedNote, size: UInt64) throws {
        try environment.write { transaction in
            try withUnsafeBytes(of: size.bigEndian) { key in
                try Array(note.serialized.utf8).withUnsafeBytes { value in try transaction.put(value, forKey: key, in: notes) }
            }
        }
    }

    /// Keeps `note`, signed for `size` under a key since rotated, beside the one that replaces it.
    public func supersede(_ note: SignedNote, size: UInt64) throws {
        let key = withUnsafeBytes(of: size.bigEndian, Array.init) + withUnsafeBytes(of: (note.signatures.first?.keyID ?? 0).bigEndian, Array.init)
        try environment.write { transaction in
            try transaction.put(Array(note.serialized.utf8), forKey: key, in: replaced)
        }
    }

    /// The checkpoints signed under keys since rotated, smallest size first.
    public func superseded() throws -> [SignedNote] {
        try environment.read { transaction in
            var notes: [SignedNote] = []
            try transaction.forEach(in: replaced) { _, value in
                notes.append(try SignedNote(parsing: String(decoding: value, as: UTF8.self)))
                return true
            }
            return notes
        }
    }

    /// Every checkpoint kept, smallest size first.
    public func all() throws -> [SignedNote] {
        try environment.read { transaction in
            var notes: [SignedNote] = []
            try transaction.forEach(in: self.notes) { _, value in
                notes.append(try SignedNote(parsing: String(decoding: value, as: UTF8.self)))
                return true
            }
            return notes
        }
    }
}
