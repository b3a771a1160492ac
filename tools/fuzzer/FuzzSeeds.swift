import Commands
import Domain
import Foundation
import Ledger
import Notary
@testable import Replication
import Transparency
import Vault

/// Each target's seeds, from the real files the tests make: the demo's scenario lines recorded into a ledger, and
/// that ledger's entry bundles, records, payloads, proofs and signed checkpoints, cosigned; the fixtures' policy
/// and calendar; a tokens file.
enum FuzzSeeds {
    static func write(into folder: String) async throws {
        let context = FuzzContext.shared
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures")
        var seeds: [FuzzTarget: [[UInt8]]] = [:]
        func add(_ target: FuzzTarget, _ bytes: [UInt8]) { seeds[target, default: []].append(bytes) }

        // The scenarios, recorded as `fangxin import` records them.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("fangxin-fuzz-seeds-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let ledger = try Ledger(directory: scratch)
        defer { ledger.close() }
        let (deadlines, tiers) = try PolicyDocument.read(try Data(contentsOf: fixtures.appendingPathComponent("policy/default.json")))
        let recorder = try await CommandRecorder.open(ledger: ledger, calendar: context.calendar, deadlines: deadlines, tiers: tiers,
                                                      actor: Actor(id: "fuzz-seeds", role: "system"))
        var batches = BatchRecorder(recorder: recorder)
        var lines: [[UInt8]] = []
        for file in ["scenarios/merchants-reports-credit-2023-2026.jsonl", "scenarios/complaints-2023-2026.jsonl"] {
            let text = try String(contentsOf: fixtures.appendingPathComponent(file), encoding: .utf8)
            lines += text.split(separator: "\n").map { Array($0.utf8) }
        }
        var parsed: [ParsedCommand] = []
        for line in lines {
            if let command = try? ParsedCommand(parsing: line, vault: recorder.vault) { parsed.append(command) }
        }
        _ = await batches.record(parsed)
        for line in lines.enumerated().filter({ $0.offset % 7 == 0 }).map(\.element) { add(.importLine, line) }

        // A command's body is its line's member under the command's name; the first byte picks the command.
        for line in lines.prefix(240) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { continue }
            for (index, (_, command)) in context.commands.enumerated() {
                guard let body = object[command], let bytes = try? JSONSerialization.data(withJSONObject: body) else { continue }
                add(.httpBody, [UInt8(index)] + Array(bytes))
            }
        }

        let size = try ledger.treeSize()
        for index in 0..<min(size / 256, 3) {
            if let bundle = try ledger.entryBundle(index: index, width: 256) { add(.entryBundle, [255] + bundle) }
        }
        if size % 256 > 0, let partial = try ledger.entryBundle(index: size / 256, width: Int(size % 256)) { add(.entryBundle, [UInt8(size % 256 - 1)] + partial) }
        let frameRecords = try (1...min(size, 40)).compactMap { try ledger.recordBytes(at: $0) }
        let keys = [MirroredKey(slot: 7, subject: "person-1", key: Array(repeating: 0x5A, count: 32)), MirroredKey(slot: 8, subject: "person-2", key: nil),
                    MirroredKey(slot: 9, subject: "", key: nil)]
        add(.standbyFrame, StandbyFrame(first: 1, records: frameRecords, firstSlot: 7, keys: keys, primarySize: size).encoded)
        add(.standbyFrame, StandbyFrame(first: size + 1, records: [], firstSlot: 0, keys: [], primarySize: size).encoded)
        add(.backupFile, [0] + BackupFiles.vault(keys, erased: ["person-3"]))
        let part = BackupManifest.Part(file: "vault-1.bin", count: 3, bytes: 120, sha256: String(repeating: "0", count: 64))
        let manifest = BackupManifest(format: BackupManifest.format, records: size, head: String(repeating: "a", count: 64), root: TreeHash.emptyTree.base64,
                                      takenAt: 1_795_000_000, segments: [.init(file: "records/1.bin", first: 1, last: size, bytes: 1_000, sha256: part.sha256)],
                                      vault: part, checkpoints: part)
        add(.backupFile, [2] + Array(try JSONEncoder().encode(manifest)))
        var typesSeen: Set<String> = []
        for position in stride(from: UInt64(1), through: size, by: 1) {
            guard let record = try ledger.recordBytes(at: position) else { continue }
            let (type, payload) = record.withUnsafeBytes { raw in
                (try? RecordView(parsing: raw)).map { ($0.type, Array($0.payload)) } ?? ("", [])
            }
            guard typesSeen.insert(type).inserted || position % 97 == 0 else { continue }
            add(.record, record)
            add(.payload, Array(type.utf8) + [0] + payload)
        }
        for position in [1, size / 2, size] where position >= 1 {
            let proof = try ledger.inclusionProof(position: position)
            let document = InclusionProofDocument(position: proof.position, size: proof.size, record: proof.record, hashes: proof.hashes)
            add(.proofDocument, Array(try JSONEncoder().encode(document)))
        }
        let consistency = try ledger.consistencyProof(from: size / 3, to: size)
        add(.proofDocument, Array(try JSONEncoder().encode(ConsistencyProofDocument(from: consistency.from, to: consistency.to, hashes: consistency.hashes))))

        // Checkpoints of that ledger, signed by the context's log key and cosigned by its witness.
        let notary = CheckpointNotary(ledger: ledger, signer: context.log, archive: try CheckpointArchive(directory: scratch))
        var note = try notary.checkpoint(size: size / 2)
        let cosignature = try context.witness.sign(note.text, time: 1_795_000_000)
        add(.cosignature, Array(cosignature.line.dropLast().utf8))
        note.signatures.append(cosignature)
        add(.note, Array(note.serialized.utf8))
        let extended = Checkpoint(origin: context.log.name, size: 3, root: try ledger.treeRoot(size: 3).root, extensions: ["x-fuzz 1"]).text
        add(.note, Array(SignedNote(text: extended, signatures: [try context.log.sign(extended)]).serialized.utf8))
        let later = try notary.checkpoint()
        add(.backupFile, [1] + BackupFiles.checkpoints(signed: [(size / 2, note.serialized), (size, later.serialized)], superseded: [(3, extended)]))
        add(.witnessRequest, Array(AddCheckpointRequest(oldSize: 0, proof: [], note: later).body.utf8))
        add(.witnessRequest, Array(AddCheckpointRequest(oldSize: size / 2, proof: try ledger.consistencyProof(from: size / 2, to: size).hashes, note: later).body.utf8))
        let proofs = try [1, size].map { position in
            let proof = try ledger.inclusionProof(position: position, size: size / 2 < position ? size : size / 2)
            return InclusionProofDocument(position: proof.position, size: proof.size, record: proof.record, hashes: proof.hashes)
        }
        let bundle = EvidenceBundle(checkpoint: later, proofs: proofs.filter { $0.size == size }, keys: [context.log.verifier.vkey],
                                    answer: Array(#"{"subject":"fuzz"}"#.utf8), readme: "README\n")
        add(.evidenceBundle, try bundle.archive(signedBy: context.log))

        add(.key, Array(context.log.verifier.vkey.utf8))
        add(.key, Array(context.witness.verifier.vkey.utf8))
        add(.key, Array(context.log.privateKeyText.utf8))
        add(.tokens, Array(#"{"tokens": [{"sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "actor": "jiashan-amr-01", "role": "regulator", "region": "330421"}, {"sha256": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae", "actor": "bank-1", "role": "bank", "bank": "岱山农商银行"}, {"sha256": "fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9", "actor": "owner", "role": "merchant", "merchant": "91330421MA28JJY015"}, {"sha256": "baa5a0964d3320fbc0c6a922140453c8513ea24ab8fd0577034804a967248096", "actor": "ops", "role": "admin"}]}"#.utf8))
        add(.policy, Array(try Data(contentsOf: fixtures.appendingPathComponent("policy/default.json"))))
        for file in try FileManager.default.contentsOfDirectory(atPath: fixtures.appendingPathComponent("calendar").path) where file.hasSuffix(".json") {
            add(.calendar, Array(try Data(contentsOf: fixtures.appendingPathComponent("calendar/" + file))))
        }
        add(.query, Array("2025-01-01\u{0}2025-06-01\u{0}330421\u{0}warning\u{0}91330421MA28JJY015\u{0}10\u{0}42\u{0}2025-12-31\u{0}month\u{0}goods\u{0}12315-online".utf8))
        add(.query, Array(#"{"subject": "consumer-1", "reason": "本人申请删除"}"#.utf8))

        for target in FuzzTarget.allCases {
            let directory = folder + "/" + target.rawValue
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for (index, seed) in (seeds[target] ?? []).enumerated() {
                try Data(seed).write(to: URL(fileURLWithPath: directory + "/seed-\(index)"))
            }
            print("\(target.rawValue): \(seeds[target]?.count ?? 0) seeds")
        }
    }
}
