public import Foundation
public import Ledger
public import Transparency

/// Keeps a verified copy of a primary's ledger (docs/REPLICAS.md).
///
/// Each round fetches the primary's signed checkpoint and checks it: signed by the log's key, and consistent with
/// the checkpoint the copy was verified against before (an RFC 9162 consistency proof). Then it fetches the
/// records as stored, from the entry bundles, and copies them into the ledger a batch at a time; the ledger
/// writes a batch only if each record follows its head and the tree with them lies inside the signed one. When
/// the primary contradicts what it signed or what the copy holds, replication stops and keeps the evidence.
public struct Replicator: Sendable {
    /// What a round did.
    public struct Progress: Sendable, Equatable {
        /// The size of the checkpoint the round verified.
        public var primarySize: UInt64
        /// Records copied in the round.
        public var copied: UInt64
        public var head: Ledger.Head
    }

    public let ledger: Ledger
    public let source: any ReplicaSource
    public let log: NoteVerifier
    /// Records fetched before a copy is written; a copy ends at a command's last record, so it may hold more.
    public var batchRecords = 16_384
    /// Entry bundles fetched at once.
    public var concurrentFetches = 8
    /// Told the head after each batch, and the size being copied to.
    public var onCopy: @Sendable (Ledger.Head, UInt64) -> Void = { _, _ in }
    private let primary: String
    private let clock: @Sendable () -> Date

    /// A replicator into `ledger` from `source`, whose address is `primary` and whose log's key is `log`.
    ///
    /// A new ledger becomes a replica. One that is a replica must be of the same log, and hold no record beyond the
    /// checkpoint it is verified against; one that holds records and is no replica is refused.
    ///
    /// `keyRotated`: the primary's log now signs with `log`, another key than the one the copy is bound to (its key
    /// was rotated, or its origin renamed; docs/PROOFS.md). The copy is bound to `log` once a checkpoint signed by
    /// it is proven consistent with the one the copy was verified against: what the copy holds stays verified.
    ///
    /// `standby`: the copy follows its primary append by append (`Standby`), so it may hold records beyond its
    /// verified checkpoint; those up to it must still be that checkpoint's tree. A new standby gets its state at
    /// once, since it copies records before the first checkpoint is verified.
    public init(ledger: Ledger, source: any ReplicaSource, primary: String, log: NoteVerifier, keyRotated: Bool = false, standby: Bool = false,
                clock: @escaping @Sendable () -> Date = { Date() }) throws(ReplicationError) {
        self.ledger = ledger
        self.source = source
        self.primary = primary
        self.log = log
        self.clock = clock
        let records = try Self.ledger { () throws(LedgerError) in try ledger.treeSize() }
        guard var state = try ReplicaState.load(ledger: ledger.directory) else {
            guard records == 0 else {
                throw ReplicationError.notAReplica("\(ledger.directory) holds a ledger of \(records) records that is not a replica; a replica starts in a new directory")
            }
            // Its state is written with the first checkpoint that verifies, so that a wrong key binds nothing; a
            // standby's at once, since it copies before any checkpoint is verified.
            if standby { try ReplicaState(primary: primary, log: log.vkey).save(ledger: ledger.directory) }
            return
        }
        guard state.log == log.vkey || keyRotated else {
            throw ReplicationError.notAReplica("\(ledger.directory) is a replica of the log whose key is \(state.log), not \(log.vkey); if the primary rotated its key, say so (--key-rotated)")
        }
        let verified = state.verifiedCheckpoint
        guard records <= verified?.size ?? 0 || standby else {
            throw ReplicationError.notAReplica("\(ledger.directory) holds \(records) records, more than the \(verified?.size ?? 0) of the checkpoint it is verified against: something other than `fangxin replicate` wrote them")
        }
        if let verified, records >= verified.size, verified.size > 0 {
            let root = try Self.ledger { () throws(LedgerError) in try ledger.treeRoot(size: verified.size).root }
            guard root == verified.root else {
                throw ReplicationError.notAReplica("the tree of the first \(verified.size) records in \(ledger.directory) has root \(root.base64), not the \(verified.root.base64) it was verified against: the copy was altered")
            }
        }
        if state.primary != primary {
            // The same log at a new address: the key, not the address, is what the copy is of.
            state.primary = primary
            try state.save(ledger: ledger.directory)
        }
    }

    /// Verifies the primary's checkpoint, then copies every record up to it.
    public func round() async throws -> Progress {
        let (note, checkpoint) = try await fetchCheckpoint()
        let records = try Self.ledger { () throws(LedgerError) in try ledger.treeSize() }
        guard var state = try ReplicaState.load(ledger: ledger.directory) ?? (records == 0 ? ReplicaState(primary: primary, log: log.vkey) : nil) else {
            throw ReplicationError.notAReplica("\(ReplicaState.folder(ofLedger: ledger.directory))/state.json has gone, and the copy holds \(records) records")
        }
        state.seenSize = checkpoint.size
        state.seenAt = Int64(clock().timeIntervalSince1970)
        if let heldText = state.checkpoint, let held = state.verifiedCheckpoint {
            if checkpoint.size < held.size {
                try await checkOlder(note, checkpoint, held: (heldText, held), records: records)
                try state.save(ledger: ledger.directory)
                return Progress(primarySize: held.size, copied: 0, head: try Self.ledger { () throws(LedgerError) in try ledger.head() })
            }
            let proof = checkpoint.size == held.size ? [] : try await source.consistencyProof(from: held.size, to: checkpoint.size)
            guard ProofVerification.verifyConsistency(proof, from: held.size, to: checkpoint.size, fromRoot: held.root, toRoot: checkpoint.root) else {
                throw try contradiction(
                    checkpoint.size == held.size
                        ? "the primary signed two trees of \(held.size) records with different roots (\(held.root.base64) and \(checkpoint.root.base64))"
                        : "the primary's checkpoint of \(checkpoint.size) records is not consistent with its earlier one of \(held.size): the proof it served does not show the earlier tree inside the later",
                    held: heldText, received: note, proof: (held.size, checkpoint.size, proof))
            }
        }
        // Saved before anything is copied toward it: every record stored is then in its tree. The key that signed
        // it is the one the copy is bound to from now on (the same, unless rotated and proven consistent above).
        state.checkpoint = note.serialized
        state.log = log.vkey
        try state.save(ledger: ledger.directory)
        let copied = try await copy(from: records, to: checkpoint, note: note)
        if state.complete != state.checkpoint {
            state.complete = state.checkpoint
            try state.save(ledger: ledger.directory)
        }
        return Progress(primarySize: checkpoint.size, copied: copied, head: try Self.ledger { () throws(LedgerError) in try ledger.head() })
    }

    /// A standby's check of the primary's latest checkpoint: signed by the key, consistent with the one verified
    /// before, and, once the copy holds as many records, the tree of the copy's first records. A standby's records
    /// come by its stream (`Standby`), not from this check, so it copies nothing; the checkpoint becomes the one
    /// served (`complete`) once the copy holds its records.
    public func verifyStandby() async throws -> Progress {
        let (note, checkpoint) = try await fetchCheckpoint()
        let records = try Self.ledger { () throws(LedgerError) in try ledger.treeSize() }
        guard var state = try ReplicaState.load(ledger: ledger.directory) else {
            throw ReplicationError.notAReplica("\(ReplicaState.folder(ofLedger: ledger.directory))/state.json has gone, and the copy holds \(records) records")
        }
        state.seenSize = checkpoint.size
        state.seenAt = Int64(clock().timeIntervalSince1970)
        let head = try Self.ledger { () throws(LedgerError) in try ledger.head() }
        if let heldText = state.checkpoint, let held = state.verifiedCheckpoint {
            if checkpoint.size < held.size {
                try await checkOlder(note, checkpoint, held: (heldText, held), records: min(records, held.size))
                try state.save(ledger: ledger.directory)
                return Progress(primarySize: held.size, copied: 0, head: head)
            }
            let proof = checkpoint.size == held.size ? [] : try await source.consistencyProof(from: held.size, to: checkpoint.size)
            guard ProofVerification.verifyConsistency(proof, from: held.size, to: checkpoint.size, fromRoot: held.root, toRoot: checkpoint.root) else {
                throw try contradiction(
                    "the primary's checkpoint of \(checkpoint.size) records is not consistent with its earlier one of \(held.size)",
                    held: heldText, received: note, proof: (held.size, checkpoint.size, proof))
            }
        }
        if records >= checkpoint.size {
            let root = try Self.ledger { () throws(LedgerError) in try ledger.treeRoot(size: checkpoint.size).root }
            guard root == checkpoint.root else {
                throw try contradiction(
                    "the primary signed a tree of \(checkpoint.size) records with root \(checkpoint.root.base64), but the first \(checkpoint.size) records it streamed to this standby have root \(root.base64)",
                    held: state.checkpoint, received: note, proof: nil)
            }
            state.complete = note.serialized
        }
        state.checkpoint = note.serialized
        state.log = log.vkey
        try state.save(ledger: ledger.directory)
        return Progress(primarySize: checkpoint.size, copied: 0, head: head)
    }

    private func fetchCheckpoint() async throws -> (SignedNote, Checkpoint) {
        let text = try await source.checkpoint()
        do {
            let note = try SignedNote(parsing: text)
            try log.verify(note)
            let checkpoint = try Checkpoint(text: note.text)
            guard checkpoint.origin == log.name else {
                throw ReplicationError.malformed("the checkpoint's origin is \"\(checkpoint.origin)\", not the key's \"\(log.name)\"")
            }
            return (note, checkpoint)
        } catch let error as ReplicationError {
            throw error
        } catch {
            throw ReplicationError.malformed("the checkpoint: \(error)")
        }
    }

    /// An older checkpoint than the one held: a cache's, and harmless, if its tree is a prefix of the held one's.
    private func checkOlder(_ note: SignedNote, _ checkpoint: Checkpoint, held: (text: String, checkpoint: Checkpoint), records: UInt64) async throws {
        let proof: [TreeHash]
        if records == held.checkpoint.size {
            // The copy holds the held tree: the proof is its own.
            proof = try Self.ledger { () throws(LedgerError) in try ledger.consistencyProof(from: checkpoint.size, to: records).hashes }
        } else {
            proof = try await source.consistencyProof(from: checkpoint.size, to: held.checkpoint.size)
        }
        guard ProofVerification.verifyConsistency(proof, from: checkpoint.size, to: held.checkpoint.size, fromRoot: checkpoint.root, toRoot: held.checkpoint.root) else {
            throw try contradiction(
                "the primary signed a tree of \(checkpoint.size) records (root \(checkpoint.root.base64)) that is not a prefix of its tree of \(held.checkpoint.size) records the copy is verified against",
                held: held.text, received: note, proof: (checkpoint.size, held.checkpoint.size, proof))
        }
    }

    /// Copies the records after `records` up to the checkpoint's size, a batch at a time.
    private func copy(from records: UInt64, to checkpoint: Checkpoint, note: SignedNote) async throws -> UInt64 {
        let size = checkpoint.size
        var stored = records
        var fetched = records
        var waiting: [[UInt8]] = []
        let width = UInt64(TileAddress.fullWidth)
        func tiles(after fetched: UInt64) -> ClosedRange<UInt64> {
            fetched / width...min((fetched + UInt64(max(batchRecords, 1)) - 1) / width, (size - 1) / width)
        }
        // The next batch is fetched while this one is stored.
        var next: (tiles: ClosedRange<UInt64>, task: Task<Result<[[[UInt8]]], ReplicationError>, Never>)?
        while stored < size {
            if fetched < size {
                let batch = next ?? { let range = tiles(after: fetched); return (range, fetching(range, size: size)) }()
                next = nil
                let bundles = try await batch.task.value.get()
                for (tile, bundle) in zip(batch.tiles, bundles) {
                    let start = tile * width
                    waiting += bundle.dropFirst(Int(fetched > start ? fetched - start : 0))
                }
                fetched = min((batch.tiles.upperBound + 1) * width, size)
                if fetched < size {
                    let range = tiles(after: fetched)
                    next = (range, fetching(range, size: size))
                }
            }
            // A copy ends at a command's last record: the records after it wait for the next batch.
            let end = fetched == size ? waiting.count : Self.lastCommandEnd(waiting)
            guard end > 0 else { continue }
            let piece = Array(waiting[..<end])
            let through = stored + UInt64(end)
            let proof = through == size ? [] : try await source.consistencyProof(from: through, to: size)
            if let error = await store(piece, check: CopyCheck(size: size, root: checkpoint.root, proof: proof)) {
                guard case .copyRefused = error else { throw ReplicationError.ledger(error) }
                throw try contradiction(
                    "the records the primary served for positions \(stored + 1)…\(through) were refused (\(error)): they are not the history its checkpoint of \(size) records signed, or they break the ledger's rules",
                    held: nil, received: note, proof: (through, size, proof), records: piece)
            }
            waiting.removeFirst(end)
            stored = through
        }
        return stored - records
    }

    /// Copies `piece` into the ledger: nil once stored, else why not.
    private func store(_ piece: [[UInt8]], check: CopyCheck) async -> LedgerError? {
        do {
            onCopy(try await ledger.copy(piece, check: check), check.size)
            return nil
        } catch {
            return error
        }
    }

    private func fetching(_ tiles: ClosedRange<UInt64>, size: UInt64) -> Task<Result<[[[UInt8]]], ReplicationError>, Never> {
        Task { [self] in
            do { return .success(try await fetchBundles(tiles, size: size)) } catch { return .failure(ReplicationError(error)) }
        }
    }

    /// The entry bundles of level-0 tiles `tiles` in the tree of `size`, as records, a few fetched at once.
    ///
    /// After a failure no more are started, and those under way are let finish rather than cancelled: cancelling
    /// URLSession tasks from several threads at once can deadlock FoundationNetworking on Linux.
    private func fetchBundles(_ tiles: ClosedRange<UInt64>, size: UInt64) async throws -> [[[UInt8]]] {
        let source = self.source, limit = max(concurrentFetches, 1)
        // A task per bundle, awaited in tile order.
        var results: [[[UInt8]]] = []
        var failure: ReplicationError?
        var running: [Task<Result<[[UInt8]], ReplicationError>, Never>] = []
        var next = tiles.lowerBound
        while failure == nil, next <= tiles.upperBound || !running.isEmpty {
            while failure == nil, running.count < limit, next <= tiles.upperBound {
                let tile = next
                next += 1
                running.append(Task { await Self.fetchedBundle(tile, size: size, from: source) })
            }
            switch await running.removeFirst().value {
            case let .success(records): results.append(records)
            case let .failure(error): failure = error
            }
        }
        // Those under way finish rather than being cancelled.
        for task in running { _ = await task.value }
        if let failure { throw failure }
        return results
    }

    private static func fetchedBundle(_ tile: UInt64, size: UInt64, from source: any ReplicaSource) async -> Result<[[UInt8]], ReplicationError> {
        do { return .success(try await bundle(tile, size: size, from: source)) } catch { return .failure(ReplicationError(error)) }
    }

    /// One tile's records; record by record when the primary cannot serve the bundle whole.
    private static func bundle(_ tile: UInt64, size: UInt64, from source: any ReplicaSource) async throws -> [[UInt8]] {
        let start = tile * UInt64(TileAddress.fullWidth)
        let width = Int(min(UInt64(TileAddress.fullWidth), size - start))
        do {
            return try EntryBundle.records(try await source.entryBundle(index: tile, width: width), width: width, index: tile)
        } catch let error as ReplicationError {
            guard case .notServed = error else { throw error }
            var records: [[UInt8]] = []
            for position in (start + 1)...(start + UInt64(width)) { records.append(try await source.record(at: position, size: size)) }
            return records
        }
    }

    /// How many of `records` end at a command's last record: up to the last one whose command id the next
    /// record does not share (or that has none). 0 when there is none such before the last record.
    static func lastCommandEnd(_ records: [[UInt8]]) -> Int {
        let ids = records.map { record in record.withUnsafeBytes { (try? RecordView(parsing: $0))?.commandID } }
        var end = 0
        for index in ids.indices.dropLast() where ids[index] == nil || ids[index] != ids[index + 1] { end = index + 1 }
        return end
    }

    private func contradiction(_ reason: String, held: String?, received: SignedNote, proof: (from: UInt64, to: UInt64, hashes: [TreeHash])?,
                               records: [[UInt8]]? = nil) throws(ReplicationError) -> ReplicationError {
        var files: [(name: String, bytes: [UInt8])] = []
        if let held { files.append(("held-checkpoint.txt", Array(held.utf8))) }
        files.append(("received-checkpoint.txt", Array(received.serialized.utf8)))
        if let proof {
            let text = "from \(proof.from)\nto \(proof.to)\n" + proof.hashes.map { $0.base64 + "\n" }.joined()
            files.append(("proof.txt", Array(text.utf8)))
        }
        if let records { files.append(("records.bin", ReplicaEvidence.records(records))) }
        let folder = try ReplicaEvidence.keep(ledger: ledger.directory, reason: reason, files: files, now: clock())
        return .contradiction(reason: reason, evidence: folder)
    }

    private static func ledger<R>(_ body: () throws(LedgerError) -> R) throws(ReplicationError) -> R {
        do { return try body() } catch { throw ReplicationError.ledger(error) }
    }
}
