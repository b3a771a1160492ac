import Foundation

/// What a replica keeps when the primary contradicts itself or the copy: a folder under `DIR/replica/evidence/`,
/// named by the time (UTC), holding `REASON.txt` and the signed checkpoints, proofs and records involved, as
/// served (docs/REPLICAS.md, "Evidence").
enum ReplicaEvidence {
    /// Writes `files` (name, content) and a `REASON.txt`, and returns the folder.
    static func keep(ledger directory: String, reason: String, files: [(name: String, bytes: [UInt8])], now: Date = Date()) throws(ReplicationError) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withYear, .withMonth, .withDay, .withTime, .withTimeZone]
        let stamp = formatter.string(from: now).replacingOccurrences(of: ":", with: "")
        let parent = ReplicaState.folder(ofLedger: directory) + "/evidence"
        var folder = parent + "/" + stamp
        var suffix = 1
        while FileManager.default.fileExists(atPath: folder) {
            suffix += 1
            folder = parent + "/" + stamp + "-\(suffix)"
        }
        try DurableFile.makeFolder(folder)
        var listing = reason + "\n\n"
        for file in files { listing += "\(file.name): \(describe(file.name))\n" }
        try DurableFile.replace(folder + "/REASON.txt", with: Array(listing.utf8))
        for file in files { try DurableFile.replace(folder + "/" + file.name, with: file.bytes) }
        return folder
    }

    /// Records as one file: each behind its length as a big-endian u32.
    static func records(_ records: some Sequence<[UInt8]>) -> [UInt8] {
        var bytes: [UInt8] = []
        for record in records {
            withUnsafeBytes(of: UInt32(record.count).bigEndian) { bytes += $0 }
            bytes += record
        }
        return bytes
    }

    private static func describe(_ name: String) -> String {
        switch name {
        case "held-checkpoint.txt": return "the checkpoint the copy was verified against, signed by the primary"
        case "received-checkpoint.txt": return "the checkpoint the primary served, signed by it"
        case "proof.txt": return "the consistency proof involved: its sizes, then one base64 hash per line"
        case "records.bin": return "the records the primary served, each behind its length as a big-endian u32"
        default: return "as served"
        }
    }
}
