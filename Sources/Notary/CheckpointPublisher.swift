import Foundation
import Ledger
import Synchronization
public import Transparency

/// What `serve --signing-key` runs: signs a checkpoint when the tree has grown (at most once a second) or
/// when asked, gathers the witnesses' cosignatures, keeps every checkpoint in the archive and publishes the
/// latest.
public final class CheckpointPublisher: Sendable {
    public let notary: CheckpointNotary
    public let witnesses: WitnessClient?
    private let published = Mutex<SignedNote?>(nil)
    /// One signing at a time, so that two never race to the archive.
    private let signing = AsyncTurn()
    private let report: @Sendable (String) -> Void

    public init(notary: CheckpointNotary, witnesses: [WitnessEndpoint], report: @escaping @Sendable (String) -> Void = { _ in }) {
        self.notary = notary
        self.witnesses = witnesses.isEmpty ? nil : WitnessClient(endpoints: witnesses)
        self.report = report
    }

    /// The checkpoint published now, with its cosignatures; nil before the first is signed.
    public var latest: SignedNote? { published.withLock { $0 } }

    /// Signs the tree as it is now unless the published checkpoint already covers it; returns what is published.
    @discardableResult
    public func publish() async throws(NotaryError) -> SignedNote {
        do {
            return try await signing.run { () async throws -> SignedNote in
                let size = try notary.ledger.treeSize()
                if let latest, let checkpoint = try? Checkpoint(text: latest.text), checkpoint.size == size { return latest }
                var note = try notary.checkpoint(size: size)
                if let witnesses {
                    let ledger = notary.ledger
                    let (signatures, failures) = await witnesses.cosign(note, size: size) { old in
                        try ledger.consistencyProof(from: old, to: size).hashes
                    }
                    for failure in failures { report("witness \(failure)") }
                    let known = Set(note.signatures.map(\.line))
                    note.signatures += signatures.filter { !known.contains($0.line) }
                    if !signatures.isEmpty { try notary.archive.keep(note, size: size) }
                }
                published.withLock { $0 = note }
                return note
            }
        } catch let error as NotaryError {
            throw error
        } catch {
            throw .storage("\(error)")
        }
    }

    /// Publishes a new checkpoint whenever the tree has grown, checking once a second, until cancelled.
    public func run() async {
        while !Task.isCancelled {
            do {
                try await publish()
            } catch {
                report("signing a checkpoint failed: \(error)")
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}

/// Runs async bodies one after another.
actor AsyncTurn {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func run<R: Sendable>(_ body: @Sendable () async throws -> R) async throws -> R {
        while busy { await withCheckedContinuation { waiting.append($0) } }
        busy = true
        defer {
            busy = false
            if !waiting.isEmpty { waiting.removeFirst().resume() }
        }
        return try await body()
    }
}
