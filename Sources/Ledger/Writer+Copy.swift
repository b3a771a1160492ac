import LMDB
import Transparency

/// The writer's copy: records another ledger stored, appended byte for byte (a replica's appends).
///
/// Each record must be what this ledger's own writer could have written next: the next position, chained to the
/// head, recorded no earlier, the next version of its stream, within the envelope's rules, and no command twice.
/// Once they are written the tree of the new size must lie inside the source's signed tree (`CopyCheck`). Anything
/// else refuses the whole copy, and the transaction is rolled back: nothing of it is kept.
extension Writer {
    func applyCopy(_ copy: CopyJob, in transaction: borrowing WriteTransaction) throws -> Ledger.Head {
        guard keepsTree else {
            throw LedgerError.copyRefused(position: 0, reason: "this ledger is open without its tree, which a copy is checked by")
        }
        try recoverIfStale(transaction)
        if indexes.pending.eventCount >= pendingEventsMax.synced { try indexes.write(through: head.position, in: transaction, store) }
        let first = head.position + 1
        // The command whose records are being copied: its entry is noted once its last record is seen.
        var command: (id: CommandKey, first: UInt64, count: Int)?
        for record in copy.records {
            let position = head.position + 1
            func refuse(_ reason: String) -> LedgerError { .copyRefused(position: position, reason: reason) }
            try record.withUnsafeBytes { bytes in
                let view: RecordView
                do { view = try RecordView(parsing: bytes) } catch { throw refuse("malformed envelope: \(error)") }
                guard view.position == position else { throw refuse("the record says position \(view.position)") }
                let hash = ChainHash.next(after: head.hash, body: view.hashedBytes)
                guard hash == view.chainHash else {
                    throw refuse("its chain hash is \(view.chainHash.hex), the chain rule gives \(hash.hex) after this ledger's head")
                }
                guard view.recordedAt.rawValue >= head.recordedAt else {
                    throw refuse("recorded at \(view.recordedAt.rawValue) µs, before the record before it (\(head.recordedAt) µs)")
                }
                if let fault = Verifier.fieldFault(view) { throw refuse(fault) }
                let key = StreamKey(Array(view.streamBytes))
                var stream = try indexes.head(of: key, in: transaction, store) ?? indexes.newStream()
                guard view.streamVersion == stream.version + 1 else {
                    throw refuse("stream \"\(view.stream)\" version \(view.streamVersion) follows version \(stream.version)")
                }
                let id = CommandKey(Array(view.commandIDBytes))
                if let current = command, current.id == id {
                    command?.count += 1
                } else {
                    if let current = command { indexes.appended(command: current.id, at: current.first, count: current.count) }
                    command = nil
                    if !id.isEmpty {
                        // The index batch may end with the commit: a command must not straddle two.
                        if position == first, try headCommandID(transaction) == id {
                            throw refuse("it continues the command \"\(view.commandID ?? "")\" of the record before it: a copy ends at a command's last record")
                        }
                        if let prior = try indexes.recordedCommand(id, in: transaction, store) {
                            throw refuse("command \"\(view.commandID ?? "")\" was recorded already, at \(prior.result.positions.lowerBound); a command is recorded once")
                        }
                        command = (id, position, 1)
                    }
                }
                var recordKey = Key.position(position)
                try withUnsafeBytes(of: &recordKey) { recordKey in
                    try transaction.put(bytes, forKey: recordKey, in: store.records, options: .append)
                }
                tree.stage(record: bytes)
                stream.version = view.streamVersion
                indexes.appended(position, to: key, now: stream)
                head = Head(position: position, hash: hash, recordedAt: view.recordedAt.rawValue)
            }
        }
        if let current = command { indexes.appended(command: current.id, at: current.first, count: current.count) }
        try tree.store(in: transaction, store)
        let check = copy.check
        if check.checksTree {
            let root = try transaction.reading { try Ledger.treeRoot(size: head.position, $0, store) }
            guard ProofVerification.verifyConsistency(check.proof, from: head.position, to: check.size, fromRoot: root, toRoot: check.root) else {
                throw LedgerError.copyRefused(position: 0, reason: head.position == check.size
                    ? "the tree of these \(head.position) records has root \(root.base64), not the \(check.root.base64) they were to have"
                    : "the tree of these \(head.position) records (root \(root.base64)) is not shown by the proof to be a prefix of the tree of \(check.size) records with root \(check.root.base64)")
            }
        }
        if indexes.pending.eventCount >= pendingEventsMax.synced { try indexes.write(through: head.position, in: transaction, store) }
        return Ledger.Head(position: head.position, hash: head.hash)
    }

    /// The command id of the head record (empty: none, or no record).
    private func headCommandID(_ transaction: borrowing WriteTransaction) throws -> CommandKey {
        guard head.position > 0 else { return CommandKey([]) }
        var key = Key.position(head.position)
        return try transaction.reading { transaction in
            try withUnsafeBytes(of: &key) { key in
                try transaction.value(forKey: key, in: store.records) { CommandKey(Array(try RecordView(parsing: $0).commandIDBytes)) }
            }
        } ?? CommandKey([])
    }
}
