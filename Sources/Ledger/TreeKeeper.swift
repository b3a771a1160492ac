import LMDB
import Transparency

/// The writer's part that keeps the Merkle tree: it hashes each record as it is written and stores the tiles
/// that change, in the same transaction as the records, with the `tree-size` marker.
struct TreeKeeper {
    private(set) var edge = TreeEdge()

    /// Reads the edge of the stored tree.
    mutating func load(_ transaction: borrowing ReadTransaction, _ store: LedgerStore) throws {
        let size = try LedgerStore.treeSize(transaction, store)
        var partials: [[TreeHash]] = []
        for (address, width) in TreeEdge.partialTileAddresses(size: size) {
            while partials.count < address.level { partials.append([]) }
            let stored = try LedgerStore.tile(address, transaction, store) ?? []
            guard stored.count >= width else {
                throw LedgerError.damaged(position: 0, problem: "\(address) holds \(stored.count) hashes, a tree of \(size) records needs \(width)")
            }
            partials.append(Array(stored.prefix(width)))
        }
        guard let edge = TreeEdge(size: size, partialTiles: partials) else {
            throw LedgerError.damaged(position: 0, problem: "the tiles do not fit a tree of \(size) records")
        }
        self.edge = edge
    }

    /// Adds the record stored as `bytes` as the next leaf, storing each tile it fills.
    mutating func add(record bytes: UnsafeRawBufferPointer, in transaction: borrowing WriteTransaction, _ store: LedgerStore) throws {
        try add(leaf: TreeHash.leaf(bytes), in: transaction, store)
    }

    /// Adds a leaf hashed already (the writer hashes a record while its bytes are at hand).
    mutating func add(leaf: TreeHash, in transaction: borrowing WriteTransaction, _ store: LedgerStore) throws {
        try edge.append(leaf: leaf) { address, hashes in
            try Self.put(hashes, at: address, in: transaction, store)
        }
    }

    /// Stores the partial tiles that changed and the size they cover.
    mutating func store(in transaction: borrowing WriteTransaction, _ store: LedgerStore) throws {
        for (address, hashes) in edge.changedPartialTiles { try Self.put(hashes, at: address, in: transaction, store) }
        edge.markStored()
        try LedgerStore.treeSizeKey.withUnsafeBytes { key in
            try withUnsafeBytes(of: edge.size.bigEndian) { value in try transaction.put(value, forKey: key, in: store.meta) }
        }
    }

    /// Builds the tree over records the tiles do not cover yet (a ledger written before the tree existed).
    mutating func catchUp(to head: UInt64, in transaction: borrowing WriteTransaction, _ store: LedgerStore) throws {
        guard edge.size < head else { return }
        var records: [[UInt8]] = []
        var key = Key.position(edge.size + 1)
        // Copies out of the snapshot first: a put may move the pages a read points into.
        try transaction.reading { transaction in
            try withUnsafeBytes(of: &key) { start in
                try transaction.forEach(in: store.records, from: start) { _, value in
                    records.append(Array(value))
                    return records.count < 100_000
                }
            }
        }
        for record in records { try record.withUnsafeBytes { try add(record: $0, in: transaction, store) } }
        try self.store(in: transaction, store)
        if edge.size < head { try catchUp(to: head, in: transaction, store) }
    }

    private static func put(_ hashes: [TreeHash], at address: TileAddress, in transaction: borrowing WriteTransaction, _ store: LedgerStore) throws {
        try Key.tile(address).withUnsafeBytes { key in
            try TreeHash.concatenated(hashes).withUnsafeBytes { value in try transaction.put(value, forKey: key, in: store.tiles) }
        }
    }
}
