import Commands
import Domain
import Foundation
import JSONText
import Ledger
import Notary
import Queries
@testable import Replication
import Service
import Transparency
import Vault

/// One parser of input from outside, run on arbitrary bytes. A target refuses what it cannot take by throwing,
/// which is fine; a trap, a hang past libFuzzer's -timeout or an allocation past -malloc_limit_mb is a finding.
enum FuzzTarget: String, CaseIterable, Sendable {
    /// A signed note and the checkpoint it carries, checked against a log key (checkpoints, `verify`, replicas).
    case note
    /// Verifier keys and private key files (`--key`, `--witness`, `--log`).
    case key
    /// A tlog-witness add-checkpoint body, handled by a witness (`witness serve`, `witness add-checkpoint`).
    case witnessRequest = "witness-request"
    /// A signature line, as a cosignature a witness answers.
    case cosignature
    /// An evidence bundle, as `evidence verify` judges it.
    case evidenceBundle = "evidence-bundle"
    /// An entry bundle a replica fetches, its records read as the ledger's copy reads them.
    case entryBundle = "entry-bundle"
    /// A frame of a primary's standby stream, its records read as the ledger's copy reads them.
    case standbyFrame = "standby-frame"
    /// A backup's vault file, checkpoints file or manifest (the first byte picks which), as a restore reads it.
    case backupFile = "backup-file"
    /// A stored record's envelope, and its payload decoded as the read models decode it.
    case record
    /// An event payload (`type` NUL payload), decoded by every aggregate.
    case payload
    /// Inclusion and consistency proof documents a replica fetches.
    case proofDocument = "proof-document"
    /// A tokens file (`serve --tokens`).
    case tokens
    /// A policy file (`--policy`).
    case policy
    /// A working calendar file (`--calendar`).
    case calendar
    /// An import line (`fangxin import`, the demo's scenario files), parsed and decided by the domain.
    case importLine = "import-line"
    /// A command's HTTP body, for the command the first byte picks.
    case httpBody = "http-body"
    /// Query parameters (NUL-separated values) and the JSON bodies of erasures and reveals.
    case query

    /// The target libFuzzer runs: `FANGXIN_FUZZ_TARGET`.
    static let current: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["FANGXIN_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("FANGXIN_FUZZ_TARGET=\(name): give one of \(allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
            exit(64)
        }
        return target
    }()

    func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let context = FuzzContext.shared
        switch self {
        case .note:
            guard let note = try? SignedNote(parsing: text) else { return }
            _ = try? Checkpoint(text: note.text)
            _ = try? context.log.verifier.verify(note)
            _ = note.cosigners(among: [context.witness.verifier, context.log.verifier], log: context.log.verifier)
            _ = try? CheckpointAudit.check(note, log: context.log.verifier, witnesses: [context.witness.verifier], quorum: 1, against: context.ledger)
        case .key:
            _ = try? NoteVerifier(vkey: text)
            _ = try? NoteSigner(privateKey: text)
        case .witnessRequest:
            _ = try? AddCheckpointRequest(body: text)
            _ = context.witnessState.addCheckpoint(text)
        case .cosignature:
            guard let signature = try? SignedNote.Signature(line: Substring(text)) else { return }
            _ = Cosignature.time(of: signature)
            _ = context.witness.verifier.verifies(signature, over: "fangxin.example/fuzz\n1\n\(TreeHash.emptyTree.base64)\n")
        case .evidenceBundle:
            _ = try? EvidenceBundle.verify(bytes, log: context.log.verifier, witnesses: [context.witness.verifier], quorum: 0)
        case .entryBundle:
            guard let width = bytes.first else { return }
            guard let records = try? EntryBundle.records(Array(bytes.dropFirst()), width: Int(width) + 1, index: 0) else { return }
            for record in records { Self.read(record: record) }
        case .standbyFrame:
            guard let frame = try? StandbyFrame(parsing: bytes) else { return }
            precondition(frame.encoded == bytes, "a standby frame read is not written back as read")
            for record in frame.records { Self.read(record: record) }
        case .backupFile:
            guard let kind = bytes.first else { return }
            let body = Array(bytes.dropFirst())
            switch kind % 3 {
            case 0:
                guard let vault = try? BackupFiles.readVault(body) else { return }
                precondition(BackupFiles.vault(vault.keys, erased: vault.erased) == body, "a vault file read is not written back as read")
            case 1: _ = try? BackupFiles.readCheckpoints(body)
            default: _ = try? BackupManifest.read(Data(body), path: "manifest.json")
            }
        case .record:
            Self.read(record: bytes)
        case .payload:
            guard let separator = bytes.firstIndex(of: 0) else { return }
            Self.decode(type: String(decoding: bytes[..<separator], as: UTF8.self), payload: Array(bytes[(separator + 1)...]))
        case .proofDocument:
            if let proof = try? JSONDecoder().decode(InclusionProofDocument.self, from: Data(bytes)) {
                _ = proof.decoded
                _ = proof.proves(root: .emptyTree)
            }
            if let proof = try? JSONDecoder().decode(ConsistencyProofDocument.self, from: Data(bytes)) {
                let hashes = proof.hashes.compactMap { TreeHash(base64: $0) }
                _ = ProofVerification.verifyConsistency(hashes, from: proof.from, to: proof.to, fromRoot: .emptyTree, toRoot: .emptyTree)
            }
        case .tokens:
            if let tokens = try? AccessTokens(parsing: Data(bytes), path: "fuzz") { _ = tokens.caller(presenting: text) }
        case .policy:
            _ = try? PolicyDocument.read(Data(bytes))
        case .calendar:
            guard let calendar = try? JSONDecoder().decode(WorkingCalendar.self, from: Data(bytes)) else { return }
            _ = try? calendar.merging(context.calendar)
            _ = try? context.calendar.merging(calendar)
        case .importLine:
            guard let command = try? ParsedCommand(parsing: bytes, vault: context.vault) else { return }
            context.decide(command)
        case .httpBody:
            guard let choice = bytes.first else { return }
            let (target, command) = context.commands[Int(choice) % context.commands.count]
            let subject = target == .merchant ? "91330421MA28JJY015" : "fuzz-1"
            guard let parsed = try? ParsedCommand(id: nil, actor: Actor(id: "fuzzer", role: "regulator"), target: target, subject: subject,
                                                  command: command, body: Data(bytes.dropFirst()), vault: context.vault) else { return }
            context.decide(parsed)
        case .query:
            Self.query(bytes, today: context.today)
        }
    }

    /// Reads every field of a stored record, and decodes its payload as the read models would.
    static func read(record bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            guard let view = try? RecordView(parsing: raw) else { return }
            _ = (view.position, view.recordedAt, view.stream, view.type, view.schemaVersion, view.actor, view.commandID, view.causationID, view.streamVersion)
            decode(type: view.type, payload: Array(view.payload))
        }
    }

    /// Decodes `payload` as every aggregate's event of `type`, at each schema version.
    static func decode(type: String, payload: [UInt8]) {
        for version: UInt16 in [1, 2, 3] {
            _ = try? ComplaintEvent.decode(type: type, schemaVersion: version, payload)
            _ = try? MerchantEvent.decode(type: type, schemaVersion: version, payload)
            _ = try? CreditEvent.decode(type: type, schemaVersion: version, payload)
            _ = try? ReportEvent.decode(type: type, schemaVersion: version, payload)
            _ = try? PolicyEvent.decode(type: type, schemaVersion: version, payload)
            _ = try? PrivacyEvent.decode(type: type, schemaVersion: version, payload)
            _ = try? ClockEvent.decode(type: type, schemaVersion: version, payload)
        }
    }

    /// Query parameters as the service and the CLI take them, and the JSON reader of erasure and reveal bodies.
    static func query(_ bytes: [UInt8], today: CivilDate) {
        _ = try? JSONReader.value(bytes)
        let values = bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        func value(_ index: Int) -> String? { index < values.count ? values[index] : nil }
        _ = try? QueryParameter.asOf("asOf", value(0))
        _ = try? QueryParameter.date("on", value(1))
        _ = try? QueryParameter.region("region", value(2))
        _ = try? QueryParameter.tier("tier", value(3) ?? "")
        _ = try? QueryParameter.merchant("merchant", value(4) ?? "")
        _ = try? QueryParameter.merchantCursor("after", value(4))
        _ = try? QueryParameter.number("limit", value(5), in: 1...1_000)
        _ = try? QueryParameter.position("position", value(6))
        _ = try? QueryParameter.statistics(from: value(1), to: value(7), by: value(8), region: value(2), category: value(9), channel: value(10),
                                           merchant: value(4), top: value(5))
        _ = try? SupervisionParameters(on: value(1), dueWithin: value(5), region: value(2), today: today)
    }
}
